// Loads the case-page benchmark's data through Corridor's own services and API, in a process of its own, before
// the server starts. Run with `node --import tsx bench/case-page/setup.ts <people> <rich>` against the configured
// database (CORRIDOR_DATA_DIR / DATABASE_URL). It migrates the database, creates an organisation and a caseworker,
// then, as that caseworker:
//   1. registers <people> generated people, opens a protection case for each and records a service on each, with
//      the bulk import (the code behind POST /api/imports: the same checks and services as the API, one file each);
//   2. for <rich> of those people, through ordinary API requests (validation, authorization, audit, idempotency),
//      opens a second case (protection, trafficking, child, AVRR, GBV in turn) and records one to three
//      services and notes on it, and on every third one an assessment, a plan item and a task.
// Finally it opens a signed-in session for the caseworker (as after password and second factor) and prints
// {"cookie", "userId", "cases": [{"id", "personId"}...]} (the rich cases, the ones the benchmark reads) as JSON.
import { randomBytes, randomUUID } from 'node:crypto';
import { createApp } from '@corridor/server/src/app.ts';
import type { AppDeps } from '@corridor/server/src/app-deps.ts';
import { loadConfig } from '@corridor/server/src/config.ts';
import { openConfiguredDatabase } from '@corridor/server/src/db/database.ts';
import { migrateToLatest } from '@corridor/server/src/db/migrator.ts';
import { SESSION_COOKIE } from '@corridor/server/src/http/authenticate.ts';
import type { Principal } from '@corridor/server/src/http/principal.ts';
import { openSession } from '@corridor/server/src/identity/auth.service.ts';
import { createOrganisation } from '@corridor/server/src/identity/organisations.service.ts';
import { createApiToken } from '@corridor/server/src/identity/tokens.service.ts';
import { createUser } from '@corridor/server/src/identity/users.service.ts';
import { importHashKey, runImport } from '@corridor/server/src/imports/imports.service.ts';
import { loadSecretKey } from '@corridor/server/src/secret-key.ts';

/** What the setup prints. */
export type Loaded = { cookie: string; userId: string; cases: { id: string; personId: string }[] };

// A deterministic generator, so every run loads the same data.
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN = ['Amina', 'Yonas', 'Hawa', 'Tesfay', 'Fatima', 'Abdi', 'Selam', 'Idris', 'Mariam', 'Dawit', 'Sara'];
const FAMILY = ['Yusuf', 'Tekle', 'Idris', 'Haile', 'Osman', 'Berhane', 'Ali', 'Gebre', 'Mohamed', 'Kidane'];
const CITIZENSHIP = ['ERI', 'ETH', 'SDN', 'SSD', 'SOM'];

/**
 * Valid forms of the five case types. Trafficking, child and GBV cases are sensitive: reading one is audited in the
 * read's transaction, and a GBV case's names stay hidden on the page.
 */
const FORMS: Record<string, unknown>[] = [
  { type: 'protection', situation: 'stranded', vulnerabilities: ['Poverty'], needs: ['accommodation'] },
  {
    type: 'trafficking',
    traffickingStatus: 'ActualVictimOfTrafficking',
    statusDecidedBy: 'NGO',
    exploitationTypes: ['ForcedLabour'],
    forcedLabourIndustry: 'T_ActivitiesOfHouseholdsAsEmployers',
    methodsOfControl: ['DebtBondage', 'WithholdsDocuments'],
    recruitmentMethods: ['ThroughOnlineSocialNetworks'],
    relationshipToTrafficker: 'Acquainted',
    perpetratorRoles: ['RecruiterOrIntermediary', 'Exploiter'],
    vulnerabilities: ['Poverty', 'Migration'],
    traffickingEvents: [{ stage: 'Recruitment', country: 'ERI', place: 'Asmara', date: '2025-11-02' }],
  },
  {
    type: 'child',
    separation: 'unaccompanied',
    guardian: { kind: 'focal_point', name: 'Hawa Idris', relationship: 'social worker' },
  },
  { type: 'avrr', countryOfReturn: 'ETH', fitToTravel: 'fit', reintegrationNeeds: ['livelihood'] },
  { type: 'gbv', coreType: 'physical_assault', contexts: ['intimate_partner_violence'] },
];

/** The three import files: people, a protection case each, a service on each case. */
function files(people: number, random: () => number): { beneficiaries: Buffer; cases: Buffer; services: Buffer } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const b = ['source_id,given_name,family_name,date_of_birth,sex,citizenships,languages,phone,country,pcode'];
  const c = ['source_id,person_source_id,case_type,situation,opened_on'];
  const v = ['source_id,case_source_id,service_type,delivered_on,value_minor,currency'];
  for (let i = 0; i < people; i++) {
    const id = `P${String(i).padStart(6, '0')}`;
    const dob = `${1960 + Math.floor(random() * 40)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
    const sex = random() < 0.5 ? 'female' : 'male';
    b.push(
      `${id},${pick(GIVEN)},${pick(FAMILY)},${dob},${sex},${pick(CITIZENSHIP)},ar,+249 91 ${String(1_000_000 + i).slice(-7)},SDN,SD01`,
    );
    c.push(`C-${id},${id},protection,stranded,2026-01-${String(1 + (i % 28)).padStart(2, '0')}`);
    v.push(`S-${id},C-${id},accommodation,2026-02-${String(1 + (i % 28)).padStart(2, '0')},45000,USD`);
  }
  const buf = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);
  return { beneficiaries: buf(b), cases: buf(c), services: buf(v) };
}

async function main(): Promise<void> {
  const people = Number(process.argv[2] ?? '10000');
  const rich = Number(process.argv[3] ?? '1000');
  if (!Number.isInteger(people) || people < 1) throw new Error(`not a number of people: ${process.argv[2]}`);
  if (!Number.isInteger(rich) || rich < 1 || rich > people)
    throw new Error(`not a number of cases: ${process.argv[3]}`);
  const config = loadConfig();
  const database = openConfiguredDatabase(config);
  const deps: AppDeps = { config, database, clock: () => new Date(), secretKey: loadSecretKey(config) };
  const app = await createApp(deps, { logger: false });
  try {
    await migrateToLatest(database.db, database.engine);
    const now = new Date();
    const suffix = randomBytes(4).toString('hex');
    const { user, token, creator } = await database.db.transaction().execute(async (trx) => {
      const org = await createOrganisation(
        trx,
        {
          code: `CP-${suffix.toUpperCase()}`,
          name: 'Case page benchmark',
          kind: 'civil_society',
          country: 'SDN',
        },
        now,
      );
      const user = await createUser(
        trx,
        {
          organisationId: org.id,
          email: `case-bench-${suffix}@bench.corridor.invalid`,
          displayName: 'Case page benchmark caseworker',
          roles: ['caseworker'],
          locale: 'en',
          password: `Bq7!${randomBytes(18).toString('base64url')}`,
        },
        now,
      );
      const creator: Principal = {
        kind: 'session',
        userId: user.id,
        id: user.id,
        organisationId: org.id,
        roles: user.roles,
        secondFactor: 'none',
      };
      const { secret } = await createApiToken(
        trx,
        creator,
        { name: 'Case page benchmark set-up', roles: ['caseworker'], expiresInDays: 1 },
        now,
      );
      return { user, token: secret, creator };
    });

    const post = async (url: string, payload: Record<string, unknown>): Promise<{ id: string }> => {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
        payload,
      });
      if (res.statusCode !== 201) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`);
      return res.json() as { id: string };
    };

    const random = prng(20261128);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const day = (offset: number) => new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
    const started = Date.now();
    const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

    const hashKey = importHashKey(deps.secretKey);
    const data = files(people, random);
    for (const kind of ['beneficiaries', 'cases', 'services'] as const) {
      const file = data[kind];
      const report = await database.db.transaction().execute((trx) =>
        runImport(
          trx,
          database.engine,
          creator,
          {
            kind,
            format: 'csv',
            data: file,
            basis: 'public_interest',
            informationGiven: 'Synthetic people of the case-page benchmark.',
            validateOnly: false,
          },
          { maxBytes: file.length, maxRows: people },
          hashKey,
          new Date(),
        ),
      );
      process.stderr.write(`  imported ${kind}: ${report.created} created (${elapsed()})\n`);
    }

    // The rich cases: a second case for every (people / rich)-th person, through the API.
    const persons = await database.db
      .selectFrom('beneficiaries')
      .select('id')
      .where('organisation_id', '=', creator.organisationId)
      .orderBy('id')
      .execute();
    const every = Math.floor(persons.length / rich);
    const cases: Loaded['cases'] = [];
    for (let i = 0; i < rich; i++) {
      const personId = persons[i * every]!.id;
      const kase = await post('/api/cases', { beneficiaryId: personId, form: FORMS[i % FORMS.length] });
      cases.push({ id: kase.id, personId });
      const c = `/api/cases/${kase.id}`;
      const services = 1 + Math.floor(random() * 3);
      for (let s = 0; s < services; s++) {
        await post(`${c}/services`, {
          serviceType: pick(['accommodation', 'livelihood', 'health_care', 'legal_assistance']),
          deliveredOn: day(s * 7 + (i % 30)),
          valueMinor: 4500 * (s + 1),
          currency: 'USD',
          description: 'Delivered as planned; the person confirmed receipt.',
        });
      }
      const notes = 1 + Math.floor(random() * 3);
      for (let n = 0; n < notes; n++) {
        await post(`${c}/notes`, {
          body: `Follow-up call ${n + 1}: the person is safe, housing is stable and the next appointment is agreed. ${'Details of the situation and the steps discussed. '.repeat(4)}`,
        });
      }
      if (i % 3 === 0) {
        await post(`${c}/assessments`, {
          kind: 'needs',
          completedOn: day(i % 60),
          outcome: 'Needs accommodation and legal counselling.',
          answers: { housing: 'none', income: false, dependants: 2 },
        });
        await post(`${c}/plan-items`, {
          planType: 'LabourExploitationRehabilitation',
          description: 'Vocational training and job placement.',
        });
        await post(`${c}/tasks`, { title: 'Call back about the appointment', dueOn: day(200 + (i % 60)) });
      }
      if ((i + 1) % 200 === 0) process.stderr.write(`  ${i + 1} cases with their records (${elapsed()})\n`);
    }

    const session = await openSession(deps, database.db, user.id, 'none', new Date());
    const loaded: Loaded = { cookie: `${SESSION_COOKIE}=${session.token}`, userId: user.id, cases };
    process.stdout.write(`${JSON.stringify(loaded)}\n`);
  } finally {
    await app.close();
    await database.close();
  }
}

await main();
