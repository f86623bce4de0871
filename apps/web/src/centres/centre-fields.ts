import { type Problem, WEEKDAYS, type Weekday } from '@corridor/contracts';
import { type FieldIssue, fieldOfPointer } from '../api/problem.ts';

/** The fields of a centre's body (CreateCentre, UpdateCentre) the centre form names by their labels. */
export const CENTRE_FIELDS = [
  'name',
  'country',
  'pcode',
  'address',
  'timeZone',
  'openingHours',
  'services',
  'publicBooking',
  'active',
] as const;
export type CentreField = (typeof CENTRE_FIELDS)[number];
const SERVICE_FIELDS = ['slotMinutes', 'seatsPerSlot'] as const;
type ServiceField = (typeof SERVICE_FIELDS)[number];

/** The words the centre form names its fields with, in the page's language. */
export type CentreFieldWords = {
  field: (f: CentreField | ServiceField) => string;
  weekday: (d: Weekday) => string;
  service: (s: string) => string;
  /** A part of a field: "Opening hours — Mon", "Document check — Places per slot". */
  of: (whole: string, part: string) => string;
};

const isOneOf = <T extends string>(list: readonly T[], x: string | undefined): x is T =>
  x !== undefined && (list as readonly string[]).includes(x);

/**
 * The field an issue of a centre's body is about, in words: `/services/1/seatsPerSlot` is the places per slot of the
 * second service sent (`sent`, the services in the order the form sent them), `/openingHours/mon/0` Monday's opening
 * hours. A path the form does not know is named by its first field, or not at all: never by the body's own names.
 */
export function centreFieldName(pointer: string, sent: readonly string[], w: CentreFieldWords): string | undefined {
  const field = fieldOfPointer(pointer);
  if (!isOneOf(CENTRE_FIELDS, field)) return undefined;
  const [, , second, third] = pointer.split('/');
  if (field === 'openingHours' && isOneOf(WEEKDAYS, second)) return w.of(w.field(field), w.weekday(second));
  if (field === 'services' && second !== undefined && /^\d+$/.test(second)) {
    const service = sent[Number(second)];
    if (service === undefined) return w.field(field);
    return isOneOf(SERVICE_FIELDS, third) ? w.of(w.service(service), w.field(third)) : w.service(service);
  }
  return w.field(field);
}

/** Every issue of a problem about a centre's body, each with its field in words, once each (for FormStatus `rest`). */
export function centreIssues(problem: Problem | null, sent: readonly string[], w: CentreFieldWords): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const issue of problem?.errors ?? []) {
    const field = issue.location === 'body' ? centreFieldName(issue.pointer, sent, w) : undefined;
    const key = JSON.stringify([field ?? '', issue.code, issue.message, issue.params?.rule ?? null]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ code: issue.code, message: issue.message, params: issue.params, field });
  }
  return out;
}
