// A deterministic synthetic caseload with the seed's trafficking breakdown, for the reproduction test and the
// annual-report benchmark: victims of trafficking (forced labour, sexual exploitation, other forms, some of two
// forms), unaccompanied minors among them (a child case marked unaccompanied, under 18 on 1 January), other people
// assisted on protection cases, and people without a statistics basis (left out of every figure). Written straight
// into the operational tables in large multi-row inserts (no personal data: every name is "Synthetic N"); the
// evidence engine's aggregate cells are then built by the engine itself (its rebuild), never by this file.
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';

export type CaseloadSpec = {
  organisationId: string;
  /** The user recorded as having registered everything (consent_events.recorded_by). */
  userId: string;
  year: number;
  /** Victims of trafficking counted (with a statistics basis). */
  victims: number;
  forcedLabour: number;
  sexualExploitation: number;
  /** Victims of both forced labour and sexual exploitation (inside both counts above). */
  both: number;
  unaccompaniedMinors: number;
  /** A rare form with a count under the trafficking threshold (11), to be suppressed. */
  organRemoval: number;
  /** Other people assisted on protection cases (counted). */
  protection: number;
  /** People assisted (trafficking cases) without a statistics basis: left out, and said so. */
  withoutBasis: number;
  /** Protection people recorded with sex 'other': a small cell that disclosure control must hide. */
  otherSex: number;
};

/** The seed's figures: 5,323 victims assisted, 63% forced labour, 15% sexual exploitation, 14% unaccompanied minors. */
export const SEED_CASELOAD = {
  victims: 5323,
  forcedLabour: 3353,
  sexualExploitation: 798,
  both: 60,
  unaccompaniedMinors: 745,
  organRemoval: 4,
  protection: 1200,
  withoutBasis: 40,
  otherSex: 3,
} as const;

const PCODES = ['BD10', 'BD20', 'BD30', 'BD40', 'BD50', 'BD55', 'BD60'];
const OTHER_FORMS = ['ForcedBegging', 'ForcedMarriage', 'Servitude', 'ChildLabour', 'Other'];

/** Evenly spread picks: true for `k` of `n` indexes, spread over the range. */
const picked = (i: number, k: number, n: number) => Math.floor(((i + 1) * k) / n) > Math.floor((i * k) / n);

type Rows = {
  beneficiaries: Insertable<DB['beneficiaries']>[];
  cases: Insertable<DB['cases']>[];
  codes: Insertable<DB['case_codes']>[];
  consents: Insertable<DB['consent_events']>[];
};

/** Inserts what has been generated, `chunk` rows per statement, and empties the lists. */
async function flush(db: Db, rows: Rows, chunk: number): Promise<void> {
  for (let i = 0; i < rows.beneficiaries.length; i += chunk)
    await db
      .insertInto('beneficiaries')
      .values(rows.beneficiaries.slice(i, i + chunk))
      .execute();
  for (let i = 0; i < rows.cases.length; i += chunk)
    await db
      .insertInto('cases')
      .values(rows.cases.slice(i, i + chunk))
      .execute();
  for (let i = 0; i < rows.codes.length; i += chunk)
    await db
      .insertInto('case_codes')
      .values(rows.codes.slice(i, i + chunk))
      .execute();
  for (let i = 0; i < rows.consents.length; i += chunk)
    await db
      .insertInto('consent_events')
      .values(rows.consents.slice(i, i + chunk))
      .execute();
  rows.beneficiaries.length = 0;
  rows.cases.length = 0;
  rows.codes.length = 0;
  rows.consents.length = 0;
}

/**
 * Writes the caseload into the database (in one transaction when `db` is one) and returns the ids of the people
 * written. `chunk` is rows per INSERT (SQLite allows 32,766 parameters per statement); `offset` numbers people and
 * references after those of earlier calls.
 */
export async function writeCaseload(
  db: Db,
  spec: CaseloadSpec,
  options: { chunk?: number; offset?: number } = {},
): Promise<string[]> {
  const chunk = options.chunk ?? 400;
  // Numbers people and case references from here, so that several calls can fill one organisation.
  const offset = options.offset ?? 0;
  const y = spec.year;
  const stamp = `${y}-12-31T12:00:00.000Z`;
  const ids: string[] = [];
  const rows: Rows = { beneficiaries: [], cases: [], codes: [], consents: [] };
  let seq = offset * 2;
  const person = (n: number, sex: string, dob: string, pcode: string) => {
    const id = randomUUID();
    ids.push(id);
    rows.beneficiaries.push({
      id,
      organisation_id: spec.organisationId,
      given_name: null,
      family_name: null,
      name_original: null,
      name_latin: `Synthetic ${n}`,
      search_name: `synthetic ${n}`,
      date_of_birth: dob,
      dob_precision: 'exact',
      sex,
      gender: null,
      citizenships: 'BGD',
      languages: 'bn',
      phone: null,
      email: null,
      country: 'BGD',
      pcode,
      household_id: null,
      household_role: null,
      migration_status: null,
      disability: null,
      specific_needs: '',
      restricted: 1,
      created_by: spec.userId,
      created_at: stamp,
      updated_at: stamp,
      version: 1,
    });
    return id;
  };
  const addCase = (beneficiaryId: string, type: string, openedOn: string, details: unknown) => {
    const id = randomUUID();
    seq++;
    const prefix = { trafficking: 'VOT', child: 'UASC', protection: 'PRT' }[type] ?? 'PRT';
    rows.cases.push({
      id,
      organisation_id: spec.organisationId,
      beneficiary_id: beneficiaryId,
      reference: `${prefix}-${y}-${String(seq).padStart(8, '0')}`,
      type,
      status: 'Active',
      sensitive: type === 'protection' ? 0 : 1,
      assigned_to: null,
      opened_on: openedOn,
      closed_on: null,
      closure_requested_by: null,
      closure_requested_at: null,
      closure_reason: null,
      closure_approved_by: null,
      details: JSON.stringify(details),
      created_by: spec.userId,
      created_at: stamp,
      updated_at: stamp,
      version: 1,
    });
    return id;
  };
  const consent = (beneficiaryId: string, purpose: string) =>
    rows.consents.push({
      id: randomUUID(),
      organisation_id: spec.organisationId,
      beneficiary_id: beneficiaryId,
      purpose,
      recipient_organisation_id: null,
      basis: 'public_interest',
      action: 'grant',
      information_given: 'Synthetic data set: assistance and anonymous statistics explained.',
      child_assent: null,
      recorded_by: spec.userId,
      recorded_at: `${y}-01-01T00:00:00.000Z`,
      expires_at: null,
    });
  const opened = (i: number) =>
    `${y}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;

  const victims = spec.victims + spec.withoutBasis;
  let n = offset;
  for (let i = 0; i < victims; i++) {
    n++;
    const counted = i < spec.victims;
    const minor = counted && picked(i, spec.unaccompaniedMinors, spec.victims);
    // Adults born 1990-1999; minors 14 on 1 January of the year.
    const dob = minor ? `${y - 15}-06-15` : `${1990 + (i % 10)}-03-10`;
    const id = person(n, i % 3 === 0 ? 'female' : 'male', dob, PCODES[i % PCODES.length]!);
    const caseId = addCase(id, 'trafficking', opened(i), { form: {} });
    // Forms: the first `forcedLabour` victims; the next (sexualExploitation - both) sexual exploitation only; the
    // first `both` of the forced-labour victims also sexual exploitation; a few organ removal; the rest other forms.
    const forms: string[] = [];
    if (i < spec.forcedLabour) forms.push('ForcedLabour');
    if (i < spec.both || (i >= spec.forcedLabour && i < spec.forcedLabour + spec.sexualExploitation - spec.both))
      forms.push('SexualExploitation');
    if (forms.length === 0) {
      const rest = i - (spec.forcedLabour + spec.sexualExploitation - spec.both);
      forms.push(rest >= 0 && rest < spec.organRemoval ? 'OrganRemoval' : OTHER_FORMS[i % OTHER_FORMS.length]!);
    }
    for (const code of forms)
      rows.codes.push({
        case_id: caseId,
        organisation_id: spec.organisationId,
        vocabulary: 'htcds.exploitation_type',
        code,
      });
    if (minor) addCase(id, 'child', opened(i), { form: { separation: 'unaccompanied' } });
    consent(id, 'assistance');
    if (counted) consent(id, 'statistics');
    if (rows.beneficiaries.length >= chunk * 4) await flush(db, rows, chunk);
  }
  for (let i = 0; i < spec.protection; i++) {
    n++;
    const sex = i < spec.otherSex ? 'other' : i % 2 === 0 ? 'female' : 'male';
    const id = person(n, sex, `${1970 + (i % 40)}-07-01`, PCODES[(i * 3) % PCODES.length]!);
    addCase(id, 'protection', opened(i), { form: {} });
    consent(id, 'assistance');
    consent(id, 'statistics');
    if (rows.beneficiaries.length >= chunk * 4) await flush(db, rows, chunk);
  }
  await flush(db, rows, chunk);
  return ids;
}
