// The parts of an OpenAPI 3.1 document the reference page reads (https://spec.openapis.org/oas/v3.1.0).
// Everything is optional: the page must not break on a document that leaves something out.

/** A JSON Schema (2020-12 dialect, as OpenAPI 3.1 uses) or a reference to one. */
export type JsonSchema = {
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
  deprecated?: boolean;
};

export type MediaType = { schema?: JsonSchema };

export type Parameter = {
  $ref?: string;
  name?: string;
  in?: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  deprecated?: boolean;
  schema?: JsonSchema;
};

export type RequestBody = {
  $ref?: string;
  description?: string;
  required?: boolean;
  content?: Record<string, MediaType>;
};

export type Response = {
  $ref?: string;
  description?: string;
  headers?: Record<string, { description?: string; schema?: JsonSchema }>;
  content?: Record<string, MediaType>;
};

/** Corridor's extension on each operation: the policy the route declares. */
export type Policy = { name?: string; description?: string; roles?: string[]; anonymous?: boolean };

export type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: Parameter[];
  requestBody?: RequestBody;
  responses?: Record<string, Response>;
  security?: Record<string, string[]>[];
  'x-policy'?: Policy;
};

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof METHODS)[number];

export type PathItem = Partial<Record<HttpMethod, Operation>> & { parameters?: Parameter[] };

export type OpenApiDocument = {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths?: Record<string, PathItem>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    parameters?: Record<string, Parameter>;
    requestBodies?: Record<string, RequestBody>;
    responses?: Record<string, Response>;
  };
};

/** Follows a local `$ref` (`#/components/...`) inside the document; undefined when it points nowhere. */
export function resolvePointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Resolves an object that may be a `$ref` (parameters, bodies, responses), following chains a few steps. */
export function deref<T extends { $ref?: string }>(doc: OpenApiDocument, value: T): T {
  let current: T = value;
  for (let i = 0; i < 8 && current.$ref; i++) {
    const next = resolvePointer(doc, current.$ref);
    if (typeof next !== 'object' || next === null) break;
    current = next as T;
  }
  return current;
}

/** The last segment of a `$ref`: the name of the schema it points to. */
export function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

/** One operation with where it lives. */
export type OperationEntry = { method: HttpMethod; path: string; operation: Operation; pathParameters: Parameter[] };

/** All operations grouped by their first tag, in the document's tag order, then any other tags, then untagged. */
export function groupByTag(
  doc: OpenApiDocument,
  untagged: string,
): { tag: string; description?: string; operations: OperationEntry[] }[] {
  const groups = new Map<string, OperationEntry[]>();
  for (const t of doc.tags ?? []) groups.set(t.name, []);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? untagged;
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push({ method, path, operation, pathParameters: item.parameters ?? [] });
    }
  }
  const descriptions = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
  return [...groups.entries()]
    .filter(([, operations]) => operations.length > 0)
    .map(([tag, operations]) => {
      const description = descriptions.get(tag);
      return description ? { tag, description, operations } : { tag, operations };
    });
}
