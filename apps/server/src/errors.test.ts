import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { catalogue } from './errors.ts';

const doc = fs.readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

test('every error code is documented in docs/errors.md with its status, and every documented code exists', () => {
  const documented = new Map<string, number>();
  for (const m of doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)) documented.set(m[1]!, Number(m[2]));
  for (const [code, { status }] of Object.entries(catalogue)) {
    assert.ok(documented.has(code), `${code} is not documented`);
    assert.equal(documented.get(code), status, `${code}: documented status differs`);
  }
  for (const code of documented.keys()) assert.ok(code in catalogue, `${code} is documented but does not exist`);
});
