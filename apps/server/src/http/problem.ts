import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { catalogue, DomainError, type ErrorCode } from '../errors.ts';

/** Problem type URIs: stable names, documented in docs/errors.md. */
export const problemType = (code: ErrorCode): string => `urn:corridor:problem:${code}`;

/** Maps framework-level errors (body parsing, size) onto the catalogue. */
function fromFramework(err: FastifyError): DomainError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('unsupported_media_type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('payload_too_large', 'Send a smaller body.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      // The parser says no more than this: the text is not JSON, or it holds a key that could poison prototypes.
      return new DomainError(
        'malformed_request',
        'The body is not valid JSON, or it holds a key named __proto__ or constructor (refused for safety).',
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError('malformed_request', 'The body is not valid JSON.');
    // Raised while routing (Fastify's frameworkErrors): their own messages would repeat the address and its query.
    case 'FST_ERR_BAD_URL':
      return new DomainError('malformed_request', 'The address is not valid percent-encoded UTF-8.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      // No record has an identifier that long: as for any unknown one.
      return new DomainError('not_found', 'There is nothing at this address.');
    default:
      if (err instanceof SyntaxError || err.statusCode === 400)
        return new DomainError('malformed_request', 'The request could not be read.');
      if (err.statusCode === 404) return new DomainError('not_found', 'There is nothing at this address.');
      if (err.statusCode === 405) return new DomainError('method_not_allowed');
      if (err.statusCode === 413) return new DomainError('payload_too_large', 'Send a smaller body.');
      if (err.statusCode === 415)
        return new DomainError('unsupported_media_type', 'Send the body as application/json.');
      return null;
  }
}

/**
 * Renders any error as RFC 9457 problem+json. Domain errors carry their own fixed detail; anything else becomes
 * a generic 500 whose correlation id lets an operator find the full error in the server log.
 */
export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const domain = err instanceof DomainError ? err : fromFramework(err as FastifyError);
  const e = domain ?? new DomainError('internal_error', 'Quote the correlation id if you report this.');
  const body: Record<string, unknown> = {
    type: problemType(e.code),
    title: catalogue[e.code].title,
    status: e.status,
    code: e.code,
    instance: req.url.split('?')[0],
  };
  if (e.detail) body.detail = e.detail;
  if (e.extra.errors) body.errors = e.extra.errors;
  if (!domain) {
    body.correlationId = req.id;
    req.log.error({ err, correlationId: req.id }, 'unhandled error');
  }
  if (e.extra.retryAfterSeconds) {
    reply.header('retry-after', String(e.extra.retryAfterSeconds));
    // The same in the body, for a client that reads only the problem (the web app words the wait from it).
    body.retryAfter = e.extra.retryAfterSeconds;
  }
  return reply.code(e.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}

/**
 * What the server answers a request it could not even parse (Fastify's clientErrorHandler: a request line or headers
 * too long, raw bytes that are not HTTP, a bad Content-Length, too slow to arrive): a problem+json response written
 * straight to the socket, which is then closed. Nothing of the request is repeated.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? 'headers_too_large'
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'request_timeout'
        : 'malformed_request';
  const { status, title } = catalogue[code];
  const body = JSON.stringify({
    type: problemType(code),
    title,
    status,
    code,
    detail:
      code === 'headers_too_large'
        ? 'Send a shorter address or fewer headers (search terms go in a body, not the address).'
        : code === 'request_timeout'
          ? 'The request took too long to arrive; send it again.'
          : 'The request is not valid HTTP.',
  });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/problem+json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err);
}
