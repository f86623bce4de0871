// JSON request bodies, read strictly: UTF-8 only (bytes that are not UTF-8 are refused instead of being stored as
// replacement characters; another declared charset is 415), then parsed as Fastify would (keys that could poison
// prototypes refused). Every /api/ body goes through here.
import type { FastifyInstance } from 'fastify';
import sjson from 'secure-json-parse';
import { DomainError } from '../errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The charset a Content-Type declares, lower-cased; null when it declares none. */
function charsetOf(contentType: string | undefined): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

/** Parses one JSON body (exported for tests): the value, or the DomainError to answer with. */
export function parseJsonBody(contentType: string | undefined, body: Buffer): unknown {
  const charset = charsetOf(contentType);
  if (charset !== null && charset !== 'utf-8' && charset !== 'utf8')
    throw new DomainError('unsupported_media_type', 'Send the body as UTF-8 JSON (application/json; charset=utf-8).');
  if (body.length === 0) throw new DomainError('malformed_request', 'The body is empty; send JSON.');
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new DomainError('malformed_request', 'The body is not UTF-8 text; send JSON encoded as UTF-8.');
  }
  try {
    return sjson.parse(text, null, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new DomainError(
      'malformed_request',
      'The body is not valid JSON, or it holds a key named __proto__ or constructor (refused for safety).',
    );
  }
}

/** Replaces Fastify's JSON body parser with parseJsonBody. */
export function registerJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    try {
      done(null, parseJsonBody(req.headers['content-type'], body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
