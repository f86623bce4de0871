// The Arabic messages read right to left; a code that mixes Latin letters and digits with dots or underscores
// (SDG 10.c.1, a quarter 2026_1Q) is reordered by the bidirectional algorithm unless it is isolated as
// left-to-right text (U+2066 … U+2069): 10.c.1 would read c.1.10.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every Arabic message file of the web app: the main messages, case work, and each part's own. */
function arabicFiles(): string[] {
  const out = [path.join(src, 'i18n/ar.ts'), path.join(src, 'i18n/case-work/ar.ts')];
  for (const dir of fs.readdirSync(src, { withFileTypes: true }))
    if (dir.isDirectory() && fs.existsSync(path.join(src, dir.name, 'messages/ar.ts')))
      out.push(path.join(src, dir.name, 'messages/ar.ts'));
  return out;
}

/** Every string of a nested message object. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Codes of Latin letters and digits joined by dots or underscores, with a letter and a digit in them. */
const MIXED_CODE = /[0-9A-Za-z]+(?:[._][0-9A-Za-z]+)+/g;

test('Arabic messages isolate the codes that mix letters and digits, so they keep their order', async () => {
  const bare: string[] = [];
  let checked = 0;
  for (const file of arabicFiles()) {
    const module = (await import(file)) as Record<string, unknown>;
    for (const s of strings(Object.values(module)))
      for (const m of s.matchAll(MIXED_CODE)) {
        const code = m[0];
        if (!/[0-9]/.test(code) || !/[A-Za-z]/.test(code)) continue;
        checked++;
        const before = s[m.index - 1];
        const after = s[m.index + code.length];
        if (before !== '\u2066' || after !== '\u2069') bare.push(`${path.relative(src, file)}: ${code} in “${s}”`);
      }
  }
  assert.ok(checked > 0, 'the Arabic messages have codes to check');
  assert.deepEqual(bare, []);
});
