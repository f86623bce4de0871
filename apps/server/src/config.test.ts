import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults are safe: loopback, port 8080, SQLite under ./data, full durability', () => {
  const c = loadConfig({});
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, 8080);
  assert.equal(c.databaseUrl, undefined);
  assert.match(c.sqliteFile, /data[\\/]corridor\.sqlite$/);
  assert.equal(c.sqliteSynchronous, 'FULL');
  assert.ok(Object.isFrozen(c));
});

test('every problem is reported together', () => {
  try {
    loadConfig({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      CORRIDOR_DEMO_DATA: 'maybe',
      CORRIDOR_MFA_REQUIRED_ROLES: 'admin,wizard',
    });
    assert.fail('should have thrown');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    const joined = e.problems.join('\n');
    for (const v of ['PORT', 'DATABASE_URL', 'CORRIDOR_DEMO_DATA', 'CORRIDOR_MFA_REQUIRED_ROLES'])
      assert.match(joined, new RegExp(v));
    assert.equal(e.problems.length, 4);
  }
});

test('production requires a secret key', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /CORRIDOR_SECRET_KEY/);
  const key = Buffer.alloc(32, 7).toString('base64');
  assert.equal(loadConfig({ NODE_ENV: 'production', CORRIDOR_SECRET_KEY: key }).secretKey, key);
});

test('every variable the configuration reads is documented in docs/configuration.md', () => {
  const src = fs.readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
  const doc = fs.readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
  const vars = [...src.matchAll(/^ {2}([A-Z_]+): /gm)].map((m) => m[1]!);
  assert.ok(vars.length > 10);
  for (const v of vars) assert.ok(doc.includes(`\`${v}\``), `${v} is not documented`);
});
