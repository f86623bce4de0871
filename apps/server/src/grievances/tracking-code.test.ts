import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrackingCode, typedTrackingCode } from '@corridor/contracts';
import { parseFormBody } from '../http/form-body.ts';
import { newTrackingCode, trackingHash } from './tracking-code.ts';

test('tracking codes: 20 base32 characters in four groups, never repeated, the hash hides the code', () => {
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  for (let i = 0; i < 2000; i++) {
    const { code, display } = newTrackingCode();
    assert.match(code, /^[A-Z2-7]{20}$/);
    assert.equal(display.replace(/-/g, ''), code);
    assert.match(display, /^([A-Z2-7]{5}-){3}[A-Z2-7]{5}$/);
    assert.ok(!seen.has(code));
    seen.add(code);
    for (const ch of code) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const h = trackingHash(code);
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.ok(!h.toUpperCase().includes(code.slice(0, 6)));
  }
  // every one of the 32 characters is used, none wildly more than the others (40,000 draws, ~1,250 each)
  assert.equal(counts.size, 32);
  for (const n of counts.values()) assert.ok(n > 1000 && n < 1500, String(n));
});

test('a typed code is normalised: case, spaces and dashes do not matter; anything else is refused', () => {
  const { code, display } = newTrackingCode();
  assert.equal(TrackingCode.parse(display.toLowerCase()), code);
  assert.equal(TrackingCode.parse(` ${display.replace(/-/g, ' ')} `), code);
  assert.equal(trackingHash(TrackingCode.parse(display)), trackingHash(code));
  assert.equal(TrackingCode.safeParse(code.slice(1)).success, false);
  assert.equal(TrackingCode.safeParse(`${code.slice(1)}9`).success, false, '9 is not in the alphabet');
  // Through the API too, look-alike digits are read as their letters.
  assert.equal(TrackingCode.parse('1MPCN-5J53Y-UJHZ0-283MK'), 'IMPCN5J53YUJHZO2B3MK');
  assert.equal(TrackingCode.safeParse('x'.repeat(65)).success, false);
});

test('a code typed on the public page: 0, 1 and 8 are read as O, I and B (base32 has none of these digits)', () => {
  assert.equal(typedTrackingCode('1mpcn-5j53y ujhz0-283mk'), 'IMPCN5J53YUJHZO2B3MK');
  assert.equal(TrackingCode.parse(typedTrackingCode('1MPCN-5J53Y-UJHZ0-283MK')), 'IMPCN5J53YUJHZO2B3MK');
  assert.equal(TrackingCode.safeParse(typedTrackingCode('9MPCN-5J53Y-UJHZO-2B3MK')).success, false, '9 stays refused');
});

test('form bodies: repeated names become lists, single ones strings, encoding decoded', () => {
  const f = parseFormBody(
    'categories=fees_charged&categories=debt_bondage&description=I+paid+%24500&name=%D8%A3%D8%AD%D9%85%D8%AF',
  );
  assert.deepEqual(f.categories, ['fees_charged', 'debt_bondage']);
  assert.equal(f.description, 'I paid $500');
  assert.equal(f.name, 'أحمد');
  assert.equal(Object.getPrototypeOf(f), null, 'no prototype: a field named __proto__ is just a field');
  const proto = parseFormBody('__proto__=x');
  assert.deepEqual(Object.entries(proto), [['__proto__', 'x']]);
  assert.equal(Object.getPrototypeOf(proto), null);
});
