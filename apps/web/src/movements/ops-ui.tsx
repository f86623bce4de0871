import type { Movement, Problem } from '@corridor/contracts';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey } from '../api/client.ts';
import { type FieldIssue, fieldOfPointer, problemOf, splitIssues } from '../api/problem.ts';
import { FormStatus } from '../components/problem-message.tsx';
import { formatNumber } from '../i18n/format.ts';
import { pluralForm } from '../i18n/plural.ts';

const OWN_CODES = [
  'leg_full',
  'best_interest_required',
  'not_ready_to_travel',
  'movement_not_under_way',
  'basis_required',
  'invalid_transition',
  'capacity_below_booked',
] as const;
type OwnCode = (typeof OWN_CODES)[number];

/** A problem of an operations page: the operations sentence for its own codes, the shared message otherwise. */
export function OpsProblem({
  problem,
  shown = [],
  labels = {},
}: {
  problem: Problem | null;
  shown?: readonly string[];
  labels?: Readonly<Record<string, string>>;
}) {
  const { t, i18n } = useTranslation();
  if (problem && (OWN_CODES as readonly string[]).includes(problem.code)) {
    // The server's own sentence in English (it says which check failed); the operations sentence otherwise, with the
    // server's words after a refusal of the record's state, which the sentence alone cannot explain.
    const own = t(`ops.errors.${problem.code as OwnCode}`);
    const text =
      i18n.resolvedLanguage === 'en' && problem.detail
        ? problem.detail
        : problem.code === 'invalid_transition' && problem.detail
          ? t('issueText.explained', { text: own, detail: problem.detail })
          : own;
    return (
      <div className="form-status" aria-live="assertive" aria-atomic="true">
        <p className="problem" data-testid="ops-problem" data-code={problem.code}>
          {text}
        </p>
      </div>
    );
  }
  return <FormStatus problem={problem} rest={unshownIssues(problem, shown, labels)} />;
}

/**
 * The issues of a problem that no field of the form shows (`shown`: the fields given their issues), each with the
 * field it is about (its label when `labels` has one), so that nothing the server said is lost.
 */
function unshownIssues(
  problem: Problem | null,
  shown: readonly string[],
  labels: Readonly<Record<string, string>>,
): FieldIssue[] {
  const out: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const issue of problem?.errors ?? []) {
    const field = fieldOfPointer(issue.pointer);
    if ((field && shown.includes(field)) || shown.includes(issue.pointer.slice(1))) continue;
    // A field inside a list (`/legs/0/arrivesAt`) is named by its own label when the form has one.
    const last = issue.pointer.split('/').at(-1) ?? '';
    const name = labels[last] ?? labels[field] ?? (field || undefined);
    const key = JSON.stringify([name ?? '', issue.code, issue.message, issue.params?.rule ?? null]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ code: issue.code, message: issue.message, params: issue.params, field: name });
  }
  return out;
}

/**
 * A form's issues by field, as the API names its fields: `at(field)` gives a field its own issues, shown under it;
 * `shown` lists those fields, for OpsProblem, which then lists only the issues no field shows. A field inside the
 * body's lists or objects is named by its path (`legs/0/carrier`: the first leg's carrier).
 */
export function issuesAt(problem: Problem | null, fields: readonly string[]) {
  const { byField } = splitIssues(
    problem,
    fields.filter((f) => !f.includes('/')),
  );
  const nested = fields.filter((f) => f.includes('/'));
  if (nested.length)
    for (const issue of problem?.errors ?? []) {
      const path = issue.pointer.slice(1);
      if (issue.location !== 'body' || !nested.includes(path)) continue;
      byField[path] = [...(byField[path] ?? []), { code: issue.code, message: issue.message, params: issue.params }];
    }
  return { at: (field: string): FieldIssue[] | undefined => byField[field], shown: fields };
}

/** Runs one write and reports its problem; `run` gets a fresh idempotency key for creating POSTs. */
export function useWrite(onDone: (data: unknown) => void) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const write = async (method: 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown, ifMatch?: string | null) => {
    setProblem(null);
    setBusy(true);
    try {
      const res = await api(method, path, { body, idempotencyKey: newIdempotencyKey(), ifMatch: ifMatch ?? null });
      onDone(res.data);
      return true;
    } catch (err) {
      setProblem(problemOf(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { problem, busy, write, setProblem };
}

/**
 * A leg's seats, "2 of 180 seats taken": the sentence in the form the language gives the capacity (Arabic has six),
 * both numbers written in the language's digits.
 */
export function seatsText(t: TFunction, lng: string, booked: number, capacity: number): string {
  return t(`ops.movements.seats.${pluralForm(capacity, lng)}`, {
    booked: formatNumber(booked, lng),
    capacity: formatNumber(capacity, lng),
  });
}

/**
 * Whether a movement takes bookings (movements.service bookPassenger): planned or under way, and its first leg has not
 * left (a passenger is booked on every leg).
 */
export function takesBookings(m: Movement, now = Date.now()): boolean {
  if (m.status !== 'planned' && m.status !== 'in_progress') return false;
  const first = m.legs[0];
  return !first || Date.parse(first.departsAt) > now;
}

/** Upper-cases and trims a code typed by hand (country, p-code). */
export const code = (s: string): string => s.trim().toUpperCase();
