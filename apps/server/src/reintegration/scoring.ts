// Scoring of a reintegration survey (docs/operations.md): each answer is worth its option's value (0 to 1); a
// dimension's score is the weighted mean of its items' values; the composite is the weighted mean of the three
// dimension scores with the instrument's dimension weights. Scores are rounded to three decimals. Every item must be
// answered: a partial survey would not be comparable across rounds.
import type { ReintegrationInstrument, ReintegrationScores } from '@corridor/contracts';
import type { ValidationIssue } from '../errors.ts';

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The scores of a set of answers, or the issues (unanswered items, unknown items or options). */
export function scoreSurvey(
  instrument: ReintegrationInstrument,
  answers: Readonly<Record<string, string>>,
): { scores: ReintegrationScores; issues: [] } | { scores: null; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const issue = (code: string, message: string) =>
    issues.push({ location: 'body', pointer: `/answers/${code}`, message, code: 'custom' });
  const known = new Set(instrument.items.map((i) => i.code));
  for (const code of Object.keys(answers)) if (!known.has(code)) issue(code, `not an item of ${instrument.version}`);
  const sums = { economic: { w: 0, v: 0 }, social: { w: 0, v: 0 }, psychosocial: { w: 0, v: 0 } };
  for (const it of instrument.items) {
    const a = answers[it.code];
    if (a === undefined) {
      issue(it.code, 'must be answered');
      continue;
    }
    const o = it.options.find((x) => x.code === a);
    if (!o) {
      issue(it.code, 'not an answer option of this item');
      continue;
    }
    sums[it.dimension].w += it.weight;
    sums[it.dimension].v += it.weight * o.value;
  }
  if (issues.length) return { scores: null, issues };
  const dim = (d: keyof typeof sums) => (sums[d].w === 0 ? 0 : sums[d].v / sums[d].w);
  const e = dim('economic');
  const s = dim('social');
  const ps = dim('psychosocial');
  const w = instrument.dimensionWeights;
  const composite = (w.economic * e + w.social * s + w.psychosocial * ps) / (w.economic + w.social + w.psychosocial);
  return {
    scores: { economic: round3(e), social: round3(s), psychosocial: round3(ps), composite: round3(composite) },
    issues: [],
  };
}
