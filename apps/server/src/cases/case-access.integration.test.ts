// Property: for any set of cases, assignments and access grants, the list filter (readableCases, in SQL) and the
// single-record rule (mayReadCase) give the same answer for every caller, and both follow the rule as written:
// same organisation and a case role; for a sensitive case, assigned or granted.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Role } from '@corridor/contracts';
import fc from 'fast-check';
import { buildOrganisation, buildUser, engines, startTestApp, type TestApp } from '../../test/harness.ts';
import type { Principal } from '../http/principal.ts';
import { mayReadCase } from './case-access.ts';
import { listCases } from './cases.repository.ts';
import type { CaseRow } from './cases.table.ts';

const ROLE_SETS: Role[][] = [['caseworker'], ['supervisor'], ['auditor'], ['analyst'], ['caseworker', 'auditor']];

for (const { engine, skip } of engines()) {
  describe(`case access rules (${engine})`, { skip }, () => {
    let t: TestApp;
    const orgs: string[] = [];
    const staff: { id: string; organisationId: string; roles: Role[] }[] = [];
    const persons = new Map<string, string>();
    before(async () => {
      t = await startTestApp(engine);
      for (let o = 0; o < 2; o++) {
        const org = (await buildOrganisation(t)).id;
        orgs.push(org);
        for (const roles of ROLE_SETS) {
          const u = await buildUser(t, org, roles, { totp: false });
          staff.push({ id: u.id, organisationId: org, roles });
        }
        const person = randomUUID();
        const now = t.clock.now().toISOString();
        await t.deps.database.db
          .insertInto('beneficiaries')
          .values({
            id: person,
            organisation_id: org,
            given_name: null,
            family_name: null,
            name_original: null,
            name_latin: 'Access Rule',
            search_name: 'access rule',
            date_of_birth: null,
            dob_precision: null,
            sex: null,
            gender: null,
            citizenships: '',
            languages: '',
            phone: null,
            email: null,
            country: null,
            pcode: null,
            household_id: null,
            household_role: null,
            migration_status: null,
            disability: null,
            specific_needs: '',
            restricted: 0,
            created_by: null,
            created_at: now,
            updated_at: now,
            version: 1,
          })
          .execute();
        persons.set(org, person);
      }
    });
    after(() => t?.close());

    const principalOf = (s: (typeof staff)[number]): Principal => ({
      kind: 'session',
      userId: s.id,
      id: s.id,
      organisationId: s.organisationId,
      roles: s.roles,
      secondFactor: 'none',
    });

    const arbitraryCase = fc.record({
      org: fc.integer({ min: 0, max: 1 }),
      type: fc.constantFrom('protection', 'trafficking', 'child', 'gbv', 'avrr'),
      assignee: fc.option(fc.integer({ min: 0, max: ROLE_SETS.length - 1 })),
      grants: fc.subarray([...ROLE_SETS.keys()]),
    });

    test('the list filter and the single-case rule agree, for every caller and any arrangement of cases', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(arbitraryCase, { minLength: 1, maxLength: 6 }), async (specs) => {
          const db = t.deps.database.db;
          await db.deleteFrom('case_access').execute();
          await db.deleteFrom('cases').execute();
          const rows: (CaseRow & { grantees: string[] })[] = [];
          for (const [i, s] of specs.entries()) {
            const org = orgs[s.org]!;
            const members = staff.filter((u) => u.organisationId === org);
            const now = t.clock.now().toISOString();
            const row: CaseRow = {
              id: randomUUID(),
              organisation_id: org,
              beneficiary_id: persons.get(org)!,
              reference: `T-${i}`,
              type: s.type,
              status: 'Active',
              sensitive: ['trafficking', 'child', 'gbv'].includes(s.type) ? 1 : 0,
              assigned_to: s.assignee === null ? null : members[s.assignee]!.id,
              opened_on: '2026-06-01',
              closed_on: null,
              closure_requested_by: null,
              closure_requested_at: null,
              closure_reason: null,
              closure_approved_by: null,
              details: '{"form":{},"closureReferred":false}',
              created_by: null,
              created_at: now,
              updated_at: now,
              version: 1,
            };
            await db.insertInto('cases').values(row).execute();
            const grantees = s.grants.map((g) => members[g]!.id);
            for (const user_id of grantees)
              await db
                .insertInto('case_access')
                .values({ case_id: row.id, user_id, granted_by: user_id, granted_at: now, reason: 'test' })
                .execute();
            rows.push({ ...row, grantees });
          }
          for (const s of staff) {
            const p = principalOf(s);
            const listed = new Set((await listCases(db, p, 'full', { limit: 100 })).map((r) => r.id));
            for (const r of rows) {
              const single = await mayReadCase(db, p, r);
              const caseRole = s.roles.includes('caseworker') || s.roles.includes('supervisor');
              const rule =
                r.organisation_id === s.organisationId &&
                caseRole &&
                (r.sensitive === 0 || r.assigned_to === s.id || r.grantees.includes(s.id));
              assert.equal(single, rule, 'mayReadCase follows the rule');
              assert.equal(listed.has(r.id), rule, 'readableCases follows the rule');
            }
          }
        }),
        { numRuns: 25 },
      );
    });
  });
}
