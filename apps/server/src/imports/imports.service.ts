// Bulk import of people, cases and services (docs/import.md). A file imports all or nothing: it runs in the
// caller's transaction and any problem rejects the whole file, listing every problem of every row. Each record it
// writes goes through the owning context's service (registry, consent ledger, cases), exactly as a form would,
// and is remembered under an import key, so the same file imported again creates nothing new.
import { createHmac } from 'node:crypto';
import type {
  ChildAssent,
  ImportError,
  ImportKind,
  ImportReport,
  LegalBasis,
  TableFormat,
  UpdateBeneficiary,
} from '@corridor/contracts';
import { sql } from 'kysely';
import { presentBeneficiary } from '../beneficiaries/beneficiaries.presenter.ts';
import {
  createBeneficiaries,
  createBeneficiary,
  documentsOfBeneficiary,
  getBeneficiary,
  type PreparedBeneficiary,
  prepareBeneficiary,
  updateBeneficiary,
  visibleBeneficiaries,
} from '../beneficiaries/beneficiaries.service.ts';
import type { BeneficiaryRow } from '../beneficiaries/beneficiaries.table.ts';
import { assertValidForm } from '../cases/case-forms.ts';
import { addService } from '../cases/case-records.service.ts';
import {
  dayOf,
  getWorkableCase,
  getWorkableCaseByReference,
  loadForm,
  openCase,
  openCasesInBulk,
  updateCaseForm,
} from '../cases/cases.service.ts';
import type { CaseRow } from '../cases/cases.table.ts';
import { currentBases, currentBasis, grantAssistanceToNewPeople, recordConsent } from '../consent/consent.service.ts';
import type { Engine, Trx } from '../db/database.ts';
import { translateDatabaseError, withLargePageCache } from '../db/dialects/index.ts';
import { catalogue, DomainError } from '../errors.ts';
import { evidenceNewPeople, evidencePrefetch, withEvidenceDeferred } from '../evidence/maintain.ts';
import type { Principal } from '../http/principal.ts';
import { findOrganisationByCode } from '../identity/identity.repository.ts';
import { breather } from './breather.ts';
import { caseColumnOfPointer } from './case-row.ts';
import { isHashtagRow } from './hxl.ts';
import { mapColumns } from './import-columns.ts';
import {
  type BeneficiaryPlan,
  type CasePlan,
  type PersonPlan,
  planRows,
  type RowPlan,
  type ServicePlan,
} from './import-plan.ts';
import * as repo from './imports.repository.ts';
import type { ImportedRecordType, ImportKeyRow, ImportKeyTable } from './imports.table.ts';
import { personColumn } from './person-row.ts';
import { pointerPath, type RowIssue, SourceRow } from './source-row.ts';
import { readTable, UnreadableTable } from './tabular.ts';

/** The key of import hashes, derived from the deployment's secret (never the secret itself). */
export const importHashKey = (secretKey: Buffer): Buffer =>
  createHmac('sha256', secretKey).update('corridor import keys v1').digest();

/** A file to import and the importer's declaration about the people in it. */
export type ImportRequest = {
  kind: ImportKind;
  format: TableFormat;
  data: Buffer;
  /** The legal basis for assisting the people the file registers, and what they were told (D2). */
  basis?: LegalBasis | undefined;
  informationGiven?: string | undefined;
  childAssent?: ChildAssent | undefined;
  /** Check everything and count what would happen, then write nothing. */
  validateOnly: boolean;
};

export type ImportLimits = { maxBytes: number; maxRows: number };

/** The 422 for a file with problems: every one, with its row and column. */
export function importRejected(errors: readonly ImportError[]): DomainError {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  return new DomainError(
    'import_rejected',
    `The file has ${sorted.length} problem${sorted.length === 1 ? '' : 's'}; nothing was imported. Fix them and import the file again.`,
    {
      errors: sorted.map((e) => ({
        location: 'body',
        pointer: '/content',
        message: e.message,
        code: 'import_row',
        row: e.row,
        column: e.column,
      })),
    },
  );
}

/**
 * Where the header, the HXL hashtag row and the data are. Like HXL readers, the hashtag row is looked for in the
 * first 25 rows; the row above it is the header (rows above that, such as a title, are skipped), and the data
 * starts below it. Without a hashtag row, the first row is the header.
 */
function layoutOf(grid: readonly string[][]): {
  header: string[];
  headerRow: number;
  tags: string[] | null;
  firstData: number;
} {
  const h = grid.slice(0, 25).findIndex((r) => isHashtagRow(r));
  if (h >= 0) return { header: h > 0 ? grid[h - 1]! : [], headerRow: Math.max(1, h), tags: grid[h]!, firstData: h + 1 };
  return { header: grid[0] ?? [], headerRow: 1, tags: null, firstData: 1 };
}

/** A row that cannot be imported, with its issues; `halt` when the database refused it (nothing more can run). */
class RowFailure extends Error {
  constructor(
    readonly issues: RowIssue[],
    readonly halt = false,
  ) {
    super('row failed');
  }
}

/** A bulk write refused by a service or the database, pinned to a row of the batch. */
class BatchFailure extends Error {
  constructor(
    readonly row: SourceRow,
    readonly failure: RowFailure,
  ) {
    super('batch failed');
  }
}

const fail = (column: string | null, message: string) => new RowFailure([{ column, message }]);

/** A service's error as the row's issues, named by column; rethrows what is neither a domain nor a database error. */
function rowFailureOf(err: unknown, columnOf: (pointer: string) => string | null): RowFailure {
  if (err instanceof RowFailure) return err;
  const e = err instanceof DomainError ? err : translateDatabaseError(err);
  if (!(e instanceof DomainError)) throw err;
  const halt = !(err instanceof DomainError);
  if (e.code === 'validation_failed' && e.extra.errors?.length)
    return new RowFailure(
      e.extra.errors.map((i) => ({ column: columnOf(i.pointer), message: i.message })),
      halt,
    );
  return new RowFailure([{ column: null, message: e.detail ?? catalogue[e.code].title }], halt);
}

/** Runs a service call for a row; its domain errors become the row's issues, named by column. */
async function step<T>(columnOf: (pointer: string) => string | null, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw rowFailureOf(err, columnOf);
  }
}

/** New people of a beneficiaries file are registered this many at a time (multi-row inserts). */
const REGISTER_BATCH = 2000;
/** New cases of registered people are checked and opened this many at a time. */
const CASE_BATCH = 500;

/** A new case of a registered person, checked against the file alone and waiting for its batch. */
type PendingCase = {
  plan: CasePlan;
  personId: string | null;
  /** The column that names the person (beneficiary_id or person_source_id). */
  personColumn: string | null;
  columnOf: (pointer: string) => string | null;
};

/** A copy with object keys and string lists sorted, so that two forms compare by content. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(canonical);
    return items.every((i) => typeof i === 'string') ? [...(items as string[])].sort() : items;
  }
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v;
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));

/** The second pass: every planned row against the database, in the caller's transaction. */
class ImportRun {
  readonly keys = new Map<string, ImportKeyRow>();
  readonly fresh: ImportKeyTable[] = [];
  readonly changed: { key: ImportKeyRow; hash: string }[] = [];
  /** New people checked and waiting to be registered in bulk, with their rows. */
  private pending: { row: SourceRow; person: PreparedBeneficiary; childAssent: ChildAssent | undefined }[] = [];
  /** New cases of registered people waiting to be checked and opened in bulk. */
  private pendingCases: PendingCase[] = [];
  /** Problems found for earlier rows while a batch was checked; the run reports them as it goes. */
  readonly late: { row: SourceRow; failure: RowFailure }[] = [];
  /** Set once a row failed: the import will be rejected, so rows are still checked but no longer written. */
  failed = false;
  constructor(
    private readonly trx: Trx,
    private readonly engine: Engine,
    private readonly p: Principal,
    private readonly req: ImportRequest,
    private readonly now: Date,
  ) {}

  private keyOf(type: ImportedRecordType, sourceKey: string) {
    return this.keys.get(`${type} ${sourceKey}`);
  }

  /** Loads every import key the plans may meet, a few queries for the whole file. */
  async loadKeys(plans: readonly RowPlan[]): Promise<void> {
    const wanted: Record<ImportedRecordType, string[]> = { beneficiary: [], case: [], service: [] };
    for (const plan of plans) {
      if (plan.kind === 'beneficiary' && !plan.targetId) wanted.beneficiary.push(plan.sourceKey);
      if (plan.kind === 'case') {
        wanted.case.push(plan.sourceKey);
        if (plan.person.by !== 'id') wanted.beneficiary.push(plan.person.sourceKey);
      }
      if (plan.kind === 'service') {
        wanted.service.push(plan.sourceKey);
        if (plan.caseRef.by === 'source') wanted.case.push(plan.caseRef.value);
      }
    }
    for (const type of ['beneficiary', 'case', 'service'] as const)
      for (const k of await repo.findImportKeys(this.trx, this.p.organisationId, type, [...new Set(wanted[type])]))
        this.keys.set(`${type} ${k.source_key}`, k);
  }

  private remember(type: ImportedRecordType, sourceKey: string, recordId: string, rowHash: string) {
    const at = this.now.toISOString();
    const row: ImportKeyTable = {
      organisation_id: this.p.organisationId,
      record_type: type,
      source_key: sourceKey,
      record_id: recordId,
      row_hash: rowHash,
      created_at: at,
      updated_at: at,
    };
    this.fresh.push(row);
    this.keys.set(`${type} ${sourceKey}`, row);
  }

  /** Registers a person with the file's declared assistance basis (never assumed: the importer declared it). */
  private async registerPerson(row: SourceRow, plan: PersonPlan): Promise<BeneficiaryRow> {
    const columnOf = (ptr: string) => personColumn(row, pointerPath(ptr));
    const { row: b } = await step(columnOf, () => createBeneficiary(this.trx, this.p, plan.create!, this.now));
    evidenceNewPeople(this.trx, [b.id]); // evidence base: a new person contributes nothing yet
    await step(columnOf, () =>
      recordConsent(
        this.trx,
        this.engine,
        this.p,
        b,
        {
          purpose: 'assistance',
          basis: this.req.basis!,
          action: 'grant',
          informationGiven: this.req.informationGiven ?? null,
          childAssent: plan.childAssent ?? null,
          recipientOrganisationId: null,
          expiresAt: null,
        },
        this.now,
      ),
    );
    return b;
  }

  /** A registered person the caller may see, else the row fails naming `column`. */
  private async visiblePerson(id: string, column: string | null): Promise<BeneficiaryRow> {
    try {
      return await getBeneficiary(this.trx, this.p, id);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found')
        throw fail(column, 'the person does not exist or is not visible to you');
      throw err;
    }
  }

  /** An existing person may only be worked on under a valid assistance basis; an import never grants it again. */
  private async requireAssistance(b: BeneficiaryRow): Promise<void> {
    if (!(await currentBasis(this.trx, { beneficiaryId: b.id, purpose: 'assistance' }, this.now)))
      throw fail(
        null,
        'the person has no valid assistance basis (withdrawn or expired); an import does not grant it again',
      );
  }

  /** Applies the row's person values that differ from the record; 'skipped' when none differ. */
  private async changePerson(
    row: SourceRow,
    b: BeneficiaryRow,
    update: UpdateBeneficiary | null,
  ): Promise<'updated' | 'skipped'> {
    if (!update) return 'skipped';
    const current = presentBeneficiary(b, await documentsOfBeneficiary(this.trx, b.id)) as Record<string, unknown>;
    const changes = Object.fromEntries(
      Object.entries(update).filter(([k, v]) => !same(v, current[k])),
    ) as UpdateBeneficiary;
    if (Object.keys(changes).length === 0) return 'skipped';
    await this.requireAssistance(b);
    const columnOf = (ptr: string) => personColumn(row, pointerPath(ptr));
    await step(columnOf, () => updateBeneficiary(this.trx, this.p, b.id, b.version, changes, this.now));
    return 'updated';
  }

  async beneficiary(plan: BeneficiaryPlan): Promise<'created' | 'updated' | 'skipped'> {
    const { row } = plan;
    if (plan.targetId) {
      const b = await this.visiblePerson(plan.targetId, row.column('beneficiary_id'));
      return this.changePerson(row, b, plan.person.update());
    }
    const key = this.keyOf('beneficiary', plan.sourceKey);
    if (!key) {
      // Checked now (every problem of the row is reported), written with the next batch.
      let person: PreparedBeneficiary;
      try {
        person = prepareBeneficiary(this.p, plan.person.create!, this.now);
      } catch (err) {
        throw rowFailureOf(err, (ptr) => personColumn(row, pointerPath(ptr)));
      }
      this.pending.push({ row, person, childAssent: plan.person.childAssent });
      this.remember('beneficiary', plan.sourceKey, person.row.id, plan.rowHash);
      if (this.pending.length >= REGISTER_BATCH) await this.flush();
      return 'created';
    }
    if (key.row_hash === plan.rowHash) return 'skipped';
    const b = await this.visiblePerson(key.record_id, row.column('source_id'));
    this.changed.push({ key, hash: plan.rowHash });
    return this.changePerson(row, b, plan.person.update());
  }

  /** The person a new case is for: named by id or by an earlier import, or the row's own (registered if new). */
  private async personForCase(plan: CasePlan): Promise<{ id: string; outcome: 'created' | 'updated' | 'skipped' }> {
    const { row, person } = plan;
    if (person.by === 'id') {
      const b = await this.visiblePerson(person.id, row.column('beneficiary_id'));
      await this.requireAssistance(b);
      return { id: b.id, outcome: 'skipped' };
    }
    const key = this.keyOf('beneficiary', person.sourceKey);
    if (person.by === 'source') {
      if (!key) throw fail(row.column('person_source_id'), 'no person was imported with this source id');
      const b = await this.visiblePerson(key.record_id, row.column('person_source_id'));
      await this.requireAssistance(b);
      return { id: b.id, outcome: 'skipped' };
    }
    if (key) {
      // The person of an earlier import of this row, whose case was since erased: keep the person.
      const b = await this.visiblePerson(key.record_id, row.column('source_id'));
      if (key.row_hash !== person.rowHash) this.changed.push({ key, hash: person.rowHash });
      const outcome = await this.changePerson(row, b, person.person.update());
      await this.requireAssistance(b);
      return { id: b.id, outcome };
    }
    const b = await this.registerPerson(row, person.person);
    this.remember('beneficiary', person.sourceKey, b.id, person.rowHash);
    return { id: b.id, outcome: 'created' };
  }

  async case(plan: CasePlan): Promise<'created' | 'updated' | 'skipped'> {
    const { row } = plan;
    const columnOf = (ptr: string) => caseColumnOfPointer(row, plan.type, ptr);
    const key = this.keyOf('case', plan.sourceKey);
    if (!key && plan.person.by !== 'row') {
      // A new case of a registered person: the form is checked now, the person and their basis with the batch.
      try {
        assertValidForm(plan.form);
        if ((plan.openedOn ?? dayOf(this.now)) > dayOf(this.now))
          throw new DomainError('validation_failed', 'Some fields are not valid; see errors.', {
            errors: [{ location: 'body', pointer: '/openedOn', message: 'must not lie in the future', code: 'custom' }],
          });
      } catch (err) {
        throw rowFailureOf(err, columnOf);
      }
      const { person } = plan;
      const personColumn = row.column(person.by === 'id' ? 'beneficiary_id' : 'person_source_id');
      const personId =
        person.by === 'id' ? person.id : (this.keyOf('beneficiary', person.sourceKey)?.record_id ?? null);
      if (person.by === 'source' && !personId)
        throw fail(row.column('person_source_id'), 'no person was imported with this source id');
      this.pendingCases.push({ plan, personId, personColumn, columnOf });
      if (this.pendingCases.length >= CASE_BATCH) await this.flushCases();
      return 'created';
    }
    // Everything else runs one row at a time, after the cases waiting for their batch (references stay in order).
    await this.flushCases();
    if (!key) {
      const person = await this.personForCase(plan);
      const { row: c } = await step(columnOf, () =>
        openCase(
          this.trx,
          this.engine,
          this.p,
          { beneficiaryId: person.id, form: plan.form, openedOn: plan.openedOn },
          this.now,
        ),
      );
      this.remember('case', plan.sourceKey, c.id, plan.rowHash);
      return 'created';
    }
    if (key.row_hash === plan.rowHash) return 'skipped';
    this.changed.push({ key, hash: plan.rowHash });
    let outcome: 'updated' | 'skipped' = 'skipped';
    if (plan.person.by === 'row') {
      const personKey = this.keyOf('beneficiary', plan.person.sourceKey);
      if (personKey && personKey.row_hash !== plan.person.rowHash) {
        const b = await this.visiblePerson(personKey.record_id, row.column('source_id'));
        this.changed.push({ key: personKey, hash: plan.person.rowHash });
        outcome = await this.changePerson(row, b, plan.person.person.update());
      }
    }
    const current = await this.workableCase(key.record_id, row.column('source_id'));
    if (current.type !== plan.type)
      throw fail(row.column('case_type'), 'differs from the type of the case this row imported before');
    if (!same(await loadForm(this.trx, current), plan.form)) {
      await step(columnOf, () => updateCaseForm(this.trx, this.p, current.id, current.version, plan.form, this.now));
      outcome = 'updated';
    }
    return outcome;
  }

  private async workableCase(id: string, column: string | null, byReference = false): Promise<CaseRow> {
    try {
      return byReference
        ? await getWorkableCaseByReference(this.trx, this.p, id)
        : await getWorkableCase(this.trx, this.p, id);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found')
        throw fail(column, 'no case you may work on has this id or reference');
      throw err;
    }
  }

  async service(plan: ServicePlan): Promise<'created' | 'skipped'> {
    const { row, caseRef } = plan;
    const key = this.keyOf('service', plan.sourceKey);
    if (key) {
      if (key.row_hash === plan.rowHash) return 'skipped';
      throw fail(
        row.column('source_id'),
        'a service imported before cannot be changed by an import; record a correction on the case',
      );
    }
    let c: CaseRow;
    if (caseRef.by === 'source') {
      const caseKey = this.keyOf('case', caseRef.value);
      if (!caseKey) throw fail(row.column('case_source_id'), 'no case was imported with this source id');
      c = await this.workableCase(caseKey.record_id, row.column('case_source_id'));
    } else if (caseRef.by === 'reference') {
      c = await this.workableCase(caseRef.value, row.column('case_reference'), true);
    } else {
      c = await this.workableCase(caseRef.value, row.column('case_id'));
    }
    let provider: string | undefined;
    if (plan.providerCode) {
      const org = await findOrganisationByCode(this.trx, plan.providerCode);
      if (!org) throw fail(row.column('provider_organisation'), 'no organisation has this code');
      provider = org.id;
    }
    const columnOf = (ptr: string) =>
      row.column(
        { serviceType: 'service_type', deliveredOn: 'delivered_on', providerOrganisationId: 'provider_organisation' }[
          String(pointerPath(ptr)[0])
        ] ?? 'service_type',
      );
    const s = await step(columnOf, () =>
      addService(
        this.trx,
        c,
        this.p,
        { ...plan.service, providerOrganisationId: provider, planItemId: null },
        this.now,
      ),
    );
    this.remember('service', plan.sourceKey, s.id, plan.rowHash);
    return 'created';
  }

  /**
   * Registers the pending new people with their assistance grants, in multi-row inserts (the registry's and the
   * ledger's bulk paths: the same rows as one registration at a time). Nothing is written once a row failed.
   */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (this.failed || batch.length === 0) return;
    try {
      await createBeneficiaries(
        this.trx,
        this.p,
        batch.map((x) => x.person),
      );
      await grantAssistanceToNewPeople(
        this.trx,
        this.p,
        batch.map((x) => ({
          person: x.person.row,
          basis: this.req.basis!,
          informationGiven: this.req.informationGiven ?? null,
          childAssent: x.childAssent ?? null,
        })),
        this.now,
      );
    } catch (err) {
      // Every row was checked before; a refusal here names the batch's row when it can, else its first.
      const failure = rowFailureOf(err, () => null);
      const index = err instanceof DomainError ? Number(err.extra.errors?.[0]?.pointer.split('/')[1]) : Number.NaN;
      const row = batch[Number.isInteger(index) ? index : 0]!.row;
      throw new BatchFailure(row, failure);
    }
  }

  /**
   * Checks the waiting new cases of registered people against the database (the person exists and may be seen, and
   * has a valid assistance basis: the same checks as one row at a time, in a few queries), then opens them in bulk
   * (cases.service openCasesInBulk). A row that fails joins `late`; nothing is written once any row failed.
   */
  async flushCases(): Promise<void> {
    const batch = this.pendingCases;
    this.pendingCases = [];
    if (batch.length === 0) return;
    const ids = batch.flatMap((x) => (x.personId ? [x.personId] : []));
    const visible = await visibleBeneficiaries(this.trx, this.p, ids);
    const assisted = await currentBases(this.trx, [...visible.keys()], 'assistance', this.now);
    const ok: PendingCase[] = [];
    for (const x of batch) {
      if (!x.personId || !visible.has(x.personId))
        this.late.push({
          row: x.plan.row,
          failure: fail(x.personColumn, 'the person does not exist or is not visible to you'),
        });
      else if (!assisted.has(x.personId))
        this.late.push({
          row: x.plan.row,
          failure: fail(
            null,
            'the person has no valid assistance basis (withdrawn or expired); an import does not grant it again',
          ),
        });
      else ok.push(x);
    }
    if (this.late.length) this.failed = true;
    if (this.failed || ok.length === 0) return;
    try {
      const rows = await openCasesInBulk(
        this.trx,
        this.engine,
        this.p,
        ok.map((x) => ({ beneficiaryId: x.personId!, form: x.plan.form, openedOn: x.plan.openedOn })),
        this.now,
      );
      for (const [i, c] of rows.entries()) this.remember('case', ok[i]!.plan.sourceKey, c.id, ok[i]!.plan.rowHash);
    } catch (err) {
      const index = err instanceof DomainError ? Number(err.extra.errors?.[0]?.pointer.split('/')[1]) : Number.NaN;
      const at = ok[Number.isInteger(index) ? index : 0]!;
      const failure = rowFailureOf(err, (ptr) => at.columnOf(ptr.replace(/^\/\d+/, '')));
      throw new BatchFailure(at.plan.row, failure);
    }
  }

  /**
   * The evidence base (evidence/maintain.ts) reads what each person contributes before the import first writes
   * to them; this reads it for the people of the next plans in a few queries instead of one person at a time.
   */
  async prefetchEvidence(plans: readonly RowPlan[]): Promise<void> {
    const people: string[] = [];
    const cases: string[] = [];
    for (const plan of plans) {
      if (plan.kind === 'case') {
        const { person } = plan;
        const id = person.by === 'id' ? person.id : this.keyOf('beneficiary', person.sourceKey)?.record_id;
        if (id) people.push(id);
      } else if (plan.kind === 'service') {
        const id =
          plan.caseRef.by === 'source'
            ? this.keyOf('case', plan.caseRef.value)?.record_id
            : plan.caseRef.by === 'id'
              ? plan.caseRef.value
              : undefined;
        if (id) cases.push(id);
      }
    }
    if (cases.length) {
      const rows = await this.trx
        .selectFrom('cases')
        .select('beneficiary_id')
        .where('organisation_id', '=', this.p.organisationId)
        .where('id', 'in', [...new Set(cases)])
        .execute();
      for (const r of rows) people.push(r.beneficiary_id);
    }
    if (people.length) await evidencePrefetch(this.trx, people, this.now);
  }

  /** Writes the keys of what this run created and the new hashes of what it changed. */
  async saveKeys(): Promise<void> {
    await repo.insertImportKeys(this.trx, this.fresh);
    const at = this.now.toISOString();
    for (const { key, hash } of this.changed) await repo.updateImportKeyHash(this.trx, key, hash, at);
  }
}

/**
 * Imports one file in the caller's transaction: all of it, or nothing (import_rejected listing every problem).
 * With `validateOnly`, everything runs inside a savepoint that is rolled back, so the counts are exact and nothing
 * stays. `hashKey` keys the row hashes (the deployment's secret), so stored keys reveal nothing about a row.
 */
export async function runImport(
  trx: Trx,
  engine: Engine,
  p: Principal,
  req: ImportRequest,
  limits: ImportLimits,
  hashKey: Buffer,
  now: Date,
): Promise<ImportReport> {
  if (req.data.length > limits.maxBytes)
    throw new DomainError('payload_too_large', 'The file is larger than the import limit; split it.');
  if (req.kind !== 'services' && (!req.basis || !req.informationGiven))
    throw importRejected([
      { row: 0, column: null, message: 'declare the legal basis and the information given to the people in the file' },
    ]);

  let grid: string[][];
  try {
    // Up to 25 rows above the data (titles, header, hashtags), and one row more than allowed to tell there are too many.
    grid = await readTable(req.format, req.data, { maxRecords: limits.maxRows + 26, maxBytes: limits.maxBytes });
  } catch (err) {
    if (err instanceof UnreadableTable) throw importRejected([{ row: err.row, column: null, message: err.message }]);
    throw err;
  }
  const { header, headerRow, tags, firstData } = layoutOf(grid);
  const columns = mapColumns(req.kind, header, tags);
  const errors: ImportError[] = columns.problems.map((x) => ({
    row: headerRow,
    column: x.column,
    message: x.message,
  }));
  if (columns.index.size === 0)
    errors.push({
      row: headerRow,
      column: null,
      message: 'no column of the file is one Corridor reads for this kind of file',
    });
  const rows = grid
    .slice(firstData)
    .map((cells, i) => new SourceRow(firstData + i + 1, cells, columns))
    .filter((r) => !r.empty);
  if (rows.length > limits.maxRows)
    throw importRejected([
      { row: 0, column: null, message: `the file has more than ${limits.maxRows} rows; split it` },
    ]);
  if (rows.length === 0) errors.push({ row: 0, column: null, message: 'the file has no data rows' });

  const { plans, errors: planErrors } = await planRows(rows, {
    kind: req.kind,
    organisationId: p.organisationId,
    hashKey,
    basis: req.basis,
    childAssent: req.childAssent,
    now,
  });
  errors.push(...planErrors);

  // Evidence base (evidence/maintain.ts): the rows' aggregate deltas are applied once at the end, grouped per cell.
  return withEvidenceDeferred(trx, now, () =>
    withLargePageCache(trx, engine, IMPORT_CACHE_MIB, () =>
      execute(trx, engine, p, req, now, rows, plans, errors, columns.hxl, columns.ignored),
    ),
  );
}

/** Plans whose people's evidence contributions are read together before they run. */
const PREFETCH = 500;

/** SQLite page cache while an import writes (MiB): the registry's indexes of a large file are far larger than 2 MB. */
const IMPORT_CACHE_MIB = 256;

/** The second pass of runImport: every plan against the database, then the keys; all or nothing. */
async function execute(
  trx: Trx,
  engine: Engine,
  p: Principal,
  req: ImportRequest,
  now: Date,
  rows: readonly SourceRow[],
  plans: readonly RowPlan[],
  errors: ImportError[],
  hxl: boolean,
  ignoredColumns: string[],
): Promise<ImportReport> {
  const counts = { created: 0, updated: 0, skipped: 0 };
  const run = new ImportRun(trx, engine, p, req, now);
  await sql`savepoint corridor_import`.execute(trx);
  await run.loadKeys(plans);
  run.failed = errors.length > 0;
  const pause = breather();
  const halted = (row: SourceRow, failure: RowFailure): boolean => {
    errors.push(...row.errors(failure.issues));
    run.failed = true;
    // After the database refused a statement, PostgreSQL runs nothing more in this transaction.
    if (failure.halt) errors.push({ row: row.number, column: null, message: 'the check stopped at this row' });
    return failure.halt;
  };
  for (let i = 0; i < plans.length; i++) {
    const plan = plans[i]!;
    if (i % PREFETCH === 0) await run.prefetchEvidence(plans.slice(i, i + PREFETCH));
    const p = pause();
    if (p) await p;
    try {
      const outcome =
        plan.kind === 'beneficiary'
          ? await run.beneficiary(plan)
          : plan.kind === 'case'
            ? await run.case(plan)
            : await run.service(plan);
      counts[outcome]++;
    } catch (err) {
      if (err instanceof BatchFailure) {
        if (halted(err.row, err.failure)) break;
        continue;
      }
      if (!(err instanceof RowFailure)) throw err;
      if (halted(plan.row, err)) break;
    } finally {
      for (const x of run.late.splice(0)) halted(x.row, x.failure);
    }
  }
  for (const last of [() => run.flush(), () => run.flushCases()]) {
    try {
      await last();
    } catch (err) {
      if (!(err instanceof BatchFailure)) throw err;
      halted(err.row, err.failure);
    }
    for (const x of run.late.splice(0)) halted(x.row, x.failure);
  }
  if (errors.length) throw importRejected(errors);
  await run.saveKeys();
  if (req.validateOnly) await sql`rollback to savepoint corridor_import`.execute(trx);
  await sql`release savepoint corridor_import`.execute(trx);
  return {
    kind: req.kind,
    format: req.format,
    dryRun: req.validateOnly,
    hxl,
    rows: rows.length,
    ...counts,
    ignoredColumns,
    errors: [],
  };
}

/** Deletes the import keys of erased records, so that a later import does not point at them (SECURITY.md D8). */
export const forgetImportedRecords = (trx: Trx, recordIds: readonly string[]) =>
  repo.deleteImportKeysOf(trx, recordIds);
