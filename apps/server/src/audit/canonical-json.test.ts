import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json.ts';

const shuffleKeys = (v: unknown, seed: number): unknown => {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, seed));
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    const order = keys.map((k, i) => [k, (i * 7919 + seed) % (keys.length + 1)] as const).sort((a, b) => a[1] - b[1]);
    return Object.fromEntries(order.map(([k]) => [k, shuffleKeys((v as Record<string, unknown>)[k], seed)]));
  }
  return v;
};

test('canonical JSON does not depend on key order, and round-trips the value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 1000 }), (value, seed) => {
      const a = canonicalJson(value);
      assert.equal(canonicalJson(shuffleKeys(value, seed)), a);
      assert.deepEqual(JSON.parse(a), JSON.parse(JSON.stringify(value)));
    }),
  );
});

test('a key named __proto__ is kept as data, not taken as the prototype', () => {
  const value = JSON.parse('{"b":1,"__proto__":{"x":2},"a":[{"__proto__":0}]}');
  assert.equal(canonicalJson(value), '{"__proto__":{"x":2},"a":[{"__proto__":0}],"b":1}');
});
