import type { FastifyInstance } from 'fastify';

/**
 * Headers on every response (SECURITY.md). HTML documents (the web app, the public pages, the API reference) get a
 * CSP with no inline script or style, no plugins, no framing and no <base>, plus HSTS, nosniff, no referrer, and
 * the isolation and permission headers a document needs. Everything else (JSON, problem details, downloads) is
 * never rendered as a page, so it gets the stricter and shorter set recommended for APIs: a CSP that allows
 * nothing at all, HSTS, nosniff, no referrer, no framing, same-origin resources only. API responses are never
 * cached.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** The CSP of responses that are not HTML: nothing may load, nothing may frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const COMMON = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
} as const;

const DOCUMENT_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  ...COMMON,
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'x-frame-options': 'DENY',
} as const;

const API_HEADERS = { 'content-security-policy': API_CONTENT_SECURITY_POLICY, ...COMMON } as const;

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    reply.headers(typeof type === 'string' && type.startsWith('text/html') ? DOCUMENT_HEADERS : API_HEADERS);
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
