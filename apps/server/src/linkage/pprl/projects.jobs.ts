// The linkage-projects job: encodes the registry of each organisation that asked for it (only people whose basis
// allows telling a partner, never restricted people), then matches the encodings of every project whose encodings
// or agreements changed. Matching reads encodings only; its result is "this record of yours is also known to that
// partner", stored without a score, and only for pairs of organisations with an agreement in force.
import { recordAudit, systemActor } from '../../audit/audit.service.ts';
import type { Config } from '../../config.ts';
import { currentBasis } from '../../consent/consent.service.ts';
import type { Database } from '../../db/database.ts';
import { lockRowForUpdate } from '../../db/dialects/index.ts';
import { open } from '../../identity/secret-box.ts';
import type { JobDefinition, JobSummary } from '../../jobs/job.ts';
import { createEncoder, RecordFormatError } from './clk.ts';
import { packFilters } from './dice.ts';
import { greedyOneToOne, matchAllPairs } from './matcher.ts';
import type { LinkageMatchTable } from './pprl.table.ts';
import {
  agreedPairs,
  pairKey,
  projectSchema,
  replaceEncodings,
  type StoredEncoding,
  sealingKey,
} from './projects.service.ts';
import { registryValues } from './registry-fields.ts';

/** Encodes one organisation's registry for one project (in one transaction); returns counts. */
export async function encodeRegistry(
  database: Database,
  config: Config,
  projectId: string,
  organisationId: string,
  now: Date,
): Promise<{ encoded: number; withoutBasis: number; unreadable: number }> {
  const { db, engine } = database;
  const project = await db
    .selectFrom('linkage_projects')
    .selectAll()
    .where('id', '=', projectId)
    .executeTakeFirstOrThrow();
  if (project.secret_sealed === null) throw new Error('the project secret is held by its members');
  const secret = Buffer.from(open(sealingKey(config), project.secret_sealed), 'base64');
  const encoder = createEncoder(projectSchema(project), secret);
  const partners = (
    await db
      .selectFrom('linkage_project_members')
      .select('organisation_id')
      .where('project_id', '=', projectId)
      .where('organisation_id', '!=', organisationId)
      .execute()
  ).map((m) => m.organisation_id);
  const people = await db
    .selectFrom('beneficiaries')
    .select(['id', 'given_name', 'family_name', 'name_latin', 'date_of_birth', 'dob_precision', 'sex', 'citizenships'])
    .where('organisation_id', '=', organisationId)
    .where('restricted', '=', 0)
    // A record merged into another (duplicate review) is encoded once, as the record it was merged into.
    .where('merged_into_id', 'is', null)
    .orderBy('id')
    .execute();
  const encodings: StoredEncoding[] = [];
  let withoutBasis = 0;
  let unreadable = 0;
  for (const person of people) {
    // A partner may be told only about people with a basis for sharing with that partner (SECURITY.md D3).
    const allowed: string[] = [];
    for (const partner of partners)
      if (
        await currentBasis(db, { beneficiaryId: person.id, purpose: 'referral', recipientOrganisationId: partner }, now)
      )
        allowed.push(partner);
    if (allowed.length === 0) {
      withoutBasis++;
      continue;
    }
    try {
      const clk = encoder.encode(registryValues(person));
      encodings.push({ recordRef: person.id, beneficiaryId: person.id, clk, recipients: ` ${allowed.join(' ')} ` });
    } catch (e) {
      if (!(e instanceof RecordFormatError)) throw e;
      unreadable++;
    }
  }
  await db.transaction().execute(async (trx) => {
    await lockRowForUpdate(trx, engine, 'linkage_projects', projectId);
    await replaceEncodings(trx, projectId, organisationId, encodings, 'registry', now);
    await recordAudit(
      trx,
      engine,
      systemActor,
      {
        action: 'linkage.encode',
        entityType: 'linkage_project',
        entityId: projectId,
        organisationId,
        purpose: 'referral',
        details: { encoded: encodings.length, withoutBasis, unreadable },
      },
      now,
    );
  });
  return { encoded: encodings.length, withoutBasis, unreadable };
}

type Side = { refs: string[]; beneficiaries: (string | null)[]; recipients: string[]; clks: Uint8Array[] };

/** Matches a project's encodings, pair of organisations by pair, and replaces its matches; returns counts. */
export async function matchProject(
  database: Database,
  projectId: string,
  now: Date,
): Promise<{ links: number; told: number }> {
  const { db, engine } = database;
  const project = await db
    .selectFrom('linkage_projects')
    .selectAll()
    .where('id', '=', projectId)
    .executeTakeFirstOrThrow();
  const schema = projectSchema(project);
  const bits = schema.clkConfig.balanced ? 2 * schema.clkConfig.l : schema.clkConfig.l;
  const rows = await db
    .selectFrom('linkage_encodings')
    .select(['organisation_id', 'record_ref', 'beneficiary_id', 'recipients', 'clk'])
    .where('project_id', '=', projectId)
    .orderBy('organisation_id')
    .orderBy('record_ref')
    .execute();
  const sides = new Map<string, Side>();
  for (const r of rows) {
    let s = sides.get(r.organisation_id);
    if (!s) {
      s = { refs: [], beneficiaries: [], recipients: [], clks: [] };
      sides.set(r.organisation_id, s);
    }
    s.refs.push(r.record_ref);
    s.beneficiaries.push(r.beneficiary_id);
    s.recipients.push(r.recipients);
    s.clks.push(new Uint8Array(Buffer.from(r.clk, 'base64')));
  }
  const orgs = [...sides.keys()];
  const agreed = await agreedPairs(db, orgs, now);
  const matches: LinkageMatchTable[] = [];
  const at = now.toISOString();
  let links = 0;
  for (let i = 0; i < orgs.length; i++)
    for (let j = i + 1; j < orgs.length; j++) {
      const [a, b] = [orgs[i]!, orgs[j]!];
      if (!agreed.has(pairKey(a, b))) continue;
      const A = sides.get(a)!;
      const B = sides.get(b)!;
      const candidates = await matchAllPairs(
        packFilters(A.clks, bits),
        packFilters(B.clks, bits),
        project.threshold_milli / 1000,
      );
      for (const l of greedyOneToOne(candidates)) {
        links++;
        // a learns that b knows the person only if the person's basis at b allows telling a, and the other way round.
        if (B.recipients[l.right]!.includes(` ${a} `))
          matches.push({
            project_id: projectId,
            organisation_id: a,
            record_ref: A.refs[l.left]!,
            beneficiary_id: A.beneficiaries[l.left]!,
            partner_organisation_id: b,
            matched_at: at,
          });
        if (A.recipients[l.left]!.includes(` ${b} `))
          matches.push({
            project_id: projectId,
            organisation_id: b,
            record_ref: B.refs[l.right]!,
            beneficiary_id: B.beneficiaries[l.right]!,
            partner_organisation_id: a,
            matched_at: at,
          });
      }
    }
  await db.transaction().execute(async (trx) => {
    // Two runs at once (the job is safe to run twice) write one after the other.
    await lockRowForUpdate(trx, engine, 'linkage_projects', projectId);
    await trx.deleteFrom('linkage_matches').where('project_id', '=', projectId).execute();
    for (let k = 0; k < matches.length; k += 500)
      await trx
        .insertInto('linkage_matches')
        .values(matches.slice(k, k + 500))
        .execute();
    await trx.updateTable('linkage_projects').set({ matched_at: at }).where('id', '=', projectId).execute();
    await recordAudit(
      trx,
      engine,
      systemActor,
      {
        action: 'linkage.match',
        entityType: 'linkage_project',
        entityId: projectId,
        details: { organisations: orgs.length, agreedPairs: agreed.size, links, told: matches.length },
      },
      now,
    );
  });
  return { links, told: matches.length };
}

/** One pass: pending encodings first, then every project whose encodings changed since it was last matched. */
export async function runLinkageProjects(database: Database, config: Config, now: Date): Promise<JobSummary> {
  const { db } = database;
  const pending = await db
    .selectFrom('linkage_project_members as m')
    .innerJoin('linkage_projects as p', 'p.id', 'm.project_id')
    .select(['m.project_id', 'm.organisation_id'])
    .where('m.encode_requested_at', 'is not', null)
    .where('p.secret_custody', '=', 'platform')
    .execute();
  let encoded = 0;
  for (const m of pending)
    encoded += (await encodeRegistry(database, config, m.project_id, m.organisation_id, now)).encoded;
  const stale = await db
    .selectFrom('linkage_projects as p')
    .select('p.id')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('linkage_project_members as m')
          .select('m.project_id')
          .whereRef('m.project_id', '=', 'p.id')
          .where('m.encoded_at', 'is not', null)
          .where((e2) => e2.or([e2('p.matched_at', 'is', null), e2('m.encoded_at', '>', e2.ref('p.matched_at'))])),
      ),
    )
    .execute();
  let links = 0;
  for (const p of stale) links += (await matchProject(database, p.id, now)).links;
  return { organisationsEncoded: pending.length, recordsEncoded: encoded, projectsMatched: stale.length, links };
}

/** The job definition (jobs/registry.ts). */
export const linkageProjectsJob: JobDefinition = {
  name: 'linkage-projects',
  description: 'encode the registries of organisations that asked, and match the encodings of each linkage project',
  schedule: (config) => config.jobs.schedules['linkage-projects'],
  run: (deps, _payload, now) => runLinkageProjects(deps.database, deps.config, now),
};
