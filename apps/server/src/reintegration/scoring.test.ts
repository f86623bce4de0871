import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { scoreSurvey } from './scoring.ts';
import { currentInstrument, INSTRUMENTS } from './survey-instrument.ts';

const inst = currentInstrument();
const answersWith = (pick: (o: { code: string; value: number }[]) => string) =>
  Object.fromEntries(inst.items.map((i) => [i.code, pick(i.options)]));

test('best answers score 1 everywhere, worst answers 0', () => {
  const best = scoreSurvey(
    inst,
    answersWith((o) => o.reduce((a, b) => (b.value > a.value ? b : a)).code),
  );
  assert.deepEqual(best.scores, { economic: 1, social: 1, psychosocial: 1, composite: 1 });
  const worst = scoreSurvey(
    inst,
    answersWith((o) => o.reduce((a, b) => (b.value < a.value ? b : a)).code),
  );
  assert.deepEqual(worst.scores, { economic: 0, social: 0, psychosocial: 0, composite: 0 });
});

test('a dimension is the weighted mean of its items; the composite weighs the dimensions', () => {
  // Economic: income_source yes (w3, 1), satisfaction dissatisfied (w2, .33), food sometimes (w2, .5), debt no (w1, 0)
  const a = answersWith((o) => o[0]!.code);
  Object.assign(a, {
    income_source: 'yes',
    income_satisfaction: 'dissatisfied',
    food_security: 'sometimes',
    debt_manageable: 'no',
  });
  const r = scoreSurvey(inst, a);
  assert.ok(r.scores);
  assert.equal(r.scores.economic, Math.round(((3 * 1 + 2 * 0.33 + 2 * 0.5 + 0) / 8) * 1000) / 1000);
  const w = inst.dimensionWeights;
  const expected =
    (w.economic * r.scores.economic + w.social * r.scores.social + w.psychosocial * r.scores.psychosocial) /
    (w.economic + w.social + w.psychosocial);
  assert.ok(Math.abs(r.scores.composite - expected) < 0.002);
});

test('every missing, unknown or wrongly answered item is reported', () => {
  const a = answersWith((o) => o[0]!.code);
  delete a.distress;
  a.income_source = 'maybe';
  a.not_an_item = 'yes';
  const r = scoreSurvey(inst, a);
  assert.equal(r.scores, null);
  assert.deepEqual(r.issues.map((i) => i.pointer).sort(), [
    '/answers/distress',
    '/answers/income_source',
    '/answers/not_an_item',
  ]);
});

test('property: scores lie in [0, 1] and the composite between the lowest and highest dimension', () => {
  const arb = fc.record(
    Object.fromEntries(inst.items.map((i) => [i.code, fc.constantFrom(...i.options.map((o) => o.code))])),
  );
  fc.assert(
    fc.property(arb, (answers) => {
      const r = scoreSurvey(inst, answers as Record<string, string>);
      assert.ok(r.scores);
      const d = [r.scores.economic, r.scores.social, r.scores.psychosocial];
      for (const x of [...d, r.scores.composite]) assert.ok(x >= 0 && x <= 1);
      assert.ok(r.scores.composite >= Math.min(...d) - 0.001 && r.scores.composite <= Math.max(...d) + 0.001);
    }),
  );
});

test('instrument versions are unique, weights positive, one current, every label in four languages', () => {
  assert.equal(new Set(INSTRUMENTS.map((i) => i.version)).size, INSTRUMENTS.length);
  assert.equal(INSTRUMENTS.filter((i) => i.current).length, 1);
  for (const i of INSTRUMENTS)
    for (const it of i.items) {
      assert.ok(it.weight > 0);
      for (const l of [it.label, ...it.options.map((o) => o.label)])
        for (const k of ['en', 'fr', 'es', 'ar'] as const) assert.ok(l[k]);
    }
});
