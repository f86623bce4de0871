// Bulk import of people, cases and services (docs/import.md). A file imports all or nothing: it runs in the
// caller's transaction and any problem rejects the whole file, listing every problem of every row. Each record it
// writes goes through the owning context's service (registry, consent ledger, cases), exactly as a form would,
// and is remembered under an import key, so the same file imported again creates nothing new.
import { createHmac } from 'node:crypto';
import os from 'node:os';
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
import { anonymisedAmong, isAnonymised } from '../beneficiaries/anonymised.ts';
import { presentBeneficiary } from '../beneficiaries/beneficiaries.presenter.ts';
import {
  createBeneficiaries,
  documentsOfBeneficiary,
  getBeneficiary,
  type PreparedBeneficiary,
  prepareBeneficiary,
  updateBeneficiary,
  visibleBeneficiaries,
} from '../beneficiaries/beneficiaries.service.ts';
import type { BeneficiaryRow } from '../beneficiaries/beneficiaries.table.ts';
import { assertValidForm } from '../cases/case-forms.ts';
import { addServicesInBulk, assertNotFuture, checkService, type ServiceRecord } from '../cases/case-records.service.ts';
import {
  assertOpenedNotFuture,
  dayOf,
  getWorkableCase,
  getWorkableCaseByReference,
  loadForm,
  openCase,
  openCasesInBulk,
  updateCaseForm,
  workableCases,
} from '../cases/cases.service.ts';
import type { CaseRow } from '../cases/cases.table.ts';
import { currentBases, currentBasis, grantAssistanceToNewPeople } from '../consent/consent.service.ts';
import type { Engine, Trx } from '../db/database.ts';
import { withLargePageCache } from '../db/dialects/index.ts';
import { DomainError } from '../errors.ts';
import {
  evidenceDiscardDeferred,
  evidenceNewPeople,
  evidencePrefetch,
  withEvidenceDeferred,
} from '../evidence/maintain.ts';
import { evidenceReader } from '../evidence/reader.ts';
import type { Principal } from '../http/principal.ts';
import { findOrganisationByCode } from '../identity/identity.repository.ts';
import { extend } from '../lib/objects.ts';
import { breather } from './breather.ts';
import { caseColumnOfPointer } from './case-row.ts';
import { missingColumns } from './import-columns.ts';
import type { BeneficiaryPlan, CasePlan, PlanContext, RowPlan, ServicePlan } from './import-plan.ts';
import { type PlanBatch, type PlanSource, planHere, planInWorker, planning, SourceRejected } from './import-source.ts';
import * as repo from './imports.repository.ts';
import type { ImportedRecordType, ImportKeyRow, ImportKeyTable } from './imports.table.ts';
import { personColumn } from './person-row.ts';
import { fail, RowFailure, rowFailureOf, step } from './row-failure.ts';
import { codedError, codedIssue, pointerPath, type RowIssue, type SourceRow } from './source-row.ts';

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
        ...(e.issue ? { issue: e.issue } : {}),
        ...(e.params ? { params: e.params } : {}),
      })),
    },
  );
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

/** How many rows are written together (tests lower them to cross batch boundaries with small files). */
export const importBatches = {
  /** New people of a beneficiaries file are registered this many at a time (multi-row inserts). */
  register: 2000,
  /** New cases of registered people are checked and opened this many at a time. */
  cases: 500,
  /** New services are checked against their cases and recorded this many at a time. */
  services: 1000,
};

/** A new case of a registered person, checked against the file alone and waiting for its batch. */
type PendingCase = {
  plan: CasePlan;
  personId: string | null;
  /** The case's own person, new, registered by this import with the batch of people before the cases. */
  own?: boolean;
  /** The column that names the person (beneficiary_id or person_source_id). */
  personColumn: string | null;
  columnOf: (pointer: string) => string | null;
};

/** A new service, checked against the file alone and waiting for its batch. */
type PendingService = {
  plan: ServicePlan;
  /** Its case: by id (also when named by an earlier import's source id) or by reference, and the column naming it. */
  caseId: { by: 'id' | 'reference'; value: string; column: string | null };
  /** The provider's organisation: none given (undefined), or its id, or null when no organisation has the code. */
  provider: string | null | undefined;
  columnOf: (pointer: string) => string | null;
};

/** A row about an anonymised person (beneficiaries/anonymised.ts): an import records nothing for them. */
const anonymisedRow = (column: string | null = null) =>
  fail(column, 'person_anonymised', 'the person is anonymised: an import records nothing new for them');

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
  /** New services waiting to be checked against their cases and recorded in bulk. */
  private pendingServices: PendingService[] = [];
  /** Organisations by code, as services name their providers (null: no such organisation). */
  private readonly providers = new Map<string, string | null>();
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

  private stamp: string | null = null;

  /**
   * Keeps the key of a record this run created, to be written with the next saveFreshKeys. Rows of a later file
   * may name it, and so may later rows of a cases or services file (a case's own person); rows of a beneficiaries
   * file never name one another (the plan refuses a second row with the same key), so its new people's keys are
   * not kept in memory once written.
   */
  private remember(type: ImportedRecordType, sourceKey: string, recordId: string, rowHash: string) {
    this.stamp ??= this.now.toISOString();
    const at = this.stamp;
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
    if (!(this.req.kind === 'beneficiaries' && type === 'beneficiary')) this.keys.set(`${type} ${sourceKey}`, row);
  }

  /** A registered person the caller may see, else the row fails naming `column`. */
  private async visiblePerson(id: string, column: string | null): Promise<BeneficiaryRow> {
    try {
      return await getBeneficiary(this.trx, this.p, id);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found')
        throw fail(column, 'person_not_visible', 'the person does not exist or is not visible to you');
      throw err;
    }
  }

  /**
   * An existing person may only be worked on under a valid assistance basis; an import never grants it again. An
   * anonymised person has none left and gets nothing new: said so, rather than as a basis withdrawn or expired.
   */
  private async requireAssistance(b: BeneficiaryRow): Promise<void> {
    if (isAnonymised(b)) throw anonymisedRow();
    if (!(await currentBasis(this.trx, { beneficiaryId: b.id, purpose: 'assistance' }, this.now)))
      throw fail(
        null,
        'no_assistance_basis',
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
      if (plan.prepared) {
        // Prepared by the planning worker (the same call, ahead of time).
        if ('issues' in plan.prepared) throw new RowFailure(plan.prepared.issues);
        person = plan.prepared.person;
      } else {
        try {
          person = prepareBeneficiary(this.p, plan.person.create!, this.now);
        } catch (err) {
          throw rowFailureOf(err, (ptr) => personColumn(row, pointerPath(ptr)));
        }
      }
      this.pending.push({ row, person, childAssent: plan.person.childAssent });
      this.remember('beneficiary', plan.sourceKey, person.row.id, plan.rowHash);
      if (this.pending.length >= importBatches.register) await this.flush();
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
      if (!key)
        throw fail(
          row.column('person_source_id'),
          'no_person_with_source_id',
          'no person was imported with this source id',
        );
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
    // (A new person of a new case row is registered in bulk: case() never asks for one here.)
    throw new Error('personForCase: a new person of a case row is registered with the batch of people');
  }

  /** The checks of a new case that need no database (openCasesInBulk runs them again): the form, the date. */
  private checkNewCase(plan: CasePlan, columnOf: (pointer: string) => string | null): void {
    try {
      assertValidForm(plan.form);
      assertOpenedNotFuture(plan.openedOn ?? dayOf(this.now), this.now);
    } catch (err) {
      throw rowFailureOf(err, columnOf);
    }
  }

  async case(plan: CasePlan): Promise<'created' | 'updated' | 'skipped'> {
    const { row } = plan;
    const columnOf = (ptr: string) => caseColumnOfPointer(row, plan.type, ptr);
    const key = this.keyOf('case', plan.sourceKey);
    if (!key && plan.person.by !== 'row') {
      // A new case of a registered person: the form is checked now, the person and their basis with the batch.
      this.checkNewCase(plan, columnOf);
      const { person } = plan;
      const personColumn = row.column(person.by === 'id' ? 'beneficiary_id' : 'person_source_id');
      const personId =
        person.by === 'id' ? person.id : (this.keyOf('beneficiary', person.sourceKey)?.record_id ?? null);
      if (person.by === 'source' && !personId)
        throw fail(
          row.column('person_source_id'),
          'no_person_with_source_id',
          'no person was imported with this source id',
        );
      this.pendingCases.push({ plan, personId, personColumn, columnOf });
      if (this.pendingCases.length >= importBatches.cases) await this.flushCases();
      return 'created';
    }
    if (!key && plan.person.by === 'row' && !this.keyOf('beneficiary', plan.person.sourceKey)) {
      // A new case with its own new person: the person is checked now and registered with the next batch of
      // people, the case checked now and opened with the next batch of cases (the same checks, in the same order,
      // as registering and opening one row at a time).
      const own = plan.person;
      let person: PreparedBeneficiary;
      try {
        person = prepareBeneficiary(this.p, own.person.create!, this.now);
      } catch (err) {
        throw rowFailureOf(err, (ptr) => personColumn(row, pointerPath(ptr)));
      }
      this.checkNewCase(plan, columnOf);
      // Evidence base: a new person contributes nothing yet; with their attributes they need no read at the end.
      const r = person.row;
      evidenceNewPeople(this.trx, [
        {
          id: r.id,
          organisation_id: r.organisation_id,
          sex: r.sex ?? null,
          date_of_birth: r.date_of_birth ?? null,
          country: r.country ?? null,
          pcode: r.pcode || null,
          citizenships: r.citizenships,
        },
      ]);
      this.pending.push({ row, person, childAssent: own.person.childAssent });
      this.remember('beneficiary', own.sourceKey, person.row.id, own.rowHash);
      this.pendingCases.push({ plan, personId: person.row.id, personColumn: null, columnOf, own: true });
      if (this.pending.length >= importBatches.register) await this.flush();
      if (this.pendingCases.length >= importBatches.cases) await this.flushCases();
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
      throw fail(
        row.column('case_type'),
        'case_type_changed',
        'differs from the type of the case this row imported before',
      );
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
        throw fail(column, 'no_workable_case', 'no case you may work on has this id or reference');
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
        'service_not_changeable',
        'a service imported before cannot be changed by an import; record a correction on the case',
      );
    }
    let caseId: { by: 'id' | 'reference'; value: string; column: string | null };
    if (caseRef.by === 'source') {
      const caseKey = this.keyOf('case', caseRef.value);
      if (!caseKey)
        throw fail(row.column('case_source_id'), 'no_case_with_source_id', 'no case was imported with this source id');
      caseId = { by: 'id', value: caseKey.record_id, column: row.column('case_source_id') };
    } else if (caseRef.by === 'reference') {
      caseId = { by: 'reference', value: caseRef.value, column: row.column('case_reference') };
    } else {
      caseId = { by: 'id', value: caseRef.value, column: row.column('case_id') };
    }
    // The provider's organisation by its code (null: none has it; reported after the case, as one row at a time).
    let provider: string | null | undefined;
    if (plan.providerCode) {
      provider = this.providers.get(plan.providerCode);
      if (provider === undefined) {
        provider = (await findOrganisationByCode(this.trx, plan.providerCode))?.id ?? null;
        this.providers.set(plan.providerCode, provider);
      }
    }
    const columnOf = (ptr: string) =>
      row.column(
        { serviceType: 'service_type', deliveredOn: 'delivered_on', providerOrganisationId: 'provider_organisation' }[
          String(pointerPath(ptr)[0])
        ] ?? 'service_type',
      );
    // Checked against its case and recorded with the next batch (addServicesInBulk: the same checks and rows).
    this.pendingServices.push({ plan, caseId, provider, columnOf });
    if (this.pendingServices.length >= importBatches.services) await this.flushServices();
    return 'created';
  }

  /**
   * Reads the cases of the waiting services (those the caller may work on, by the same rule as one row at a time),
   * checks each service against its case, then records them in bulk (case-records addServicesInBulk). A row that
   * fails joins `late`; nothing is written once any row failed.
   */
  async flushServices(): Promise<void> {
    const batch = this.pendingServices;
    this.pendingServices = [];
    if (batch.length === 0) return;
    const ids = batch.filter((x) => x.caseId.by === 'id').map((x) => x.caseId.value);
    const refs = batch.filter((x) => x.caseId.by === 'reference').map((x) => x.caseId.value);
    const byId = ids.length ? await workableCases(this.trx, this.p, 'id', ids) : new Map<string, CaseRow>();
    const byRef = refs.length ? await workableCases(this.trx, this.p, 'reference', refs) : new Map<string, CaseRow>();
    const anonymised = await anonymisedAmong(
      this.trx,
      [...byId.values(), ...byRef.values()].map((c) => c.beneficiary_id),
    );
    const ok: { x: PendingService; c: CaseRow; input: ServiceRecord }[] = [];
    for (const x of batch) {
      // Every problem of the row at once: its case (and its person), its provider and the checks of the service.
      const c = (x.caseId.by === 'id' ? byId : byRef).get(x.caseId.value);
      const issues: RowIssue[] = [];
      if (!c)
        issues.push(
          codedIssue(x.caseId.column, 'no_workable_case', 'no case you may work on has this id or reference'),
        );
      else if (anonymised.has(c.beneficiary_id)) issues.push(...anonymisedRow(x.caseId.column).issues);
      if (x.provider === null)
        issues.push(
          codedIssue(
            x.plan.row.column('provider_organisation'),
            'unknown_organisation',
            'no organisation has this code',
          ),
        );
      const input: ServiceRecord = extend(x.plan.service, {
        providerOrganisationId: x.provider ?? undefined,
        planItemId: null,
      });
      try {
        // Without its case, what does not depend on it: the date.
        if (c) checkService(c, input, this.now);
        else assertNotFuture(input.deliveredOn, this.now, '/deliveredOn');
      } catch (err) {
        issues.push(...rowFailureOf(err, x.columnOf).issues);
      }
      if (issues.length || !c) {
        this.late.push({ row: x.plan.row, failure: new RowFailure(issues) });
        continue;
      }
      ok.push({ x, c, input });
    }
    if (this.late.length) this.failed = true;
    if (this.failed || ok.length === 0) return;
    try {
      const rows = await addServicesInBulk(
        this.trx,
        this.p,
        ok.map((o) => ({ case: o.c, input: o.input })),
        this.now,
      );
      for (const [i, s] of rows.entries())
        this.remember('service', ok[i]!.x.plan.sourceKey, s.id, ok[i]!.x.plan.rowHash);
    } catch (err) {
      const index = err instanceof DomainError ? Number(err.extra.errors?.[0]?.pointer.split('/')[1]) : Number.NaN;
      const at = ok[Number.isInteger(index) ? index : 0]!.x;
      const failure = rowFailureOf(err, (ptr) => at.columnOf(ptr.replace(/^\/\d+/, '')));
      throw new BatchFailure(at.plan.row, failure);
    }
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
    // The new people of cases that carry their own are registered first (with their assistance grant).
    await this.flush();
    const batch = this.pendingCases;
    this.pendingCases = [];
    if (batch.length === 0) return;
    const ids = batch.flatMap((x) => (x.personId && !x.own ? [x.personId] : []));
    const visible = await visibleBeneficiaries(this.trx, this.p, ids);
    const assisted = await currentBases(this.trx, [...visible.keys()], 'assistance', this.now);
    const ok: PendingCase[] = [];
    for (const x of batch) {
      // A person this import registers is visible to the importer and has the file's assistance basis.
      if (x.own) ok.push(x);
      else if (!x.personId || !visible.has(x.personId))
        this.late.push({
          row: x.plan.row,
          failure: fail(x.personColumn, 'person_not_visible', 'the person does not exist or is not visible to you'),
        });
      else if (isAnonymised(visible.get(x.personId)!))
        this.late.push({ row: x.plan.row, failure: anonymisedRow(x.personColumn) });
      else if (!assisted.has(x.personId))
        this.late.push({
          row: x.plan.row,
          failure: fail(
            null,
            'no_assistance_basis',
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
    for (const plan of plans) {
      if (plan.kind === 'case') {
        const { person } = plan;
        const id = person.by === 'id' ? person.id : this.keyOf('beneficiary', person.sourceKey)?.record_id;
        if (id) people.push(id);
      }
      // (Services read their people's records with their batch: addServicesInBulk.)
    }
    if (people.length) await evidencePrefetch(this.trx, people, this.now);
  }

  /** Writes the keys of what this run created and the new hashes of what it changed. */
  /**
   * Writes the keys kept so far of what this run created (after each batch of the file, so that they need not all
   * stay in memory); nothing once a row failed (the import will be rejected).
   */
  async saveFreshKeys(): Promise<void> {
    if (this.failed) return;
    const fresh = this.fresh.splice(0);
    await repo.insertImportKeys(this.trx, fresh);
  }

  async saveKeys(): Promise<void> {
    await repo.insertImportKeys(this.trx, this.fresh.splice(0));
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
      codedError(
        0,
        null,
        'declare_basis',
        'declare the legal basis and the information given to the people in the file',
      ),
    ]);

  const ctx: PlanContext = {
    kind: req.kind,
    organisationId: p.organisationId,
    hashKey,
    basis: req.basis,
    childAssent: req.childAssent,
    now,
  };
  const input = {
    kind: req.kind,
    format: req.format,
    data: req.data,
    maxRows: limits.maxRows,
    maxBytes: limits.maxBytes,
  };
  // A large file is read and planned in the planning worker while this thread writes (import-source.ts), when
  // there is a second processor to run it on.
  const source =
    req.data.length >= planning.inWorkerFromBytes && planning.processors > 1
      ? planInWorker(input, ctx, p)
      : planHere(input, ctx);
  try {
    let start: Awaited<ReturnType<PlanSource['start']>>;
    try {
      start = await source.start();
    } catch (err) {
      if (err instanceof SourceRejected) throw importRejected(err.errors);
      throw err;
    }
    const { layout, columns } = start;
    const errors: ImportError[] = columns.problems.map((x) => ({ row: layout.headerRow, ...x }));
    if (columns.index.size === 0)
      errors.push(
        codedError(
          layout.headerRow,
          null,
          'no_known_column',
          'no column of the file is one Corridor reads for this kind of file',
        ),
      );
    else {
      const missing = missingColumns(req.kind, columns.index);
      if (missing.length)
        throw importRejected([
          ...errors,
          ...missing.map((x) => codedError(layout.headerRow, null, 'missing_column', x.message, x.params)),
        ]);
    }

    // Evidence base (evidence/maintain.ts): the rows' aggregate deltas are applied once at the end, grouped per cell;
    // a large file's people may be read and derived in the evidence reader thread (reader.ts).
    return await withEvidenceDeferred(
      trx,
      now,
      () =>
        withLargePageCache(trx, engine, importCache.mib, () =>
          execute(trx, engine, p, req, now, source, errors, columns.hxl, columns.ignored),
        ),
      { reader: req.data.length >= evidenceReader.fromBytes },
    );
  } finally {
    source.close();
  }
}

/** Plans whose people's evidence contributions are read together before they run. */
const PREFETCH = 500;

/**
 * SQLite page cache while an import writes (MiB): the registry's indexes of a large file are far larger than 2 MB,
 * and a file's inserts land all over them (name keys, ids and hashes in random order); once they outgrow the cache,
 * every batch reads pages back and spills dirty ones into the WAL. An eighth of the machine's memory, at least
 * 256 MiB and at most 2 GiB (SQLite takes the pages as it needs them).
 */
export const importCache = {
  mib: Math.min(2048, Math.max(256, Math.floor(os.totalmem() / 8 / 2 ** 20))),
};

/**
 * The second pass of runImport: every plan against the database, batch after batch as the source gives them, then
 * the keys; all or nothing (a problem found in a later batch rolls back what the earlier ones wrote).
 */
async function execute(
  trx: Trx,
  engine: Engine,
  p: Principal,
  req: ImportRequest,
  now: Date,
  source: PlanSource,
  errors: ImportError[],
  hxl: boolean,
  ignoredColumns: string[],
): Promise<ImportReport> {
  const counts = { created: 0, updated: 0, skipped: 0 };
  const run = new ImportRun(trx, engine, p, req, now);
  await sql`savepoint corridor_import`.execute(trx);
  const pause = breather();
  const halted = (row: SourceRow, failure: RowFailure): boolean => {
    errors.push(...row.errors(failure.issues));
    run.failed = true;
    // After the database refused a statement, PostgreSQL runs nothing more in this transaction.
    if (failure.halt) errors.push(codedError(row.number, null, 'check_stopped', 'the check stopped at this row'));
    return failure.halt;
  };
  let stopped = false;
  for (;;) {
    let batch: PlanBatch | null;
    try {
      batch = await source.next();
    } catch (err) {
      if (err instanceof SourceRejected) throw importRejected(err.errors);
      throw err;
    }
    if (!batch) break;
    errors.push(...batch.errors);
    if (errors.length) run.failed = true;
    if (stopped) continue; // (the rest of the file is still checked without the database)
    const { plans } = batch;
    await run.loadKeys(plans);
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
          if (halted(err.row, err.failure)) {
            stopped = true;
            break;
          }
          continue;
        }
        if (!(err instanceof RowFailure)) throw err;
        if (halted(plan.row, err)) {
          stopped = true;
          break;
        }
      } finally {
        for (const x of run.late.splice(0)) halted(x.row, x.failure);
      }
    }
    if (!stopped) await run.saveFreshKeys();
  }
  if (source.rows === 0) errors.push(codedError(0, null, 'no_data_rows', 'the file has no data rows'));
  if (!stopped)
    for (const last of [() => run.flush(), () => run.flushCases(), () => run.flushServices()]) {
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
  if (req.validateOnly) {
    await sql`rollback to savepoint corridor_import`.execute(trx);
    evidenceDiscardDeferred(trx); // evidence base: nothing was written, so nothing is added
  }
  await sql`release savepoint corridor_import`.execute(trx);
  return {
    kind: req.kind,
    format: req.format,
    dryRun: req.validateOnly,
    hxl,
    rows: source.rows,
    ...counts,
    ignoredColumns,
    errors: [],
  };
}

/** Deletes the import keys of erased records, so that a later import does not point at them (SECURITY.md D8). */
export const forgetImportedRecords = (trx: Trx, recordIds: readonly string[]) =>
  repo.deleteImportKeysOf(trx, recordIds);
