import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import {
  buildOrganisation,
  buildUser,
  engines,
  type SessionAuth,
  signIn,
  startTestApp,
  type TestApp,
} from '../test/harness.ts';
import { MissingPolicyError } from './app.ts';
import { defineRoute } from './http/route.ts';

describe('deny by default', () => {
  test('the server refuses to start when a route declares no policy', async () => {
    const rogue = defineRoute({
      method: 'GET',
      url: '/api/rogue',
      operationId: 'rogue',
      summary: 'no policy',
      tags: ['test'],
      policy: undefined as never,
      response: { status: 200, schema: z.object({}), description: '' },
      handler: async () => ({ body: {} }),
    });
    await assert.rejects(startTestApp('sqlite', { routes: [rogue] }), MissingPolicyError);
  });
});

for (const { engine, skip } of engines()) {
  describe(`HTTP behaviour (${engine})`, { skip }, () => {
    let t: TestApp;
    let s: SessionAuth;
    before(async () => {
      t = await startTestApp(engine);
      const org = await buildOrganisation(t);
      s = await signIn(t, await buildUser(t, org.id, ['platform_admin']));
    });
    after(() => t?.close());

    test('health answers ok with the database reachable', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/health' });
      assert.equal(r.statusCode, 200);
      assert.deepEqual(r.json(), { status: 'ok' });
    });

    test('the OpenAPI 3.1 document describes every API route with its policy', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      assert.equal(r.statusCode, 200);
      const doc = r.json();
      assert.equal(doc.openapi, '3.1.0');
      for (const route of t.app.routeTable.filter((x) => x.url.startsWith('/api/') && x.method !== 'HEAD')) {
        const op = doc.paths[route.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
        assert.ok(op, `${route.method} ${route.url} is missing from the document`);
        assert.equal(op['x-policy'].name, route.policy.name);
        assert.ok(op.responses);
      }
      // Every $ref resolves.
      const refs = [...r.body.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
      for (const ref of refs) assert.ok(doc.components.schemas[ref], `unresolved $ref ${ref}`);
      assert.ok(doc.components.schemas.Problem);
    });

    test('validation lists every issue, and never echoes the values sent', async () => {
      const secretish = 'CANARY-VALUE-7d1c';
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: s.headers,
        payload: { code: secretish, name: 'x', kind: 'church', country: 'sudan', extra: 1 },
      });
      assert.equal(r.statusCode, 400);
      assert.match(String(r.headers['content-type']), /application\/problem\+json/);
      const p = r.json();
      assert.equal(p.code, 'validation_failed');
      assert.equal(p.type, 'urn:corridor:problem:validation_failed');
      const pointers = p.errors.map((e: { pointer: string }) => e.pointer).sort();
      for (const ptr of ['/code', '/name', '/kind', '/country'])
        assert.ok(pointers.includes(ptr), `missing ${ptr} in ${pointers}`);
      assert.ok(!r.body.includes(secretish));
      assert.ok(!r.body.includes('sudan'));
    });

    test('query and path parameters are validated too', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/users/not-a-uuid', headers: s.headers });
      assert.equal(r.statusCode, 400);
      assert.equal(r.json().errors[0].location, 'params');
      const q = await t.app.inject({
        method: 'GET',
        url: '/api/audit?limit=5000&organisationId=x',
        headers: s.headers,
      });
      assert.equal(q.statusCode, 400);
      assert.equal(q.json().errors.length, 2);
    });

    test('bodies that are not JSON, or are broken, get clear problems', async () => {
      const text = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: { ...s.headers, 'content-type': 'text/plain' },
        payload: 'hello',
      });
      assert.equal(text.statusCode, 415);
      assert.equal(text.json().code, 'unsupported_media_type');
      const broken = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: { ...s.headers, 'content-type': 'application/json' },
        payload: '{"code": ',
      });
      assert.equal(broken.statusCode, 400);
      assert.equal(broken.json().code, 'malformed_request');
      const big = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: { ...s.headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x'.repeat(2_000_000) }),
      });
      assert.equal(big.statusCode, 413);
      const proto = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: { ...s.headers, 'content-type': 'application/json' },
        payload: '{"name": "x", "__proto__": {"admin": true}}',
      });
      assert.equal(proto.statusCode, 400);
      assert.match(proto.json().detail, /__proto__ or constructor/);
      // Text with the NUL character is refused at its field, on both engines alike.
      const nul = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: { ...s.headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ code: 'NUL-TEST', name: 'Te\u0000st', kind: 'civil_society', country: 'IRQ' }),
      });
      assert.equal(nul.statusCode, 400, nul.body);
      assert.deepEqual(nul.json().errors, [
        { location: 'body', pointer: '/name', message: 'must not contain the NUL character', code: 'invalid_format' },
      ]);
      // So is text with a lone surrogate (it could not be read back as sent), at its field.
      const surrogate = await t.app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: { ...s.headers, 'content-type': 'application/json' },
        payload: '{"code":"SUR-TEST","name":"Ab\\ud800c","kind":"civil_society","country":"IRQ"}',
      });
      assert.equal(surrogate.statusCode, 400, surrogate.body);
      assert.deepEqual(
        surrogate.json().errors.map((e: { pointer: string }) => e.pointer),
        ['/name'],
      );
      // A body nested thousands deep (about 20 KB) is refused as such, before anything walks it, even unauthenticated.
      const deep = `{"email":"a@b.c","password":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
      for (const url of ['/api/auth/login', '/api/organisations']) {
        const r = await t.app.inject({
          method: 'POST',
          url,
          headers: { ...(url === '/api/auth/login' ? {} : s.headers), 'content-type': 'application/json' },
          payload: deep,
        });
        assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
        assert.match(r.json().errors[0].message, /nests deeper than/);
      }
      // Bytes that are not UTF-8 are refused, never stored as replacement characters; another charset is 415.
      for (const [type, status] of [
        ['application/json', 400],
        ['application/json; charset=iso-8859-1', 415],
      ] as const) {
        const latin = await t.app.inject({
          method: 'POST',
          url: '/api/organisations',
          headers: { ...s.headers, 'content-type': type },
          payload: Buffer.concat([
            Buffer.from('{"code":"LAT-TEST","name":"Jos'),
            Buffer.from([0xe9]),
            Buffer.from(' Org","kind":"civil_society","country":"IRQ"}'),
          ]),
        });
        assert.equal(latin.statusCode, status, `${type}: ${latin.body}`);
      }
      const orgs = await t.deps.database.db
        .selectFrom('organisations')
        .select('code')
        .where('code', 'in', ['SUR-TEST', 'LAT-TEST', 'NUL-TEST'])
        .execute();
      assert.deepEqual(orgs, []);
    });

    test('unknown addresses are problem+json 404s', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/nowhere' });
      assert.equal(r.statusCode, 404);
      assert.equal(r.json().code, 'not_found');
      // An address that exists for other methods says which (405 with Allow), for a fixed or a parameterised path.
      const put = await t.app.inject({ method: 'PUT', url: '/api/cases' });
      assert.equal(put.statusCode, 405);
      assert.equal(put.json().code, 'method_not_allowed');
      assert.match(String(put.headers.allow), /GET/);
      assert.match(String(put.headers.allow), /POST/);
      const del = await t.app.inject({
        method: 'DELETE',
        url: '/api/organisations/3f2c9a1e-5b7d-4c1a-9e2f-0a1b2c3d4e5f',
      });
      assert.equal(del.statusCode, 405);
      assert.match(String(del.headers.allow), /GET/);
      // A page address of the web app is not an API address: other methods there stay 404.
      assert.equal((await t.app.inject({ method: 'POST', url: '/people' })).statusCode, 404);
    });

    test('addresses the router cannot read are problem+json too, and never repeat the address or its query', async () => {
      const bad = await t.app.inject({ method: 'GET', url: '/api/cases/%E0%A4%A?search=Jane+Doe', headers: s.headers });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.match(String(bad.headers['content-type']), /^application\/problem\+json/);
      assert.equal(bad.json().code, 'malformed_request');
      assert.ok(!bad.body.includes('Jane'), bad.body);
      const long = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${'a'.repeat(101)}/notes`,
        headers: s.headers,
      });
      assert.equal(long.statusCode, 404, long.body);
      assert.equal(long.json().code, 'not_found');
    });

    test('a request that is not HTTP, or whose headers are too long, gets a problem+json answer on the socket', async () => {
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = new URL(address);
      const raw = (request: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request));
          let answer = '';
          socket.on('data', (d) => {
            answer += d.toString('utf8');
          });
          socket.on('close', () => resolve(answer));
          socket.on('error', reject);
        });
      const notHttp = await raw('FOO /api/health HTTP/1.1\r\nHost: x\r\n\r\n');
      assert.match(notHttp, /^HTTP\/1\.1 400 /);
      assert.match(notHttp, /content-type: application\/problem\+json/i);
      assert.equal(JSON.parse(notHttp.split('\r\n\r\n')[1]!).code, 'malformed_request');
      const huge = await raw(`GET /api/cases?status=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      assert.match(huge, /^HTTP\/1\.1 431 /);
      const problem = JSON.parse(huge.split('\r\n\r\n')[1]!);
      assert.equal(problem.code, 'headers_too_large');
      assert.ok(!huge.includes('xxxx'), 'the address is not repeated');
    });

    test('an API address refuses a query parameter it does not take, naming it; a public page ignores it', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/organisations?limit=5&knd=x', headers: s.headers });
      assert.equal(r.statusCode, 400, r.body);
      const errors = r.json().errors as { location: string; pointer: string; message: string }[];
      assert.deepEqual(
        errors.map((e) => [e.location, e.pointer]),
        [['query', '/knd']],
      );
      assert.match(errors[0]!.message, /limit/);
      // An address without parameters takes none.
      const health = await t.app.inject({ method: 'GET', url: '/api/health?verbose=1' });
      assert.equal(health.statusCode, 400);
      assert.equal(health.json().errors[0].pointer, '/verbose');
      const ok = await t.app.inject({ method: 'GET', url: '/api/organisations?limit=5', headers: s.headers });
      assert.equal(ok.statusCode, 200);
      const page = await t.app.inject({ method: 'GET', url: '/public/recruiters?utm_source=newsletter' });
      assert.equal(page.statusCode, 200, page.body);
    });

    test('a record is found by its identifier written in capitals too (a UUID is case-insensitive)', async () => {
      const org = await buildOrganisation(t);
      const upper = await t.app.inject({
        method: 'GET',
        url: `/api/organisations/${org.id.toUpperCase()}`,
        headers: s.headers,
      });
      assert.equal(upper.statusCode, 200, upper.body);
      assert.equal(upper.json().id, org.id);
    });

    test('security headers are on every response: the strict set on API answers, the document set on pages', async () => {
      for (const url of ['/api/health', '/api/nowhere', '/api/users']) {
        const r = await t.app.inject({ method: 'GET', url });
        const csp = String(r.headers['content-security-policy']);
        for (const d of ["default-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"])
          assert.ok(csp.includes(d), `${url}: ${d}`);
        assert.doesNotMatch(csp, /'self'|unsafe-inline/, `${url}: an API answer allows nothing to load`);
        assert.match(String(r.headers['strict-transport-security']), /max-age=\d+/);
        assert.equal(r.headers['x-content-type-options'], 'nosniff');
        assert.equal(r.headers['referrer-policy'], 'no-referrer');
        assert.equal(r.headers['cross-origin-resource-policy'], 'same-origin');
        assert.equal(r.headers['cache-control'], 'no-store', url);
      }
      const page = await t.app.inject({ method: 'GET', url: '/public' });
      assert.match(String(page.headers['content-type']), /^text\/html/);
      const csp = String(page.headers['content-security-policy']);
      for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"])
        assert.ok(csp.includes(d), `page: ${d}`);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.match(String(page.headers['strict-transport-security']), /max-age=\d+/);
      assert.equal(page.headers['x-content-type-options'], 'nosniff');
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      assert.equal(page.headers['x-frame-options'], 'DENY');
      assert.equal(page.headers['cross-origin-opener-policy'], 'same-origin');
    });
  });
}
