// Linkage projects between organisations of one deployment (docs/linkage.md): creation with a schema and a sealed
// secret, data-sharing agreements, encodings imported from or exported to files, and each organisation's view of
// its own records that a partner also knows. The matching itself runs in the linkage-projects job.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  type Agreement,
  type CreateLinkageProject,
  isRegistryField,
  type LinkageEncodingsFile,
  type LinkageProject,
  type LinkageResults,
  REGISTRY_FIELDS,
  type RecordAgreement,
} from '@corridor/contracts';
import type { Config } from '../../config.ts';
import type { Db, Trx } from '../../db/database.ts';
import { DomainError, type ValidationIssue } from '../../errors.ts';
import type { Principal } from '../../http/principal.ts';
import { hasAnyRole, isPlatformAdmin } from '../../http/principal.ts';
import { seal } from '../../identity/secret-box.ts';
import { loadSecretKey } from '../../secret-key.ts';
import { ClkFileError, readClkFile, schemaDigest } from './clk-file.ts';
import { matchWithWasm, packFilters } from './dice.ts';
import type { LinkageProjectRow } from './pprl.table.ts';
import { PROJECT_HARDENING } from './project-defaults.ts';
import { defaultProjectSchema } from './registry-fields.ts';
import { encodedFeatures, type LinkageSchema, LinkageSchemaError, parseLinkageSchema } from './schema.ts';

/** The purpose an agreement must name for linkage projects. */
export const LINKAGE_PURPOSE = 'record_linkage';

const issue = (pointer: string, message: string): ValidationIssue => ({
  location: 'body',
  pointer,
  message,
  code: 'custom',
});

/** The key that seals project secrets: the deployment's secret key (secret-key.ts), read the same way by jobs. */
export const sealingKey = (config: Config): Buffer => loadSecretKey(config);

/** Parses a project's stored schema. */
export const projectSchema = (p: Pick<LinkageProjectRow, 'schema_json'>): LinkageSchema =>
  parseLinkageSchema(p.schema_json);

async function organisationsExist(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('organisations').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Records a data-sharing agreement between two organisations (platform administrators). */
export async function recordAgreement(trx: Trx, p: Principal, input: RecordAgreement, now: Date): Promise<string> {
  const known = await organisationsExist(trx, [input.organisationAId, input.organisationBId]);
  const missing = [input.organisationAId, input.organisationBId].filter((id) => !known.has(id));
  if (missing.length) throw new DomainError('invalid_reference', 'An organisation of the agreement does not exist.');
  const id = randomUUID();
  await trx
    .insertInto('data_sharing_agreements')
    .values({
      id,
      organisation_a_id: input.organisationAId,
      organisation_b_id: input.organisationBId,
      purpose: input.purpose,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      recorded_by: p.userId,
      recorded_at: now.toISOString(),
    })
    .execute();
  // Projects with both organisations are matched again on the job's next run, now that the agreement exists.
  const withBoth = (org: string) =>
    trx.selectFrom('linkage_project_members').select('project_id').where('organisation_id', '=', org);
  await trx
    .updateTable('linkage_projects')
    .set({ matched_at: null })
    .where('id', 'in', withBoth(input.organisationAId))
    .where('id', 'in', withBoth(input.organisationBId))
    .execute();
  return id;
}

/** Agreements the caller may see: all for platform administrators, else those of the caller's organisation. */
export async function listAgreements(db: Db, p: Principal, only?: string): Promise<Agreement[]> {
  let q = db
    .selectFrom('data_sharing_agreements as d')
    .innerJoin('organisations as oa', 'oa.id', 'd.organisation_a_id')
    .innerJoin('organisations as ob', 'ob.id', 'd.organisation_b_id')
    .select([
      'd.id',
      'd.organisation_a_id',
      'oa.name as a_name',
      'd.organisation_b_id',
      'ob.name as b_name',
      'd.purpose',
      'd.starts_on',
      'd.ends_on',
      'd.recorded_at',
    ])
    .orderBy('d.recorded_at', 'desc')
    .orderBy('d.id');
  if (!isPlatformAdmin(p))
    q = q.where((eb) =>
      eb.or([eb('d.organisation_a_id', '=', p.organisationId), eb('d.organisation_b_id', '=', p.organisationId)]),
    );
  if (only) q = q.where('d.id', '=', only);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    organisationAId: r.organisation_a_id,
    organisationAName: r.a_name,
    organisationBId: r.organisation_b_id,
    organisationBName: r.b_name,
    purpose: r.purpose as 'record_linkage',
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    recordedAt: new Date(r.recorded_at).toISOString(),
  }));
}

/** Pairs of organisations (as "a b" with a < b) with an agreement for linkage in force on `now`'s date. */
export async function agreedPairs(db: Db, orgIds: readonly string[], now: Date): Promise<Set<string>> {
  if (orgIds.length < 2) return new Set();
  const today = now.toISOString().slice(0, 10);
  const rows = await db
    .selectFrom('data_sharing_agreements')
    .select(['organisation_a_id', 'organisation_b_id'])
    .where('purpose', '=', LINKAGE_PURPOSE)
    .where('organisation_a_id', 'in', orgIds)
    .where('organisation_b_id', 'in', orgIds)
    .where('starts_on', '<=', today)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]))
    .execute();
  return new Set(rows.map((r) => pairKey(r.organisation_a_id, r.organisation_b_id)));
}

/** The unordered key of two organisations. */
export const pairKey = (a: string, b: string): string => (a < b ? `${a} ${b}` : `${b} ${a}`);

/** Creates a project: validates the schema (every problem listed), seals a fresh secret, adds the members. */
export async function createProject(
  trx: Trx,
  config: Config,
  p: Principal,
  input: CreateLinkageProject,
  now: Date,
): Promise<string> {
  let schema: LinkageSchema;
  try {
    schema = parseLinkageSchema(input.schema ?? defaultProjectSchema());
  } catch (e) {
    if (!(e instanceof LinkageSchemaError)) throw e;
    throw new DomainError('validation_failed', 'The linkage schema is not valid.', {
      errors: e.issues.map((i) => issue(`/schema${i.pointer}`, i.message)),
    });
  }
  if (input.secretCustody === 'platform') {
    const unknown = encodedFeatures(schema).filter((f) => !isRegistryField(f.identifier));
    if (unknown.length)
      throw new DomainError('validation_failed', 'The linkage schema encodes fields the registry does not have.', {
        errors: unknown.map((f) =>
          issue('/schema/features', `"${f.identifier}" is not a registry field (${REGISTRY_FIELDS.join(', ')})`),
        ),
      });
  }
  const known = await organisationsExist(trx, input.memberOrganisationIds);
  if (known.size !== input.memberOrganisationIds.length)
    throw new DomainError('invalid_reference', 'A member organisation does not exist.');
  const threshold = input.threshold ?? (schema.clkConfig.balanced ? PROJECT_HARDENING.threshold : 0.8);
  const id = randomUUID();
  const at = now.toISOString();
  await trx
    .insertInto('linkage_projects')
    .values({
      id,
      name: input.name,
      schema_json: JSON.stringify(schema),
      secret_custody: input.secretCustody,
      secret_sealed:
        input.secretCustody === 'platform' ? seal(sealingKey(config), randomBytes(32).toString('base64')) : null,
      threshold_milli: Math.round(threshold * 1000),
      created_by: p.userId,
      created_at: at,
      matched_at: null,
      version: 1,
    })
    .execute();
  await trx
    .insertInto('linkage_project_members')
    .values(
      input.memberOrganisationIds.map((organisation_id) => ({
        project_id: id,
        organisation_id,
        joined_at: at,
        encode_requested_at: null,
        encoded_at: null,
        encoded_count: 0,
        encoding_source: null,
      })),
    )
    .execute();
  return id;
}

/** The project if the caller may see it (a member organisation, or a platform administrator), else 404. */
export async function getProject(db: Db, p: Principal, id: string): Promise<LinkageProjectRow> {
  const row = await db.selectFrom('linkage_projects').selectAll().where('id', '=', id).executeTakeFirst();
  if (row && (isPlatformAdmin(p) || (await isMember(db, id, p.organisationId)))) return row;
  throw new DomainError('not_found', 'The linkage project does not exist.');
}

/** The project if the caller's organisation is a member of it (for acting on its own encodings), else 404. */
export async function getProjectAsMember(db: Db, p: Principal, id: string): Promise<LinkageProjectRow> {
  const row = await db.selectFrom('linkage_projects').selectAll().where('id', '=', id).executeTakeFirst();
  if (row && (await isMember(db, id, p.organisationId))) return row;
  throw new DomainError('not_found', 'The linkage project does not exist.');
}

async function isMember(db: Db, projectId: string, organisationId: string): Promise<boolean> {
  const m = await db
    .selectFrom('linkage_project_members')
    .select('project_id')
    .where('project_id', '=', projectId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return m !== undefined;
}

/** Projects the caller sees: all for platform administrators, else those its organisation is a member of. */
export async function listProjects(db: Db, p: Principal): Promise<LinkageProjectRow[]> {
  let q = db.selectFrom('linkage_projects').selectAll().orderBy('created_at', 'desc').orderBy('id');
  if (!isPlatformAdmin(p))
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('linkage_project_members').select('project_id').where('organisation_id', '=', p.organisationId),
    );
  return q.execute();
}

/** The presented project with its members' state. */
export async function presentProject(db: Db, row: LinkageProjectRow): Promise<LinkageProject> {
  const schema = projectSchema(row);
  const members = await db
    .selectFrom('linkage_project_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([
      'm.organisation_id',
      'o.name',
      'm.encoded_count',
      'm.encoded_at',
      'm.encode_requested_at',
      'm.encoding_source',
    ])
    .where('m.project_id', '=', row.id)
    .orderBy('o.name')
    .execute();
  const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());
  return {
    id: row.id,
    name: row.name,
    secretCustody: row.secret_custody,
    threshold: row.threshold_milli / 1000,
    bits: schema.clkConfig.balanced ? 2 * schema.clkConfig.l : schema.clkConfig.l,
    balanced: schema.clkConfig.balanced,
    xorFolds: schema.clkConfig.xorFolds,
    features: encodedFeatures(schema).map((f) => f.identifier),
    schema: JSON.parse(row.schema_json) as Record<string, unknown>,
    members: members.map((m) => ({
      organisationId: m.organisation_id,
      name: m.name,
      encodedCount: Number(m.encoded_count),
      encodedAt: iso(m.encoded_at),
      encodeRequestedAt: iso(m.encode_requested_at),
      source: m.encoding_source,
    })),
    matchedAt: iso(row.matched_at),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Asks for the caller's organisation's registry to be encoded (the linkage-projects job does it). */
export async function requestEncoding(trx: Trx, p: Principal, project: LinkageProjectRow, now: Date): Promise<void> {
  if (project.secret_custody !== 'platform')
    throw new DomainError(
      'invalid_transition',
      'The members hold this project’s secret: encode with `corridor linkage encode` and import the file.',
    );
  await trx
    .updateTable('linkage_project_members')
    .set({ encode_requested_at: now.toISOString() })
    .where('project_id', '=', project.id)
    .where('organisation_id', '=', p.organisationId)
    .execute();
}

/** Replaces the caller's organisation's encodings with those of a file; every problem of the file is listed. */
export async function importEncodings(
  trx: Trx,
  p: Principal,
  project: LinkageProjectRow,
  file: LinkageEncodingsFile,
  now: Date,
): Promise<number> {
  let filters: Uint8Array[];
  try {
    filters = readClkFile(file).filters;
  } catch (e) {
    if (!(e instanceof ClkFileError)) throw e;
    throw new DomainError('validation_failed', 'The encodings file is not valid.', {
      errors: e.issues.map((i) => issue(i.pointer, i.message)),
    });
  }
  const schema = projectSchema(project);
  const problems: ValidationIssue[] = [];
  if (file.schemaDigest !== schemaDigest(schema))
    problems.push(issue('/schemaDigest', 'the file was encoded with another linkage schema than the project’s'));
  const bits = schema.clkConfig.balanced ? 2 * schema.clkConfig.l : schema.clkConfig.l;
  if (file.bits !== bits) problems.push(issue('/bits', `the project’s encodings have ${bits} bits`));
  if (problems.length)
    throw new DomainError('validation_failed', 'The encodings file does not fit the project.', { errors: problems });
  const partners = await trx
    .selectFrom('linkage_project_members')
    .select('organisation_id')
    .where('project_id', '=', project.id)
    .where('organisation_id', '!=', p.organisationId)
    .execute();
  // Records of a file come from outside the registry: the importing organisation vouches for their basis, so
  // every partner of the project may be told (docs/linkage.md).
  const recipients = ` ${partners.map((m) => m.organisation_id).join(' ')} `;
  await replaceEncodings(
    trx,
    project.id,
    p.organisationId,
    file.ids.map((id, i) => ({ recordRef: id, beneficiaryId: null, clk: filters[i]!, recipients })),
    'file',
    now,
  );
  return file.ids.length;
}

/** One record's encoding for the store. */
export type StoredEncoding = { recordRef: string; beneficiaryId: string | null; clk: Uint8Array; recipients: string };

/** Replaces an organisation's encodings in a project and marks it encoded (in the caller's transaction). */
export async function replaceEncodings(
  trx: Trx,
  projectId: string,
  organisationId: string,
  encodings: readonly StoredEncoding[],
  source: 'registry' | 'file',
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await trx
    .deleteFrom('linkage_encodings')
    .where('project_id', '=', projectId)
    .where('organisation_id', '=', organisationId)
    .execute();
  for (let i = 0; i < encodings.length; i += 500) {
    const chunk = encodings.slice(i, i + 500);
    await trx
      .insertInto('linkage_encodings')
      .values(
        chunk.map((e) => ({
          project_id: projectId,
          organisation_id: organisationId,
          record_ref: e.recordRef,
          beneficiary_id: e.beneficiaryId,
          clk: Buffer.from(e.clk).toString('base64'),
          recipients: e.recipients,
          created_at: at,
        })),
      )
      .execute();
  }
  await trx
    .updateTable('linkage_project_members')
    .set({ encoded_at: at, encoded_count: encodings.length, encoding_source: source, encode_requested_at: null })
    .where('project_id', '=', projectId)
    .where('organisation_id', '=', organisationId)
    .execute();
}

/** The caller's organisation's own encodings as a file (to link with another deployment). */
export async function exportEncodings(db: Db, p: Principal, project: LinkageProjectRow): Promise<LinkageEncodingsFile> {
  const schema = projectSchema(project);
  const rows = await db
    .selectFrom('linkage_encodings')
    .select(['record_ref', 'clk'])
    .where('project_id', '=', project.id)
    .where('organisation_id', '=', p.organisationId)
    .orderBy('record_ref')
    .execute();
  return {
    format: 'corridor-clk/1',
    bits: schema.clkConfig.balanced ? 2 * schema.clkConfig.l : schema.clkConfig.l,
    schemaDigest: schemaDigest(schema),
    ids: rows.map((r) => r.record_ref),
    clks: rows.map((r) => r.clk),
  };
}

/**
 * Which of the caller's matches (as "record_ref partner") rest on a partner's record that may no longer be told to
 * the caller: restricted since, or without a current basis for referral to the caller (the encoding job's check,
 * consent.service currentBasis, for all of them at once). A match does not name the partner's record, so each of the
 * caller's records is compared with those partner encodings, at the project's threshold: the record it was matched
 * with scored at least that, so it is always found (a second record of the same person at the partner would also
 * silence the line; silence is the safe side). Records from an imported file have no record here to check.
 */
async function goneAtPartners(
  db: Db,
  project: LinkageProjectRow,
  organisationId: string,
  matches: readonly { record_ref: string; partner_organisation_id: string }[],
  now: Date,
): Promise<Set<string>> {
  const gone = new Set<string>();
  const partners = [...new Set(matches.map((m) => m.partner_organisation_id))];
  if (partners.length === 0) return gone;
  // Only encodings whose basis allowed telling the caller can be behind a line the caller sees.
  const theirs = await db
    .selectFrom('linkage_encodings as e')
    .leftJoin('beneficiaries as b', 'b.id', 'e.beneficiary_id')
    .select(['e.organisation_id', 'e.record_ref', 'e.beneficiary_id', 'b.id as present', 'b.restricted'])
    .where('e.project_id', '=', project.id)
    .where('e.organisation_id', 'in', partners)
    .where('e.beneficiary_id', 'is not', null)
    .where('e.recipients', 'like', `% ${organisationId} %`)
    .execute();
  const open = (e: (typeof theirs)[number]): boolean => e.present !== null && Number(e.restricted) === 0;
  const toCheck = [...new Set(theirs.filter(open).map((e) => e.beneficiary_id!))];
  const valid = new Set<string>();
  for (let i = 0; i < toCheck.length; i += 500) {
    const events = await db
      .selectFrom('consent_events')
      .select(['id', 'beneficiary_id', 'action', 'recorded_at', 'expires_at'])
      .where('beneficiary_id', 'in', toCheck.slice(i, i + 500))
      .where('purpose', '=', 'referral')
      .where('recipient_organisation_id', '=', organisationId)
      .execute();
    // Per person, the latest event decides, in currentBasis's order; a grant expiring at `now` has lapsed.
    const latest = new Map<string, (typeof events)[number]>();
    for (const e of events) {
      const seen = latest.get(e.beneficiary_id);
      if (!seen || e.recorded_at > seen.recorded_at || (e.recorded_at === seen.recorded_at && e.id > seen.id))
        latest.set(e.beneficiary_id, e);
    }
    for (const [id, e] of latest)
      if (e.action === 'grant' && (e.expires_at === null || Date.parse(e.expires_at) > now.getTime())) valid.add(id);
  }
  const dead = theirs.filter((e) => !open(e) || !valid.has(e.beneficiary_id!));
  if (dead.length === 0) return gone;

  const schema = projectSchema(project);
  const bits = schema.clkConfig.balanced ? 2 * schema.clkConfig.l : schema.clkConfig.l;
  const deadBy = new Map<string, string[]>();
  for (const e of dead) deadBy.set(e.organisation_id, [...(deadBy.get(e.organisation_id) ?? []), e.record_ref]);
  const clksOf = async (org: string, refs: readonly string[]): Promise<Map<string, Uint8Array>> => {
    const out = new Map<string, Uint8Array>();
    for (let i = 0; i < refs.length; i += 500) {
      const rows = await db
        .selectFrom('linkage_encodings')
        .select(['record_ref', 'clk'])
        .where('project_id', '=', project.id)
        .where('organisation_id', '=', org)
        .where('record_ref', 'in', refs.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.record_ref, new Uint8Array(Buffer.from(r.clk, 'base64')));
    }
    return out;
  };
  for (const [partner, deadRefs] of deadBy) {
    const mine = [...new Set(matches.filter((m) => m.partner_organisation_id === partner).map((m) => m.record_ref))];
    const own = await clksOf(organisationId, mine);
    const right = [...(await clksOf(partner, deadRefs)).values()];
    // A record of the caller's no longer encoded (re-encoded since the match) cannot be compared: left out.
    for (const ref of mine) if (!own.has(ref)) gone.add(`${ref} ${partner}`);
    const refs = [...own.keys()];
    if (refs.length === 0 || right.length === 0) continue;
    const pairs = matchWithWasm(
      packFilters([...own.values()], bits),
      packFilters(right, bits),
      project.threshold_milli / 1000,
    );
    for (const i of pairs.left) gone.add(`${refs[i]!} ${partner}`);
  }
  return gone;
}

/**
 * What the caller's organisation learns: which of its own records which partner also knows. No score and no
 * partner record id exist to be shown; people who have since become restricted are left out, on either side, and so
 * are people whose basis at the partner for telling the caller has since gone (goneAtPartners), without re-encoding.
 */
export async function resultsFor(db: Db, p: Principal, project: LinkageProjectRow, now: Date): Promise<LinkageResults> {
  const rows = await db
    .selectFrom('linkage_matches as m')
    .innerJoin('organisations as o', 'o.id', 'm.partner_organisation_id')
    .leftJoin('beneficiaries as b', 'b.id', 'm.beneficiary_id')
    .select([
      'm.record_ref',
      'm.beneficiary_id',
      'm.partner_organisation_id',
      'o.name as partner_name',
      'b.name_latin',
      'b.restricted',
    ])
    .where('m.project_id', '=', project.id)
    .where('m.organisation_id', '=', p.organisationId)
    .orderBy('m.record_ref')
    .orderBy('o.name')
    .execute();
  // An agreement that has ended since the match stops the telling at once.
  const partners = [...new Set(rows.map((r) => r.partner_organisation_id))];
  const agreed = await agreedPairs(db, [p.organisationId, ...partners], now);
  const current = rows.filter((r) => agreed.has(pairKey(p.organisationId, r.partner_organisation_id)));
  // So does a partner's person becoming restricted or withdrawing the basis for telling the caller.
  const gone = await goneAtPartners(db, project, p.organisationId, current, now);
  const told = current.filter((r) => !gone.has(`${r.record_ref} ${r.partner_organisation_id}`));
  const people = [...new Set(told.map((r) => r.beneficiary_id).filter((x): x is string => x !== null))];
  const caseOf = new Map<string, string>();
  if (people.length) {
    const cases = await db
      .selectFrom('cases')
      .select(['id', 'beneficiary_id', 'opened_on'])
      .where('organisation_id', '=', p.organisationId)
      .where('beneficiary_id', 'in', people)
      .where('closed_on', 'is', null)
      .where('sensitive', '=', 0)
      .orderBy('opened_on', 'asc')
      .execute();
    for (const c of cases) caseOf.set(c.beneficiary_id, c.id);
  }
  // Names only for those who may read the organisation's people (an administrator alone sees which records).
  const namesShown = hasAnyRole(p, 'caseworker', 'supervisor');
  const byRef = new Map<string, LinkageResults['items'][number]>();
  for (const r of told) {
    if (r.beneficiary_id !== null && (r.name_latin === null || Number(r.restricted) === 1)) continue;
    let item = byRef.get(r.record_ref);
    if (!item) {
      item = {
        recordRef: r.record_ref,
        beneficiaryId: r.beneficiary_id,
        displayName: namesShown ? (r.name_latin ?? null) : null,
        caseId: r.beneficiary_id ? (caseOf.get(r.beneficiary_id) ?? null) : null,
        partners: [],
      };
      byRef.set(r.record_ref, item);
    }
    item.partners.push({ organisationId: r.partner_organisation_id, name: r.partner_name });
  }
  return {
    projectId: project.id,
    matchedAt: project.matched_at === null ? null : new Date(project.matched_at).toISOString(),
    items: [...byRef.values()],
  };
}

/**
 * Erasure and anonymisation (subject rights, D8): a person's encodings and matches go with their identity, and so do
 * the partners' lines about them. A partner's match does not name the person's record, so each partner record matched
 * with this organisation is compared with the person's encodings at the project's threshold (as goneAtPartners does):
 * the record it was matched with scored at least that, so its line always goes (a line about another record as close
 * goes with it; silence is the safe side).
 */
export async function forgetPersonInLinkage(trx: Trx, beneficiaryId: string): Promise<void> {
  const encodings = await trx
    .selectFrom('linkage_encodings')
    .select(['project_id', 'organisation_id', 'clk'])
    .where('beneficiary_id', '=', beneficiaryId)
    .execute();
  for (const enc of encodings) {
    const project = await trx
      .selectFrom('linkage_projects')
      .selectAll()
      .where('id', '=', enc.project_id)
      .executeTakeFirst();
    if (!project) continue;
    const lines = await trx
      .selectFrom('linkage_matches as m')
      .innerJoin('linkage_encodings as e', (j) =>
        j
          .onRef('e.project_id', '=', 'm.project_id')
          .onRef('e.organisation_id', '=', 'm.organisation_id')
          .onRef('e.record_ref', '=', 'm.record_ref'),
      )
      .select(['m.organisation_id', 'm.record_ref', 'e.clk'])
      .where('m.project_id', '=', enc.project_id)
      .where('m.partner_organisation_id', '=', enc.organisation_id)
      .execute();
    if (lines.length === 0) continue;
    const schema = projectSchema(project);
    const bits = schema.clkConfig.balanced ? 2 * schema.clkConfig.l : schema.clkConfig.l;
    const pairs = matchWithWasm(
      packFilters(
        lines.map((l) => new Uint8Array(Buffer.from(l.clk, 'base64'))),
        bits,
      ),
      packFilters([new Uint8Array(Buffer.from(enc.clk, 'base64'))], bits),
      project.threshold_milli / 1000,
    );
    for (const i of new Set(pairs.left)) {
      const line = lines[i]!;
      await trx
        .deleteFrom('linkage_matches')
        .where('project_id', '=', enc.project_id)
        .where('organisation_id', '=', line.organisation_id)
        .where('record_ref', '=', line.record_ref)
        .where('partner_organisation_id', '=', enc.organisation_id)
        .execute();
    }
  }
  await trx.deleteFrom('linkage_matches').where('beneficiary_id', '=', beneficiaryId).execute();
  await trx.deleteFrom('linkage_encodings').where('beneficiary_id', '=', beneficiaryId).execute();
}
