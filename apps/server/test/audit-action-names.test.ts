// Every audit action the server writes by name has words in the audit messages of the web app (English, the shape
// every language fills; the type checker holds the other languages to it): the audit log and the readable copy of a
// person's data name each action instead of showing its code.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { en } from '../../web/src/admin/messages/en.ts';

const root = new URL('../', import.meta.url).pathname;

function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) sources(f, out);
    else if (f.endsWith('.ts') && !f.includes('.test.')) out.push(f);
  }
  return out;
}

test('every audit action written by name has words in the audit messages', () => {
  const named = new Set<string>();
  const walk = (node: unknown, at: string[]) => {
    if (typeof node === 'string') named.add(at.join('.'));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...at, k]);
  };
  walk(en.auditActions.names, []);
  const written = new Set<string>();
  for (const file of sources(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    // `action: 'area.step'`, also in a conditional (`action: x ? 'a.b' : 'c.d'`).
    for (const line of text.matchAll(/\baction:\s*([^\n]+)/g))
      for (const code of line[1]!.matchAll(/'([a-z_]+(?:\.[a-z_-]+)+)'/g)) written.add(code[1]!);
  }
  assert.ok(written.size > 80, `found the actions (${written.size})`);
  assert.deepEqual([...written].filter((a) => !named.has(a)).sort(), []);
});
