// The demo caseload: people, consents, cases of every type, services, tasks and referrals between the demo
// organisations, generated from a fixed seed so every install gets the same realistic picture. Everything is
// made through the same services the API uses, so it obeys the same rules (consent, vocabularies, access).
import { CreateBeneficiary, CreateCase, CreateReferral, RecordConsent, type Role } from '@corridor/contracts';
import { createBeneficiary, getBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import { addNote, addService, addTask } from '../cases/case-records.service.ts';
import { openCase } from '../cases/cases.service.ts';
import { recordConsent } from '../consent/consent.service.ts';
import type { Database, Trx } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import {
  acceptReferral,
  assignReferral,
  closeReferral,
  recordService,
  sendReferral,
} from '../referrals/referrals.service.ts';

/** A small deterministic generator (mulberry32), so the demo is the same everywhere. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
  };
}

// Names as people write them, with a common Latin rendering.
const ARABIC_GIVEN = [
  ['محمد', 'Mohammed', 'male'],
  ['أحمد', 'Ahmed', 'male'],
  ['علي', 'Ali', 'male'],
  ['حسين', 'Hussein', 'male'],
  ['عمر', 'Omar', 'male'],
  ['يوسف', 'Youssef', 'male'],
  ['مصطفى', 'Mustafa', 'male'],
  ['فاطمة', 'Fatima', 'female'],
  ['زينب', 'Zainab', 'female'],
  ['مريم', 'Maryam', 'female'],
  ['نور', 'Nour', 'female'],
  ['سارة', 'Sara', 'female'],
  ['آمنة', 'Amina', 'female'],
  ['ليلى', 'Layla', 'female'],
] as const;
const ARABIC_FAMILY = [
  ['الجبوري', 'Al-Jubouri'],
  ['العبيدي', 'Al-Obaidi'],
  ['حسن', 'Hassan'],
  ['الكردي', 'Al-Kurdi'],
  ['الخطيب', 'Al-Khatib'],
  ['عبدالله', 'Abdullah'],
  ['النعيمي', 'Al-Nuaimi'],
  ['الحلبي', 'Al-Halabi'],
] as const;
const SOUTH_SUDAN = {
  given: [
    ['Deng', 'male'],
    ['Garang', 'male'],
    ['Majok', 'male'],
    ['Akol', 'male'],
    ['Nyandeng', 'female'],
    ['Achol', 'female'],
    ['Awut', 'female'],
    ['Ajak', 'female'],
  ],
  family: ['Mayen', 'Chol', 'Kuol', 'Malual', 'Bol', 'Lual'],
} as const;

const IRQ_PCODES = ['IQG08', 'IQG09', 'IQG11', 'IQG15', 'IQG02', 'IQG06'];
const SSD_PCODES = ['SS01', 'SS03', 'SS04', 'SS05'];

type Staff = { principal: Principal };

const principalOf = (userId: string, organisationId: string, roles: Role[]): Principal => ({
  kind: 'session',
  userId,
  id: userId,
  organisationId,
  roles,
  secondFactor: 'none',
});

/** Days before `now`, as YYYY-MM-DD. */
const daysAgo = (now: Date, d: number) => new Date(now.getTime() - d * 86_400_000).toISOString().slice(0, 10);

/** The exploitation mix of the seed's 5,323 assisted victims: 63% forced labour, 15% sexual exploitation. */
function exploitationFor(r: ReturnType<typeof rng>): string[] {
  const x = r.next();
  if (x < 0.63) return r.next() < 0.1 ? ['ForcedLabour', 'Servitude'] : ['ForcedLabour'];
  if (x < 0.78) return ['SexualExploitation'];
  if (x < 0.88) return ['ForcedMarriage'];
  if (x < 0.94) return ['ForcedBegging'];
  return ['Other'];
}

/**
 * Seeds the caseload for the demo organisations, given the demo users by email. Returns counts per kind.
 * `now` fixes the dates, so tasks due in the past show as overdue.
 */
export async function seedDemoCaseload(
  database: Database,
  users: Map<string, { id: string; organisationId: string; roles: Role[] }>,
  now: Date,
): Promise<Record<string, number>> {
  const staff = (email: string): Staff => {
    const u = users.get(email);
    if (!u) throw new Error(`demo user ${email} is missing`);
    return { principal: principalOf(u.id, u.organisationId, u.roles) };
  };
  const irq = staff('caseworker.irq@demo.corridor.invalid');
  const ssd = staff('caseworker.ssd@demo.corridor.invalid');
  const ssdSupervisor = staff('admin.ssd@demo.corridor.invalid');
  const r = rng(20_150_504);
  const counts: Record<string, number> = { beneficiaries: 0, cases: 0, services: 0, referrals: 0, tasks: 0 };

  await database.db.transaction().execute(async (trx: Trx) => {
    const engine = database.engine;
    const consent = async (
      who: Staff,
      beneficiaryId: string,
      purpose: 'assistance' | 'referral' | 'statistics',
      recipient?: string,
    ) => {
      const b = await getBeneficiary(trx, who.principal, beneficiaryId);
      const input = RecordConsent.parse({
        purpose,
        recipientOrganisationId: recipient ?? null,
        basis: purpose === 'assistance' ? 'vital_interest' : 'consent',
        action: 'grant',
        informationGiven: 'Purpose, recipients and the right to withdraw explained in the person’s language.',
        childAssent: b.date_of_birth && b.date_of_birth > daysAgo(now, 18 * 365) ? 'given' : null,
      });
      await recordConsent(trx, engine, who.principal, b, input, now);
    };

    // Iraq mission of the international organisation: 40 people, cases of every type.
    for (let i = 0; i < 40; i++) {
      const [givenAr, givenLat, sex] = r.pick(ARABIC_GIVEN);
      const [familyAr, familyLat] = r.pick(ARABIC_FAMILY);
      const x = r.next();
      const type = x < 0.35 ? 'trafficking' : x < 0.6 ? 'protection' : x < 0.72 ? 'child' : x < 0.82 ? 'gbv' : 'avrr';
      const age = type === 'child' ? r.int(9, 17) : r.int(19, 55);
      const person = CreateBeneficiary.parse({
        nameOriginal: `${givenAr} ${familyAr}`,
        nameLatin: `${givenLat} ${familyLat}`,
        givenName: givenLat,
        familyName: familyLat,
        dateOfBirth: `${now.getUTCFullYear() - age}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
        dobPrecision: r.next() < 0.8 ? 'exact' : 'estimated',
        sex: type === 'gbv' ? 'female' : sex,
        citizenships: [r.next() < 0.7 ? 'IRQ' : 'SYR'],
        languages: ['ar'],
        country: 'IRQ',
        pcode: r.pick(IRQ_PCODES),
        migrationStatus:
          type === 'child'
            ? 'uasc'
            : type === 'avrr'
              ? 'stranded'
              : r.pick(['idp', 'irregular', 'vulnerable', 'labour']),
      });
      const { row: b } = await createBeneficiary(trx, irq.principal, person, now);
      counts.beneficiaries!++;
      await consent(irq, b.id, 'assistance');
      await consent(irq, b.id, 'statistics');
      const openedOn = daysAgo(now, r.int(5, 300));
      const form =
        type === 'trafficking'
          ? {
              type,
              traffickingStatus: r.next() < 0.7 ? 'ActualVictimOfTrafficking' : 'PossibleVictimOfTrafficking',
              statusDecidedBy: 'NGO',
              exploitationTypes: exploitationFor(r),
              methodsOfControl: [
                'WithholdsDocuments',
                r.pick(['DebtBondage', 'FalsePromises', 'PhysicalThreats', 'TakesEarnings']),
              ],
              recruitmentMethods: [r.pick(['ThroughFriendsOrSocialEvents', 'ThroughOnlineSocialNetworks', 'AtWork'])],
              traffickingEvents: [{ stage: 'Recruitment', country: 'IRQ', place: null, date: null }],
            }
          : type === 'protection'
            ? {
                type,
                situation: r.next() < 0.5 ? 'stranded' : 'vulnerable',
                vulnerabilities: ['Poverty'],
                needs: ['accommodation', 'health_care'],
              }
            : type === 'child'
              ? {
                  type,
                  separation: r.next() < 0.6 ? 'unaccompanied' : 'separated',
                  guardian: { kind: 'focal_point', name: 'Child protection focal point (demo)' },
                  familyTracing: true,
                }
              : type === 'gbv'
                ? {
                    type,
                    coreType: r.pick([
                      'physical_assault',
                      'psychological_abuse',
                      'denial_of_resources',
                      'sexual_assault',
                    ]),
                    contexts: ['conflict_related'],
                  }
                : {
                    type,
                    countryOfReturn: 'SYR',
                    fitToTravel: r.pick(['pending', 'fit']),
                    reintegrationNeeds: ['livelihood'],
                  };
      const { row: c } = await openCase(
        trx,
        engine,
        irq.principal,
        CreateCase.parse({ beneficiaryId: b.id, form, openedOn }),
        now,
      );
      counts.cases!++;
      await addService(
        trx,
        c,
        irq.principal,
        {
          serviceType: r.pick(['accommodation', 'health_care', 'mental_health_psychosocial', 'cash_assistance']),
          deliveredOn: daysAgo(now, r.int(0, 4)),
          valueMinor: r.int(20, 400) * 100,
          currency: 'USD',
          description: null,
          planItemId: null,
        },
        now,
      );
      counts.services!++;
      await addNote(trx, c, irq.principal, 'First interview held with an interpreter; safety plan agreed.', now);
      if (r.next() < 0.4) {
        await addTask(
          trx,
          c,
          irq.principal,
          { title: 'Follow-up visit', dueOn: daysAgo(now, r.int(-10, 10)), assignedTo: null },
          // Set two weeks ago, when none of these days was past: some are overdue now.
          new Date(now.getTime() - 14 * 86_400_000),
        );
        counts.tasks!++;
      }
      // Some trafficking victims need legal aid from the civil-society partner in South Sudan (closed loop).
      if (type === 'trafficking' && counts.referrals! < 4) {
        const partner = ssd.principal.organisationId;
        await consent(irq, b.id, 'referral', partner);
        const ref = await sendReferral(
          trx,
          irq.principal,
          c.id,
          CreateReferral.parse({
            toOrganisationId: partner,
            serviceType: 'legal_assistance',
            reason: 'AdditionalServicesRequired',
            message: 'Legal counselling on the person’s rights as a victim.',
            dueOn: daysAgo(now, -14),
          }),
          now,
        );
        counts.referrals!++;
        if (counts.referrals! <= 2) {
          // The partner's supervisor accepts and assigns it: a trafficking referral shows the person only to
          // the caseworker it is assigned to.
          await acceptReferral(trx, ssdSupervisor.principal, ref.id, now);
          await assignReferral(trx, ssdSupervisor.principal, ref.id, ssd.principal.userId, now);
          await recordService(
            trx,
            ssd.principal,
            ref.id,
            {
              serviceType: 'legal_assistance',
              deliveredOn: daysAgo(now, 0),
              valueMinor: 15_000,
              currency: 'USD',
              description: null,
            },
            now,
          );
          if (counts.referrals === 1)
            await closeReferral(
              trx,
              ssd.principal,
              ref.id,
              'Legal counselling given; a residence permit application was filed.',
              now,
            );
        }
      }
    }

    // The civil-society legal-aid network in South Sudan: its own caseload.
    for (let i = 0; i < 12; i++) {
      const [given, sex] = r.pick(SOUTH_SUDAN.given);
      const family = r.pick(SOUTH_SUDAN.family);
      const { row: b } = await createBeneficiary(
        trx,
        ssd.principal,
        CreateBeneficiary.parse({
          nameLatin: `${given} ${family}`,
          givenName: given,
          familyName: family,
          dateOfBirth: `${now.getUTCFullYear() - r.int(20, 60)}-01-01`,
          dobPrecision: 'year',
          sex,
          citizenships: ['SSD'],
          languages: ['en'],
          country: 'SSD',
          pcode: r.pick(SSD_PCODES),
          migrationStatus: r.pick(['idp', 'returnee', 'refugee']),
        }),
        now,
      );
      counts.beneficiaries!++;
      await consent(ssd, b.id, 'assistance');
      const { row: c } = await openCase(
        trx,
        engine,
        ssd.principal,
        CreateCase.parse({
          beneficiaryId: b.id,
          form: {
            type: 'protection',
            situation: 'vulnerable',
            vulnerabilities: ['Homelessness'],
            needs: ['legal_assistance'],
          },
          openedOn: daysAgo(now, r.int(1, 200)),
        }),
        now,
      );
      counts.cases!++;
      await addService(
        trx,
        c,
        ssd.principal,
        {
          serviceType: 'legal_assistance',
          deliveredOn: daysAgo(now, r.int(0, 30)),
          valueMinor: null,
          currency: null,
          description: null,
          planItemId: null,
        },
        now,
      );
      counts.services!++;
    }
  });
  return counts;
}
