import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors.ts';

/** A parsed HTML form: a field sent once is a string, a field sent several times (checkboxes) an array. */
export type FormBody = Record<string, string | string[]>;

/** Parses an application/x-www-form-urlencoded body; repeated names become arrays (exported for tests). */
export function parseFormBody(text: string): FormBody {
  const out: FormBody = Object.create(null);
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * HTML form posts (application/x-www-form-urlencoded) for the public pages only: they work without JavaScript
 * (docs/public-site.md). Every other route still takes JSON only, so no signed-in API route can be reached by a
 * cross-site form post.
 */
export function registerFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
    if (!String(req.url).startsWith('/public/')) {
      done(new DomainError('unsupported_media_type', 'Send the body as application/json.'), undefined);
      return;
    }
    done(null, parseFormBody(String(body)));
  });
}
