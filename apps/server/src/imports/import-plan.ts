// The first pass of an import, without the database: read every data row into what it asks for (a person to
// register or change, a case to open, a service to record), check it against the same contracts the API uses,
// and give it its import key. Every problem of every row is collected; nothing stops at the first.
import { createHmac } from 'node:crypto';
import {
  CalendarDate,
  type CaseForm,
  type CaseType,
  type ChildAssent,
  type CreateBeneficiary,
  DobPrecision,
  Id,
  type ImportError,
  type ImportKind,
  IsoDate,
  type UpdateBeneficiary,
} from '@corridor/contracts';
import { type PreparedBeneficiary, standaloneChecks } from '../beneficiaries/beneficiaries.service.ts';
import { isChildAt } from '../consent/consent.service.ts';
import { NOT_FUTURE } from '../errors.ts';
import { breather } from './breather.ts';
import { caseFormOf, caseTypeOf, openedOnOf, serviceOf } from './case-row.ts';
import {
  childAssentOf,
  consentColumn,
  hasPersonValues,
  personColumn,
  personFields,
  personToCreate,
  personToUpdate,
} from './person-row.ts';
import { codedIssue, pointerPath, type RowIssue, type SourceRow } from './source-row.ts';

/** What the plan needs besides the rows. */
export type PlanContext = {
  kind: ImportKind;
  organisationId: string;
  /** Key of the keyed hashes (row hashes and household ids): the deployment's secret, never stored with them. */
  hashKey: Buffer;
  basis: string | undefined;
  childAssent: ChildAssent | undefined;
  /** Ages are judged at this time (a child's grant needs their assent). */
  now: Date;
};

/** A person as a row gives it: to register (when new) and as changes (when already registered). */
export type PersonPlan = {
  fields: Record<string, unknown>;
  create: CreateBeneficiary | null;
  /** The same values as changes to a registered person (checked only when a re-import needs them). */
  update: () => UpdateBeneficiary | null;
  childAssent: ChildAssent | undefined;
};

type Base = { row: SourceRow; sourceKey: string; rowHash: string };

/** A new person prepared ahead (beneficiaries.service prepareBeneficiary, by the planning worker), or its problems. */
export type Prepared = { person: PreparedBeneficiary } | { issues: RowIssue[] };

export type BeneficiaryPlan = Base & {
  kind: 'beneficiary';
  targetId: string | null;
  person: PersonPlan;
  /** The new person, when the planning worker prepared them ahead. */
  prepared?: Prepared | undefined;
};

/** Which person a case row is about. */
export type PersonRef =
  | { by: 'id'; id: string }
  | { by: 'source'; sourceKey: string }
  | { by: 'row'; sourceKey: string; rowHash: string; person: PersonPlan };

export type CasePlan = Base & {
  kind: 'case';
  type: CaseType;
  form: CaseForm;
  openedOn: string | undefined;
  person: PersonRef;
};

export type ServicePlan = Base & {
  kind: 'service';
  service: NonNullable<ReturnType<typeof serviceOf>['service']>;
  caseRef: { by: 'id' | 'reference' | 'source'; value: string };
  providerCode: string | null;
};

export type RowPlan = BeneficiaryPlan | CasePlan | ServicePlan;

/** A keyed hash (HMAC-SHA-256, hex) of a value: stable for equal values, unguessable without the key. */
export function keyedHash(key: Buffer, value: unknown): string {
  return createHmac('sha256', key).update(JSON.stringify(value)).digest('hex');
}

/** The household id of a household label of the file: stable per organisation and label, shaped as a UUID v4. */
function householdId(ctx: PlanContext, label: string): string {
  // A Corridor household id (as an export writes it) stands for itself.
  if (Id.safeParse(label).success) return label.toLowerCase();
  const h = keyedHash(ctx.hashKey, ['household', ctx.organisationId, label]);
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const SOURCE_ID = /^[\p{L}\p{N}][\p{L}\p{N} ._:/#-]{0,149}$/u;

function sourceIdOf(row: SourceRow, issues: RowIssue[]): string | null {
  const s = row.text('source_id');
  if (!s) return null;
  if (!SOURCE_ID.test(s))
    issues.push(
      codedIssue(
        row.column('source_id'),
        'source_id_format',
        'must be at most 150 letters, digits, spaces and . _ : / # -, starting with a letter or digit',
      ),
    );
  return s;
}

function uuidOf(row: SourceRow, field: string, issues: RowIssue[]): string | null {
  const s = row.text(field);
  if (!s) return null;
  if (!Id.safeParse(s).success)
    issues.push(codedIssue(row.column(field), 'not_corridor_id', 'must be a Corridor id (UUID)'));
  return s.toLowerCase();
}

/**
 * The birth date of a person's fields the contract refused (another field of theirs was wrong), with its precision,
 * when both read as the contract reads them: the age can still be judged. Null otherwise (the contract reports it).
 */
function birthDateOf(fields: Record<string, unknown>): { day: string; precision: DobPrecision } | null {
  const day = CalendarDate.safeParse(fields.dateOfBirth);
  if (!day.success) return null;
  const given = fields.dobPrecision;
  if (given === undefined || given === null) return { day: day.data, precision: 'exact' };
  const precision = DobPrecision.safeParse(given);
  return precision.success ? { day: day.data, precision: precision.data } : null;
}

/** The person of a row, checked for registration (or for changes when `existing`), with the consent rules. */
function personPlanOf(
  row: SourceRow,
  ctx: PlanContext,
  existing: boolean,
  issues: RowIssue[],
  held: RowIssue[],
): PersonPlan {
  const fields = personFields(row, (label) => householdId(ctx, label));
  const checked = existing ? personToUpdate(row, fields) : personToCreate(row, fields);
  issues.push(...checked.issues);
  // The registry's own checks that hold on their own (a birth date in the future, a p-code of another country): for
  // a person the contract refused they run now; for one it accepted, the registry runs them with its other checks,
  // and they are held for the row's report should another problem of the row keep it from the registry.
  for (const i of standaloneChecks(fields, ctx.now))
    (checked.input ? held : issues).push({
      column: personColumn(row, pointerPath(i.pointer)),
      message: i.message,
      issue: i.code,
      ...(i.params ? { params: i.params } : {}),
    });
  const assent = childAssentOf(row, ctx.childAssent);
  if (assent.issue) issues.push(assent.issue);
  // The age is judged from the birth date as given even when the contract refused another field of the person.
  const dob = checked.input
    ? checked.input.dateOfBirth
      ? { day: checked.input.dateOfBirth, precision: checked.input.dobPrecision ?? 'exact' }
      : null
    : birthDateOf(fields);
  // (A birth date in the future is the registry's to refuse, not a child's.)
  if (
    !existing &&
    !assent.value &&
    dob &&
    dob.day <= ctx.now.toISOString().slice(0, 10) &&
    isChildAt({ date_of_birth: dob.day, dob_precision: dob.precision }, ctx.now)
  )
    issues.push(
      codedIssue(
        row.column('child_assent') ?? row.column('date_of_birth'),
        'child_assent_required',
        'required: the person is under 18; give child_assent (given, refused or not_applicable) in the row or for the file',
      ),
    );
  const consent = consentColumn(row);
  if (consent === 'invalid') issues.push(codedIssue(row.column('consent'), 'yes_or_no', 'must be yes or no'));
  // The file declares the basis; a row that says the person did not agree contradicts a basis of consent.
  if (consent === false && ctx.basis === 'consent')
    issues.push(
      codedIssue(
        row.column('consent'),
        'consent_contradiction',
        'the person did not agree, and the file’s declared basis is consent: use another basis or drop the row',
      ),
    );
  return {
    fields,
    create: existing ? null : (checked.input as CreateBeneficiary | null),
    update: existing ? () => checked.input as UpdateBeneficiary | null : () => personToUpdate(row, fields).input,
    childAssent: assent.value,
  };
}

function planBeneficiary(row: SourceRow, ctx: PlanContext, issues: RowIssue[], held: RowIssue[]): BeneficiaryPlan {
  const sourceId = sourceIdOf(row, issues);
  const targetId = uuidOf(row, 'beneficiary_id', issues);
  if (targetId && sourceId)
    issues.push(
      codedIssue(row.column('source_id'), 'source_id_or_beneficiary_id', 'give source_id or beneficiary_id, not both'),
    );
  const person = personPlanOf(row, ctx, targetId !== null, issues, held);
  const rowHash = keyedHash(ctx.hashKey, ['beneficiary', person.fields]);
  return {
    kind: 'beneficiary',
    row,
    targetId,
    person,
    rowHash,
    sourceKey: targetId ? `id:${targetId}` : sourceId ? `src:${sourceId}` : `hash:${rowHash}`,
  };
}

/**
 * A day of the row that lies after today, as the services refuse it (they check it with the records it needs):
 * held for the row's report should another problem of the row keep it from them.
 */
function futureDay(row: SourceRow, field: string, day: string | undefined, ctx: PlanContext, held: RowIssue[]) {
  if (day && IsoDate.safeParse(day).success && day > ctx.now.toISOString().slice(0, 10))
    held.push({
      column: row.column(field),
      message: 'must not lie in the future',
      issue: 'custom',
      params: NOT_FUTURE,
    });
}

function planCase(row: SourceRow, ctx: PlanContext, issues: RowIssue[], held: RowIssue[]): CasePlan | null {
  const sourceId = sourceIdOf(row, issues);
  const { type, issue } = caseTypeOf(row, ctx.kind === 'trafficking-cases' ? 'trafficking' : null);
  if (issue) issues.push(issue);
  const checked = type ? caseFormOf(row, type) : { form: null, issues: [] };
  issues.push(...checked.issues);
  const opened = openedOnOf(row);
  if (opened.issue) issues.push(opened.issue);
  futureDay(row, 'opened_on', opened.value, ctx, held);

  const byId = uuidOf(row, 'beneficiary_id', issues);
  const bySource = row.text('person_source_id');
  if (byId && bySource)
    issues.push(
      codedIssue(
        row.column('person_source_id'),
        'beneficiary_id_or_person_source_id',
        'give beneficiary_id or person_source_id, not both',
      ),
    );
  if ((byId || bySource) && hasPersonValues(row))
    issues.push(
      codedIssue(
        row.column(byId ? 'beneficiary_id' : 'person_source_id'),
        'person_columns_with_reference',
        'names a registered person: leave the person’s columns empty (change the person with a beneficiaries file)',
      ),
    );
  const own = byId || bySource ? null : personPlanOf(row, ctx, false, issues, held);
  const caseHash = keyedHash(ctx.hashKey, ['case', type, checked.form, opened.value ?? null, byId, bySource]);
  const rowHash = keyedHash(ctx.hashKey, ['case', caseHash, own?.fields ?? null]);
  const sourceKey = sourceId ? `src:${sourceId}` : `hash:${rowHash}`;
  if (!type || !checked.form) return null;
  const person: PersonRef = byId
    ? { by: 'id', id: byId }
    : bySource
      ? { by: 'source', sourceKey: `src:${bySource}` }
      : {
          by: 'row',
          // The person of a case row is keyed under the case's key: it never meets a beneficiaries file's key.
          sourceKey: `case:${sourceKey}`,
          rowHash: keyedHash(ctx.hashKey, ['beneficiary', own!.fields]),
          person: own!,
        };
  return { kind: 'case', row, type, form: checked.form, openedOn: opened.value, person, sourceKey, rowHash };
}

function planService(row: SourceRow, ctx: PlanContext, issues: RowIssue[], held: RowIssue[]): ServicePlan | null {
  const sourceId = sourceIdOf(row, issues);
  const { service, issues: own } = serviceOf(row);
  issues.push(...own);
  futureDay(row, 'delivered_on', row.text('delivered_on'), ctx, held);
  const refs = (['case_id', 'case_reference', 'case_source_id'] as const).filter((f) => row.text(f) !== '');
  if (refs.length !== 1)
    issues.push(
      codedIssue(
        row.firstColumn(['case_id', 'case_reference', 'case_source_id']),
        'one_case_reference',
        'give exactly one of case_id, case_reference and case_source_id',
      ),
    );
  if (refs[0] === 'case_id') uuidOf(row, 'case_id', issues);
  const providerCode = row.text('provider_organisation') || null;
  const rowHash = keyedHash(ctx.hashKey, ['service', service, refs.map((f) => row.text(f)), providerCode]);
  if (!service || refs.length !== 1) return null;
  const by = ({ case_id: 'id', case_reference: 'reference', case_source_id: 'source' } as const)[refs[0]!];
  const value = by === 'id' ? row.text('case_id').toLowerCase() : row.text(refs[0]!);
  return {
    kind: 'service',
    row,
    service,
    caseRef: { by, value: by === 'source' ? `src:${value}` : value },
    providerCode,
    rowHash,
    sourceKey: sourceId ? `src:${sourceId}` : `hash:${rowHash}`,
  };
}

/**
 * One data row's plan (or null), its issues appended to `issues`; without the check against the file's other rows.
 * `held` gets the problems that the services would find themselves once the row reaches them (a date in the future):
 * reported with `issues` when the row has any, so that every problem of a row comes at once (docs/import.md).
 */
export function planRow(row: SourceRow, ctx: PlanContext, issues: RowIssue[], held: RowIssue[] = []): RowPlan | null {
  return ctx.kind === 'beneficiaries'
    ? planBeneficiary(row, ctx, issues, held)
    : ctx.kind === 'services'
      ? planService(row, ctx, issues, held)
      : planCase(row, ctx, issues, held);
}

/**
 * Plans the data rows of one file, in order, a slice at a time (the whole file at once, or batches as a worker
 * reads them). A row with any problem gets no plan; its problems are in `errors`. Two rows with the same key (the
 * same source_id, or exactly the same values without one) are a problem of the second, across slices.
 */
export class Planner {
  private readonly seen = new Map<string, number>();
  constructor(private readonly ctx: PlanContext) {}

  plan(rows: readonly SourceRow[]): { plans: RowPlan[]; errors: ImportError[] } {
    const plans: RowPlan[] = [];
    const errors: ImportError[] = [];
    for (const row of rows) this.one(row, plans, errors);
    return { plans, errors };
  }

  one(row: SourceRow, plans: RowPlan[], errors: ImportError[]): void {
    const issues: RowIssue[] = [];
    const held: RowIssue[] = [];
    const plan = planRow(row, this.ctx, issues, held);
    if (plan) {
      const first = this.seen.get(plan.sourceKey);
      if (first !== undefined)
        issues.push(
          plan.sourceKey.startsWith('hash:')
            ? codedIssue(
                null,
                'repeats_row',
                `repeats row ${first} exactly; give each row a source_id to import both`,
                { row: first },
              )
            : codedIssue(
                plan.sourceKey.startsWith('src:') ? row.column('source_id') : null,
                'same_record_as_row',
                `names the same record as row ${first}`,
                { row: first },
              ),
        );
      else this.seen.set(plan.sourceKey, row.number);
    }
    if (issues.length) errors.push(...row.errors([...issues, ...held]));
    else if (plan) plans.push(plan);
  }
}

/** Plans every data row of a file (in this thread, letting the event loop turn now and then). */
export async function planRows(
  rows: readonly SourceRow[],
  ctx: PlanContext,
): Promise<{ plans: RowPlan[]; errors: ImportError[] }> {
  const plans: RowPlan[] = [];
  const errors: ImportError[] = [];
  const planner = new Planner(ctx);
  const pause = breather();
  for (const row of rows) {
    const p = pause();
    if (p) await p;
    planner.one(row, plans, errors);
  }
  return { plans, errors };
}
