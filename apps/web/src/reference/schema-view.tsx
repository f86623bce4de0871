import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type JsonSchema, type OpenApiDocument, refName, resolvePointer } from './openapi.ts';

type Props = { doc: OpenApiDocument; schema: JsonSchema; seen?: readonly string[]; depth?: number };

// Deep or self-referencing schemas stop here rather than rendering forever.
const MAX_DEPTH = 8;

const literal = (value: unknown): string => JSON.stringify(value);

function typeNames(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

/** Constraints worth showing next to a type: format, pattern, bounds, default. */
function Constraints({ schema }: { schema: JsonSchema }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (schema.format) parts.push(t('reference.schema.format', { value: schema.format }));
  if (schema.minLength !== undefined) parts.push(t('reference.schema.minLength', { value: schema.minLength }));
  if (schema.maxLength !== undefined) parts.push(t('reference.schema.maxLength', { value: schema.maxLength }));
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) parts.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) parts.push(`< ${schema.exclusiveMaximum}`);
  if (schema.minItems !== undefined) parts.push(t('reference.schema.minItems', { value: schema.minItems }));
  if (schema.maxItems !== undefined) parts.push(t('reference.schema.maxItems', { value: schema.maxItems }));
  if (schema.default !== undefined) parts.push(t('reference.schema.default', { value: literal(schema.default) }));
  if (schema.readOnly) parts.push(t('reference.schema.readOnly'));
  if (schema.writeOnly) parts.push(t('reference.schema.writeOnly'));
  if (schema.deprecated) parts.push(t('reference.schema.deprecated'));
  return (
    <>
      {parts.length > 0 && <span className="schema-constraints"> ({parts.join(', ')})</span>}
      {schema.pattern && (
        <span className="schema-constraints">
          {' '}
          {t('reference.schema.pattern')} <code dir="ltr">{schema.pattern}</code>
        </span>
      )}
    </>
  );
}

/** A one-line summary of what a schema accepts, with nested detail (properties, items, variants) below it. */
export function SchemaView({ doc, schema, seen = [], depth = 0 }: Props) {
  const { t } = useTranslation();

  if (schema.$ref) {
    const name = refName(schema.$ref);
    const target = resolvePointer(doc, schema.$ref);
    if (seen.includes(schema.$ref) || depth >= MAX_DEPTH) {
      return <span className="schema-ref">{t('reference.schema.seeAbove', { name })}</span>;
    }
    if (typeof target !== 'object' || target === null) {
      return <span className="schema-ref">{name}</span>;
    }
    const inner = (
      <SchemaView doc={doc} schema={target as JsonSchema} seen={[...seen, schema.$ref]} depth={depth + 1} />
    );
    // A named schema at the top is the subject and is shown open; nested ones fold so shared types do not repeat.
    if (depth === 0) {
      return (
        <>
          <span className="schema-ref">{name}</span> {inner}
        </>
      );
    }
    return (
      <details className="schema-details">
        <summary>
          <span className="schema-ref">{name}</span>
        </summary>
        {inner}
      </details>
    );
  }

  const variants = schema.oneOf ?? schema.anyOf;
  const nested: ReactNode[] = [];
  const types = typeNames(schema);
  let head: ReactNode;

  if (schema.const !== undefined) {
    head = <code dir="ltr">{literal(schema.const)}</code>;
  } else if (schema.enum) {
    head = (
      <>
        {t('reference.schema.oneOfValues')}{' '}
        {schema.enum.map((v, i) => (
          <span key={literal(v)}>
            {i > 0 && ', '}
            <code dir="ltr">{literal(v)}</code>
          </span>
        ))}
      </>
    );
  } else if (variants) {
    head = t('reference.schema.oneOf');
    nested.push(
      <ul key="variants" className="schema-list">
        {variants.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: variants are positional in the schema
          <li key={i}>
            <SchemaView doc={doc} schema={v} seen={seen} depth={depth + 1} />
          </li>
        ))}
      </ul>,
    );
  } else if (schema.allOf) {
    head = t('reference.schema.allOf');
    nested.push(
      <ul key="all" className="schema-list">
        {schema.allOf.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional in the schema
          <li key={i}>
            <SchemaView doc={doc} schema={v} seen={seen} depth={depth + 1} />
          </li>
        ))}
      </ul>,
    );
  } else if (types.length > 0) {
    head = types
      .map((type) => (isKnownType(type) ? t(`reference.types.${type}`) : type))
      .join(` ${t('reference.schema.or')} `);
  } else {
    head = t('reference.schema.any');
  }

  if (schema.properties && depth < MAX_DEPTH) {
    const required = new Set(schema.required ?? []);
    nested.push(
      <ul key="props" className="schema-list">
        {Object.entries(schema.properties).map(([name, prop]) => (
          <li key={name}>
            <code className="schema-prop" dir="ltr">
              {name}
            </code>{' '}
            <span className={required.has(name) ? 'badge required-badge' : 'badge muted-badge'}>
              {required.has(name) ? t('reference.required') : t('reference.optional')}
            </span>{' '}
            <SchemaView doc={doc} schema={prop} seen={seen} depth={depth + 1} />
          </li>
        ))}
      </ul>,
    );
  }
  if (schema.items && depth < MAX_DEPTH) {
    nested.push(
      <div key="items" className="schema-items">
        {t('reference.schema.items')} <SchemaView doc={doc} schema={schema.items} seen={seen} depth={depth + 1} />
      </div>,
    );
  }
  if (typeof schema.additionalProperties === 'object' && depth < MAX_DEPTH) {
    nested.push(
      <div key="additional" className="schema-items">
        {t('reference.schema.values')}{' '}
        <SchemaView doc={doc} schema={schema.additionalProperties} seen={seen} depth={depth + 1} />
      </div>,
    );
  }

  // The summary is inline (it continues a property's line); nested lists follow as blocks.
  return (
    <>
      <span className="schema">
        <span className="schema-type">{head}</span>
        {schema.nullable && ` ${t('reference.schema.nullable')}`}
        <Constraints schema={schema} />
        {schema.description && <span className="schema-description"> — {schema.description}</span>}
      </span>
      {nested}
    </>
  );
}

const KNOWN_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;
type KnownType = (typeof KNOWN_TYPES)[number];

function isKnownType(type: string): type is KnownType {
  return (KNOWN_TYPES as readonly string[]).includes(type);
}
