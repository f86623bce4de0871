// Demo operations (clearly demo: "[Demo]" in every name): one crisis told from the evacuation request to arrival
// with the reception partner (and its next flight, tonight, open for the requests still waiting), and one assisted voluntary return told from pre-departure to the 12-month
// reintegration survey, across the hand-over from the host office (Iraq) to the origin office (South Sudan). Every
// step goes through the same service functions as the API, so the demo obeys the same rules (seats, bases,
// best-interest assessments, the passenger state machine). People and numbers are invented.
import type { Role } from '@corridor/contracts';
import { createBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import { openCase } from '../cases/cases.service.ts';
import { recordConsent } from '../consent/consent.service.ts';
import {
  acceptRequest,
  addFocalPoint,
  bookRequest,
  createCrisis,
  createRequest,
  recordPopulation,
} from '../crises/crises.service.ts';
import type { Database, Trx } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import {
  applyStep,
  bookPassenger,
  changeMovementStatus,
  createMovement,
  receivePassenger,
  sendReception,
  updateTravel,
} from '../movements/movements.service.ts';
import {
  addItem,
  createPlan,
  decideHandover,
  recordSurvey,
  sendHandover,
  setItemStatus,
} from '../reintegration/reintegration.service.ts';
import { currentInstrument } from '../reintegration/survey-instrument.ts';

type DemoUsers = Map<string, { id: string; organisationId: string; roles: Role[] }>;

const DAY = 86_400_000;

/** How the demo returnee's support items move before each survey round (by their kind of support). */
const PROGRESS: Record<'m3' | 'm6' | 'm12', [string, 'in_progress' | 'delivered'][]> = {
  m3: [
    ['counselling', 'delivered'],
    ['business_grant', 'in_progress'],
    ['labour_market_referral', 'delivered'],
  ],
  m6: [
    ['business_grant', 'delivered'],
    ['community_project', 'in_progress'],
  ],
  m12: [['community_project', 'delivered']],
};
const principalOf = (u: { id: string; organisationId: string; roles: Role[] }): Principal => ({
  kind: 'session',
  userId: u.id,
  id: u.id,
  organisationId: u.organisationId,
  roles: u.roles,
  secondFactor: 'none',
});
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** Answers giving the `k`-th option (0 = first listed) of every item: a stand-in for a returnee's answers. */
function answers(k: number): Record<string, string> {
  return Object.fromEntries(
    currentInstrument().items.map((i) => {
      // Options are listed worst to best except where the item is reversed (listed best first): pick by value rank.
      const byValue = [...i.options].sort((a, b) => a.value - b.value);
      return [i.code, byValue[Math.min(k, byValue.length - 1)]!.code];
    }),
  );
}

async function grant(
  trx: Trx,
  database: Database,
  p: Principal,
  person: Parameters<typeof recordConsent>[3],
  recipient: string | null,
  at: Date,
) {
  await recordConsent(
    trx,
    database.engine,
    p,
    person,
    recipient
      ? { purpose: 'referral', recipientOrganisationId: recipient, basis: 'vital_interest', action: 'grant' }
      : { purpose: 'assistance', basis: 'vital_interest', action: 'grant' },
    at,
  );
}

/** Seeds the two stories; returns how many passengers were moved. */
export async function seedDemoOperations(database: Database, users: DemoUsers, now: Date): Promise<number> {
  const ops = users.get('operations.irq@demo.corridor.invalid');
  const partner = users.get('caseworker.ssd@demo.corridor.invalid');
  if (!ops || !partner) return 0;
  const p = principalOf(ops);
  const ssd = principalOf(partner);
  let moved = 0;

  // ---- 1. A crisis: from the consulate's evacuation request to arrival in Juba (three weeks ago).
  await database.db.transaction().execute(async (trx) => {
    const start = new Date(now.getTime() - 40 * DAY);
    const crisis = await createCrisis(
      trx,
      p,
      {
        code: 'DEMO-IRQ-L3',
        name: '[Demo] Conflict in northern Iraq',
        country: 'IRQ',
        areas: ['IQG09', 'IQG15', 'IQG16'],
        startedOn: dayOf(start),
        emergencyLevel: 'L3',
      },
      start,
    );
    for (const [nationality, pcode, people, days] of [
      ['SSD', 'IQG09', 380, 38],
      ['SSD', 'IQG09', 420, 30],
      ['ETH', 'IQG15', 1250, 35],
      ['PHL', 'IQG09', 610, 33],
    ] as const)
      await recordPopulation(
        trx,
        p,
        crisis.id,
        {
          nationality,
          pcode,
          people,
          reportedOn: dayOf(new Date(now.getTime() - days * DAY)),
          source: '[Demo] Consular survey',
        },
        new Date(now.getTime() - days * DAY),
      );
    const { row: fp } = await addFocalPoint(
      trx,
      p,
      crisis.id,
      {
        nationality: 'SSD',
        mission: '[Demo] Embassy of South Sudan in Baghdad',
        name: '[Demo] Consul Mary Lado',
        phone: '+964 770 000 0101',
        email: null,
      },
      new Date(now.getTime() - 37 * DAY),
    );
    const requestAt = new Date(now.getTime() - 30 * DAY);
    const asked = await createRequest(
      trx,
      p,
      crisis.id,
      {
        channel: 'consulate',
        focalPointId: fp.id,
        nationality: 'SSD',
        pcode: 'IQG09',
        givenName: 'Achol',
        familyName: 'Garang (demo)',
        dateOfBirth: '1991-05-14',
        sex: 'female',
        phone: '+964 750 000 0202',
        householdSize: 1,
      },
      requestAt,
    );
    const { request } = await acceptRequest(
      trx,
      database.engine,
      p,
      asked.id,
      { beneficiaryId: null, basis: 'vital_interest', child: null },
      new Date(requestAt.getTime() + 3_600_000),
    );
    // Two more requests still being worked: one waiting, one from the person herself.
    await createRequest(
      trx,
      p,
      crisis.id,
      {
        channel: 'individual',
        focalPointId: null,
        nationality: 'ETH',
        pcode: 'IQG15',
        givenName: 'Tsehay',
        familyName: 'Alemu (demo)',
        dateOfBirth: '1987-11-02',
        sex: 'female',
        phone: '+964 750 000 0303',
        householdSize: 3,
      },
      new Date(now.getTime() - 2 * DAY),
    );
    await createRequest(
      trx,
      p,
      crisis.id,
      {
        channel: 'consulate',
        focalPointId: fp.id,
        nationality: 'SSD',
        pcode: 'IQG09',
        givenName: 'Deng',
        familyName: 'Majok (demo)',
        dateOfBirth: null,
        sex: 'male',
        phone: null,
        householdSize: 2,
      },
      new Date(now.getTime() - DAY),
    );
    const departs = new Date(now.getTime() - 21 * DAY);
    const movement = await createMovement(
      trx,
      p,
      {
        type: 'evacuation',
        reference: 'DEMO-EVAC-0001',
        crisisId: crisis.id,
        originCountry: 'IRQ',
        destinationCountry: 'SSD',
        receptionOrganisationId: ssd.organisationId,
        legs: [
          {
            mode: 'air',
            carrier: '[Demo] Charter',
            serviceNumber: 'DM 101',
            fromPlace: 'Erbil',
            fromCountry: 'IRQ',
            toPlace: 'Juba',
            toCountry: 'SSD',
            departsAt: departs.toISOString(),
            arrivesAt: new Date(departs.getTime() + 6 * 3_600_000).toISOString(),
            capacity: 180,
          },
        ],
      },
      new Date(now.getTime() - 25 * DAY),
    );
    const { passenger } = await bookRequest(trx, p, request.id, movement.id, new Date(now.getTime() - 25 * DAY));
    const person = await trx
      .selectFrom('beneficiaries')
      .selectAll()
      .where('id', '=', passenger.beneficiary_id)
      .executeTakeFirstOrThrow();
    await grant(trx, database, p, person, ssd.organisationId, new Date(now.getTime() - 24 * DAY));
    const cleared = await updateTravel(trx, p, passenger.id, passenger.version, {
      fitToTravel: 'fit',
      medicalEscort: false,
      document: {
        type: 'emergency_travel_document',
        number: 'DEMO-ETD-0042',
        expiresOn: dayOf(new Date(now.getTime() + 60 * DAY)),
      },
    });
    await changeMovementStatus(trx, p, movement.id, 'in_progress', new Date(departs.getTime() - 4 * 3_600_000));
    const checked = await applyStep(trx, cleared, 'check_in', new Date(departs.getTime() - 3 * 3_600_000));
    const { reception } = await sendReception(trx, p, checked.id, new Date(departs.getTime() - 2 * 3_600_000));
    await applyStep(trx, checked, 'depart', departs);
    await receivePassenger(trx, ssd, reception.id, new Date(departs.getTime() + 7 * 3_600_000));
    // Every passenger has arrived: the movement is over, as its officer records it.
    await changeMovementStatus(trx, p, movement.id, 'completed', new Date(departs.getTime() + 8 * 3_600_000));
    moved += 1;

    // The next evacuation flight, tonight, still taking bookings for the requests waiting (the flight above has
    // left: nobody more can be booked on it).
    const next = new Date(now.getTime() + 8 * 3_600_000);
    await createMovement(
      trx,
      p,
      {
        type: 'evacuation',
        reference: 'DEMO-EVAC-0002',
        crisisId: crisis.id,
        originCountry: 'IRQ',
        destinationCountry: 'SSD',
        receptionOrganisationId: ssd.organisationId,
        legs: [
          {
            mode: 'air',
            carrier: '[Demo] Charter',
            serviceNumber: 'DM 103',
            fromPlace: 'Erbil',
            fromCountry: 'IRQ',
            toPlace: 'Juba',
            toCountry: 'SSD',
            departsAt: next.toISOString(),
            arrivesAt: new Date(next.getTime() + 6 * 3_600_000).toISOString(),
            capacity: 120,
          },
        ],
      },
      new Date(now.getTime() - 2 * DAY),
    );
  });

  // ---- 2. A return: pre-departure counselling 13 months ago, return, hand-over, surveys to 12 months.
  await database.db.transaction().execute(async (trx) => {
    const pre = new Date(now.getTime() - 400 * DAY);
    const { row: person } = await createBeneficiary(
      trx,
      p,
      {
        givenName: 'Mayen',
        familyName: 'Akech (demo)',
        dateOfBirth: '1989-08-21',
        sex: 'male',
        citizenships: ['SSD'],
        languages: ['en', 'ar'],
        country: 'IRQ',
        pcode: 'IQG09',
      },
      pre,
    );
    await grant(trx, database, p, person, null, pre);
    await grant(trx, database, p, person, ssd.organisationId, pre);
    const { row: kase } = await openCase(
      trx,
      database.engine,
      p,
      {
        beneficiaryId: person.id,
        openedOn: dayOf(pre),
        form: {
          type: 'avrr',
          countryOfReturn: 'SSD',
          preDepartureCounsellingOn: dayOf(pre),
          fitToTravel: 'fit',
          fitToTravelCheckedOn: dayOf(new Date(pre.getTime() + 10 * DAY)),
          plannedDepartureOn: dayOf(new Date(pre.getTime() + 20 * DAY)),
          reintegrationNeeds: [],
        },
      },
      pre,
    );
    const departs = new Date(pre.getTime() + 20 * DAY);
    const movement = await createMovement(
      trx,
      p,
      {
        type: 'voluntary_return',
        reference: 'DEMO-AVR-0001',
        crisisId: null,
        originCountry: 'IRQ',
        destinationCountry: 'SSD',
        receptionOrganisationId: ssd.organisationId,
        legs: [
          {
            mode: 'air',
            carrier: '[Demo] Scheduled airline',
            serviceNumber: 'DM 220',
            fromPlace: 'Erbil',
            fromCountry: 'IRQ',
            toPlace: 'Juba',
            toCountry: 'SSD',
            departsAt: departs.toISOString(),
            arrivesAt: new Date(departs.getTime() + 8 * 3_600_000).toISOString(),
            capacity: 12,
          },
        ],
      },
      new Date(pre.getTime() + 5 * DAY),
    );
    const booked = await bookPassenger(
      trx,
      p,
      movement.id,
      {
        beneficiaryId: person.id,
        caseId: kase.id,
        fitToTravel: 'fit',
        medicalEscort: false,
        document: {
          type: 'laissez_passer',
          number: 'DEMO-LP-7710',
          expiresOn: dayOf(new Date(departs.getTime() + 90 * DAY)),
        },
      },
      new Date(pre.getTime() + 6 * DAY),
    );
    await changeMovementStatus(trx, p, movement.id, 'in_progress', new Date(departs.getTime() - 4 * 3_600_000));
    const checked = await applyStep(trx, booked, 'check_in', new Date(departs.getTime() - 3 * 3_600_000));
    const { reception } = await sendReception(trx, p, checked.id, new Date(departs.getTime() - 2 * 3_600_000));
    await applyStep(trx, checked, 'depart', departs);
    await receivePassenger(trx, ssd, reception.id, new Date(departs.getTime() + 9 * 3_600_000));
    // Every passenger has arrived: the movement is over, as its officer records it.
    await changeMovementStatus(trx, p, movement.id, 'completed', new Date(departs.getTime() + 10 * 3_600_000));
    moved += 1;

    const plan = await createPlan(
      trx,
      p,
      { caseId: kase.id, passengerId: checked.id, pcodeOfReturn: 'SS01', returnedOn: null },
      new Date(pre.getTime() + 8 * DAY),
    );
    const items = new Map<string, string>();
    for (const [dimension, level, support, description] of [
      [
        'economic',
        'individual',
        'business_grant',
        '[Demo] Start-up grant and coaching for a mobile-phone repair stall in Juba',
      ],
      ['social', 'community', 'community_project', '[Demo] Youth vocational centre shared with the neighbourhood'],
      ['psychosocial', 'individual', 'counselling', '[Demo] Six counselling sessions after arrival'],
      ['economic', 'structural', 'labour_market_referral', '[Demo] Referral to the state employment service'],
    ] as const) {
      const { item } = await addItem(
        trx,
        p,
        plan.id,
        { dimension, level, support, description },
        new Date(pre.getTime() + 9 * DAY),
      );
      items.set(support, item.id);
    }
    await recordSurvey(
      trx,
      p,
      plan.id,
      { round: 'baseline', conductedOn: dayOf(new Date(pre.getTime() + 9 * DAY)), answers: answers(0) },
      new Date(pre.getTime() + 9 * DAY),
    );
    const { handover } = await sendHandover(
      trx,
      p,
      plan.id,
      { toOrganisationId: ssd.organisationId, note: '[Demo] Returnee arrives in Juba on DM 220.' },
      new Date(departs.getTime() - DAY),
    );
    await decideHandover(trx, ssd, handover.id, true, new Date(departs.getTime() + DAY));
    for (const [round, months, k] of [
      ['m3', 3, 1],
      ['m6', 6, 2],
      ['m12', 12, 3],
    ] as const) {
      const at = new Date(departs.getTime() + months * 30 * DAY);
      // The origin office delivers the support as the year goes on: by the 12-month survey all of it is delivered.
      for (const [support, status] of PROGRESS[round])
        await setItemStatus(trx, ssd, items.get(support)!, status, new Date(at.getTime() - DAY));
      await recordSurvey(trx, ssd, plan.id, { round, conductedOn: dayOf(at), answers: answers(k) }, at);
    }
  });
  return moved;
}
