// Movement, leg, passenger and reception as the API shows them. Passenger fields are named one by one: the
// manifest carries what travel needs (Latin name, sex, birth date, nationality, document) and nothing else.
import type { Movement, Passenger, PassengerStatus, ReceptionHandover } from '@corridor/contracts';
import { PASSENGER_STATUSES } from '@corridor/contracts';
import { codesOf, RESTRICTED_IDENTITY } from '../beneficiaries/beneficiaries.service.ts';
import type { BeneficiaryRow } from '../beneficiaries/beneficiaries.table.ts';
import type { MovementLegRow, MovementPassengerRow, MovementReceptionRow, MovementRow } from './movements.table.ts';

/** Passenger counts per status, zero for the statuses without passengers. */
export function countsOf(rows: { status: string; n: number }[]): Movement['passengers'] {
  const out = Object.fromEntries(PASSENGER_STATUSES.map((s) => [s, 0])) as Record<PassengerStatus, number>;
  for (const r of rows) if (r.status in out) out[r.status as PassengerStatus] += r.n;
  return out;
}

export const presentLeg = (l: MovementLegRow) => ({
  id: l.id,
  seq: l.seq,
  mode: l.mode as Movement['legs'][number]['mode'],
  carrier: l.carrier,
  serviceNumber: l.service_number,
  fromPlace: l.from_place,
  fromCountry: l.from_country,
  toPlace: l.to_place,
  toCountry: l.to_country,
  departsAt: l.departs_at,
  arrivesAt: l.arrives_at,
  capacity: l.capacity,
  booked: l.booked,
  version: l.version,
});

export function presentMovement(
  m: MovementRow,
  legs: MovementLegRow[],
  counts: { status: string; n: number }[],
): Movement {
  return {
    id: m.id,
    type: m.type as Movement['type'],
    reference: m.reference,
    crisisId: m.crisis_id,
    originCountry: m.origin_country,
    destinationCountry: m.destination_country,
    status: m.status as Movement['status'],
    receptionOrganisationId: m.reception_organisation_id,
    legs: legs.map(presentLeg),
    passengers: countsOf(counts),
    createdAt: m.created_at,
    version: m.version,
  };
}

export function presentPassenger(
  x: MovementPassengerRow,
  b: BeneficiaryRow | undefined,
  reception: MovementReceptionRow | undefined,
  hidden = false,
): Passenger {
  const shown = hidden ? undefined : b;
  return {
    id: x.id,
    movementId: x.movement_id,
    beneficiaryId: x.beneficiary_id,
    caseId: x.case_id,
    nameLatin: shown?.name_latin ?? '',
    nameOriginal: shown?.name_original ?? null,
    sex: shown?.sex ?? null,
    dateOfBirth: shown?.date_of_birth ?? null,
    nationality: shown ? (codesOf(shown.citizenships)[0] ?? null) : null,
    identityHidden: hidden,
    status: x.status as PassengerStatus,
    fitToTravel: x.fit_to_travel as Passenger['fitToTravel'],
    medicalEscort: x.medical_escort === 1,
    document:
      x.document_type && !hidden
        ? {
            type: x.document_type as NonNullable<Passenger['document']>['type'],
            number: x.document_number ?? '',
            expiresOn: x.document_expires_on,
          }
        : null,
    bookedAt: x.booked_at,
    checkedInAt: x.checked_in_at,
    departedAt: x.departed_at,
    arrivedAt: x.arrived_at,
    reception: reception ? { id: reception.id, status: reception.status as 'sent' | 'received' } : null,
    version: x.version,
  };
}

export function presentReception(r: MovementReceptionRow & { movement_reference: string; movement_type: string }) {
  return {
    id: r.id,
    movementReference: r.movement_reference,
    movementType: r.movement_type as Movement['type'],
    sendingOrganisationId: r.organisation_id,
    partnerOrganisationId: r.partner_organisation_id,
    status: r.status as 'sent' | 'received',
    handover: JSON.parse(r.shared) as ReceptionHandover,
    sentAt: r.sent_at,
    receivedAt: r.received_at,
  };
}

/** Manifest columns (exports and PDF share them). */
export const MANIFEST_COLUMNS = [
  { key: 'no', label: '#', width: 24 },
  { key: 'name', label: 'Name (Latin)', width: 130 },
  { key: 'name_original', label: 'Name (original script)', width: 110 },
  { key: 'sex', label: 'Sex', width: 40 },
  { key: 'date_of_birth', label: 'Date of birth', width: 58 },
  { key: 'nationality', label: 'Nationality', width: 48 },
  { key: 'document_type', label: 'Document', width: 70 },
  { key: 'document_number', label: 'Number', width: 80 },
  { key: 'document_expires_on', label: 'Expires', width: 58 },
  { key: 'fit_to_travel', label: 'Fit to travel', width: 66 },
  { key: 'medical_escort', label: 'Escort', width: 36 },
  { key: 'status', label: 'Status', width: 50 },
] as const;

/**
 * The printed manifest (PDF) words its codes, as a crew or a border officer reads it (the CSV and XLSX keep the codes,
 * for machines); nationality stays the ISO 3166 alpha-3 code travel documents carry.
 */
const PRINTED_WORDS: Partial<Record<(typeof MANIFEST_COLUMNS)[number]['key'], Record<string, string>>> = {
  sex: { female: 'Female', male: 'Male', intersex: 'Intersex', unknown: 'Unknown' },
  document_type: {
    passport: 'Passport',
    laissez_passer: 'Laissez-passer',
    emergency_travel_document: 'Emergency TD',
    refugee_travel_document: 'Refugee TD',
    visa: 'Visa',
  },
  fit_to_travel: { pending: 'Pending', fit: 'Fit', fit_with_escort: 'With escort', unfit: 'Unfit' },
  medical_escort: { yes: 'Yes', no: 'No' },
  status: {
    booked: 'Booked',
    checked_in: 'Checked in',
    departed: 'Departed',
    arrived: 'Arrived',
    no_show: 'No-show',
    cancelled: 'Cancelled',
  },
};

/** Headings of the printed manifest where the export's would not fit their column. */
const PRINTED_LABELS: Partial<Record<(typeof MANIFEST_COLUMNS)[number]['key'], string>> = {
  date_of_birth: 'Born',
  nationality: 'Nat.',
  fit_to_travel: 'Fit',
};

/** The printed manifest's columns (label and width). */
export const printedColumns = (): { label: string; width: number }[] =>
  MANIFEST_COLUMNS.map((c) => ({ label: PRINTED_LABELS[c.key] ?? c.label, width: c.width }));

/** A manifest row (manifestRow) with its codes worded for print. */
export const printedRow = (row: readonly string[]): string[] =>
  row.map((cell, i) => {
    const words = PRINTED_WORDS[MANIFEST_COLUMNS[i]!.key];
    return (words && words[cell]) ?? cell;
  });

/** One manifest row in the export columns' order. */
export const manifestRow = (i: number, x: Passenger): string[] => [
  String(i + 1),
  x.identityHidden ? RESTRICTED_IDENTITY : x.nameLatin,
  x.nameOriginal ?? '',
  x.sex ?? '',
  x.dateOfBirth ?? '',
  x.nationality ?? '',
  x.document?.type ?? '',
  x.document?.number ?? '',
  x.document?.expiresOn ?? '',
  x.fitToTravel,
  x.medicalEscort ? 'yes' : 'no',
  x.status,
];
