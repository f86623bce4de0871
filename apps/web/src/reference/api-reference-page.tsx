import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource.ts';
import { isRole } from '../auth/access.ts';
import { TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import {
  deref,
  groupByTag,
  type MediaType,
  type OpenApiDocument,
  type OperationEntry,
  type Parameter,
  refName,
} from './openapi.ts';
import { SchemaView } from './schema-view.tsx';

const DOCUMENT_PATH = '/api/openapi.json';

/** Renders the one bit of Markdown the API's descriptions use: `code` spans. */
function InlineText({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one fixed string
          <code key={i} dir="ltr">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** A stable anchor for a tag heading. */
const anchorOf = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

/** Every operation of the API from its OpenAPI document: who may call it, what goes in and what comes out. */
export function ApiReferencePage() {
  const { t } = useTranslation();
  const doc = useResource<OpenApiDocument>(DOCUMENT_PATH);
  const [filter, setFilter] = useState('');

  const groups = doc.data ? groupByTag(doc.data, t('reference.untagged')) : [];
  const needle = filter.trim().toLowerCase();
  const matches = (e: OperationEntry) =>
    !needle ||
    [e.method, e.path, e.operation.summary ?? '', e.operation.operationId ?? '', ...(e.operation.tags ?? [])]
      .join(' ')
      .toLowerCase()
      .includes(needle);
  const shown = groups
    .map((g) => ({ ...g, operations: g.operations.filter(matches) }))
    .filter((g) => g.operations.length);

  return (
    <div className="reference">
      <PageHeading title={t('reference.title')}>{t('reference.title')}</PageHeading>
      <p>{t('reference.intro')}</p>
      <p>
        <a href={DOCUMENT_PATH} download="corridor-openapi.json" data-testid="openapi-download">
          {t('reference.download')}
        </a>
      </p>
      {doc.status === 'error' && <FormStatus problem={doc.problem} />}
      {doc.status === 'loading' && !doc.data && <Loading />}
      {doc.data && (
        <>
          {doc.data.info && (
            <p className="muted">
              {doc.data.info.title} {doc.data.info.version && <span dir="ltr">v{doc.data.info.version}</span>}
              {doc.data.openapi && <span dir="ltr"> · OpenAPI {doc.data.openapi}</span>}
            </p>
          )}
          <div className="filters">
            <TextField
              label={t('reference.filter')}
              name="filter"
              type="search"
              autoComplete="off"
              value={filter}
              onChange={setFilter}
            />
          </div>
          <nav aria-label={t('reference.contents')} className="toc">
            <ul>
              {shown.map((g) => (
                <li key={g.tag}>
                  <a href={`#${anchorOf(g.tag)}`}>{g.tag}</a> <span className="muted">({g.operations.length})</span>
                </li>
              ))}
            </ul>
          </nav>
          {shown.length === 0 && <p>{t('reference.noMatch')}</p>}
          {shown.map((g) => (
            <section key={g.tag} aria-labelledby={anchorOf(g.tag)} className="tag-group">
              <h2 id={anchorOf(g.tag)}>{g.tag}</h2>
              {g.description && <p>{g.description}</p>}
              {g.operations.map((entry) => (
                <OperationView key={`${entry.method} ${entry.path}`} doc={doc.data!} entry={entry} />
              ))}
            </section>
          ))}
        </>
      )}
    </div>
  );
}

function OperationView({ doc, entry }: { doc: OpenApiDocument; entry: OperationEntry }) {
  const { t } = useTranslation();
  const { operation, method, path } = entry;
  const policy = operation['x-policy'];
  const isPublic = policy?.anonymous === true || (Array.isArray(operation.security) && operation.security.length === 0);
  const roles = policy?.roles ?? [];

  // Path-level parameters apply unless the operation overrides one with the same name and place.
  const own = (operation.parameters ?? []).map((p) => deref(doc, p));
  const inherited = entry.pathParameters
    .map((p) => deref(doc, p))
    .filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
  const parameters = [...inherited, ...own];
  const body = operation.requestBody ? deref(doc, operation.requestBody) : undefined;

  return (
    <details className="operation" data-testid="api-operation">
      <summary>
        <span className={`method method-${method}`} dir="ltr">
          {method.toUpperCase()}
        </span>{' '}
        <code className="operation-path" dir="ltr">
          {path}
        </code>{' '}
        <span className="operation-summary">{operation.summary}</span>
        {operation.deprecated && <span className="badge muted-badge">{t('reference.deprecated')}</span>}
      </summary>
      <div className="operation-body">
        {operation.description && (
          <p>
            <InlineText text={operation.description} />
          </p>
        )}
        <dl className="facts">
          {operation.operationId && (
            <>
              <dt>{t('reference.operationId')}</dt>
              <dd>
                <bdi dir="ltr">
                  <code>{operation.operationId}</code>
                </bdi>
              </dd>
            </>
          )}
          <dt>{t('reference.access')}</dt>
          <dd>
            {isPublic
              ? t('reference.public')
              : roles.length === 0
                ? t('reference.anySignedIn')
                : roles.map((r) => (
                    <span key={r} className="badge">
                      {isRole(r) ? t(`roles.${r}`) : r}
                    </span>
                  ))}
            {policy?.name && (
              <span className="muted">
                {' '}
                — <code dir="ltr">{policy.name}</code>
                {policy.description && `: ${policy.description}`}
              </span>
            )}
          </dd>
        </dl>

        {parameters.length > 0 && <Parameters doc={doc} parameters={parameters} />}

        {body && (
          <>
            <h3>{t('reference.requestBody')}</h3>
            {body.description && (
              <p>
                <InlineText text={body.description} />
              </p>
            )}
            <Content doc={doc} content={body.content ?? {}} />
          </>
        )}

        <h3>{t('reference.responses')}</h3>
        <ul className="responses">
          {Object.entries(operation.responses ?? {}).map(([status, raw]) => {
            const response = deref(doc, raw);
            return (
              <li key={status}>
                <span className={`status status-${status.charAt(0)}`} dir="ltr">
                  {status}
                </span>{' '}
                {response.description && <InlineText text={response.description} />}
                {response.content && (
                  <Content doc={doc} content={response.content} collapsed={!status.startsWith('2')} />
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </details>
  );
}

function Parameters({ doc, parameters }: { doc: OpenApiDocument; parameters: Parameter[] }) {
  const { t } = useTranslation();
  const captionId = useId();
  return (
    <>
      <h3 id={captionId}>{t('reference.parameters')}</h3>
      <div className="table-wrap">
        <table aria-labelledby={captionId}>
          <thead>
            <tr>
              <th scope="col">{t('reference.name')}</th>
              <th scope="col">{t('reference.in')}</th>
              <th scope="col">{t('reference.schemaLabel')}</th>
            </tr>
          </thead>
          <tbody>
            {parameters.map((p) => (
              <tr key={`${p.in}:${p.name}`}>
                <td>
                  <code dir="ltr">{p.name}</code>{' '}
                  <span className={p.required ? 'badge required-badge' : 'badge muted-badge'}>
                    {p.required ? t('reference.required') : t('reference.optional')}
                  </span>
                </td>
                <td dir="ltr">{p.in}</td>
                <td>
                  {p.schema ? <SchemaView doc={doc} schema={p.schema} /> : '—'}
                  {p.description && <p className="schema-description">{p.description}</p>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The bodies of a request or response per media type; error bodies (all the same problem shape) start folded. */
function Content({
  doc,
  content,
  collapsed = false,
}: {
  doc: OpenApiDocument;
  content: Record<string, MediaType>;
  collapsed?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {Object.entries(content).map(([type, media]) => {
        const schema = media.schema && (
          <div className="schema-root">
            <SchemaView doc={doc} schema={media.schema} />
          </div>
        );
        return (
          <div key={type} className="media">
            <code className="media-type" dir="ltr">
              {type}
            </code>
            {schema &&
              (collapsed ? (
                <details className="schema-details">
                  <summary>{media.schema?.$ref ? refName(media.schema.$ref) : t('reference.showSchema')}</summary>
                  {schema}
                </details>
              ) : (
                schema
              ))}
          </div>
        );
      })}
    </>
  );
}
