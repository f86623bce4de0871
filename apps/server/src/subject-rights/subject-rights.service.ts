// Subject access, portability and erasure (SECURITY.md D8). Who may: supervisors of the person's organisation
// who may see the person (a restricted person only for staff on one of their sensitive cases); anyone else gets the
// same 404 as for a person who does not exist.
import type { CaseForm, CaseType } from '@corridor/contracts';
import { getBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import type { BeneficiaryRow } from '../beneficiaries/beneficiaries.table.ts';
import { type CodeRow, joinForm } from '../cases/case-forms.ts';
import type { Db, Trx } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import {
  anonymiseAll,
  type Counts,
  claimForAnonymising,
  eraseAll,
  graphOf,
  isAnonymised,
  readAll,
} from './subject-rights.store.ts';

const json = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};
const codes = (s: string): string[] => (s ? s.split(' ').filter(Boolean) : []);

/** A case's form from its stored details and codes; null when the details hold none (an anonymised case). */
function formOf(type: string, details: unknown, codeRows: readonly CodeRow[]): CaseForm | null {
  const form = details && typeof details === 'object' ? (details as { form?: unknown }).form : undefined;
  if (!form || typeof form !== 'object') return null;
  return joinForm(type as CaseType, form as Record<string, unknown>, codeRows);
}

/** The subject access document: everything the organisation holds about the person, machine-readable (JSON). */
export async function subjectAccess(db: Db, p: Principal, id: string, now: Date) {
  const b = await getBeneficiary(db, p, id);
  const g = await graphOf(db, b.id);
  const all = await readAll(db, p.organisationId, g);
  const person = all.person;
  return {
    format: 'corridor.subject-access/1' as const,
    generatedAt: now.toISOString(),
    organisationId: p.organisationId,
    person: {
      id: person.id,
      givenName: person.given_name,
      familyName: person.family_name,
      nameOriginal: person.name_original,
      nameLatin: person.name_latin,
      dateOfBirth: person.date_of_birth,
      dobPrecision: person.dob_precision,
      sex: person.sex,
      gender: person.gender,
      citizenships: codes(person.citizenships),
      languages: codes(person.languages),
      phone: person.phone,
      email: person.email,
      country: person.country,
      pcode: person.pcode,
      householdId: person.household_id,
      householdRole: person.household_role,
      migrationStatus: person.migration_status,
      disability: person.disability === null ? null : person.disability === 1,
      specificNeeds: codes(person.specific_needs),
      restricted: person.restricted === 1,
      createdBy: person.created_by,
      createdAt: person.created_at,
      updatedAt: person.updated_at,
      version: person.version,
    },
    documents: all.documents.map((d) => ({
      id: d.id,
      type: d.type,
      number: d.number,
      issuingCountry: d.issuing_country,
    })),
    consents: all.consents.map((e) => ({
      id: e.id,
      purpose: e.purpose,
      recipientOrganisationId: e.recipient_organisation_id,
      basis: e.basis,
      action: e.action,
      informationGiven: e.information_given,
      childAssent: e.child_assent,
      recordedBy: e.recorded_by,
      recordedAt: e.recorded_at,
      expiresAt: e.expires_at,
    })),
    cases: all.cases.map((c) => {
      const mine = <T extends Record<string, unknown>>(rows: T[]) => rows.filter((r) => r.case_id === c.id);
      const caseCodes: CodeRow[] = mine(all.codes).map((x) => ({
        vocabulary: String(x.vocabulary),
        code: String(x.code),
      }));
      return {
        id: c.id,
        reference: c.reference,
        type: c.type,
        status: c.status,
        sensitive: c.sensitive === 1,
        assignedTo: c.assigned_to,
        openedOn: c.opened_on,
        closedOn: c.closed_on,
        closureReason: c.closure_reason,
        details: json(c.details),
        codes: caseCodes,
        // the case's form as the cases API shows it (its details and codes joined), for a readable copy
        form: formOf(c.type, json(c.details), caseCodes),
        accessGrants: mine(all.access).map((x) => ({
          userId: x.user_id,
          grantedBy: x.granted_by,
          grantedAt: x.granted_at,
        })),
        assessments: mine(all.assessments).map(({ case_id: _c, organisation_id: _o, details, ...x }) => ({
          ...x,
          details: json(details as string),
        })),
        planItems: mine(all.planItems).map(({ case_id: _c, organisation_id: _o, ...x }) => x),
        services: mine(all.services).map(({ case_id: _c, organisation_id: _o, ...x }) => x),
        notes: mine(all.notes).map((x) => ({ id: x.id, body: x.body, author: x.author, createdAt: x.created_at })),
        tasks: mine(all.tasks).map((x) => ({
          id: x.id,
          title: x.title,
          dueOn: x.due_on,
          assignedTo: x.assigned_to,
          doneAt: x.done_at,
          createdBy: x.created_by,
          createdAt: x.created_at,
        })),
        createdBy: c.created_by,
        createdAt: c.created_at,
        updatedAt: c.updated_at,
      };
    }),
    referrals: all.referrals.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      toOrganisationId: r.to_organisation_id,
      serviceType: r.service_type,
      reason: r.reason,
      status: r.status,
      message: r.message,
      sharedData: json(r.shared_data),
      dueOn: r.due_on,
      sentBy: r.sent_by,
      sentAt: r.sent_at,
      respondedAt: r.responded_at,
      declineReason: r.decline_reason,
      outcome: r.outcome,
      closedAt: r.closed_at,
    })),
    imported: all.imported.map((k) => ({
      recordType: k.record_type,
      recordId: k.record_id,
      firstImportedAt: k.created_at,
      lastImportedAt: k.updated_at,
    })),
    audit: all.audit.map((a) => ({
      seq: a.seq,
      at: a.at,
      action: a.action,
      entityType: a.entity_type,
      entityId: a.entity_id,
      actorUserId: a.actor_user_id,
      actorOrganisationId: a.actor_organisation_id,
      actorRoles: a.actor_roles,
      purpose: a.purpose,
      sensitiveRead: a.sensitive_read === 1,
      details: json(a.details),
    })),
  };
}

export type SubjectAccessDocument = Awaited<ReturnType<typeof subjectAccess>>;

export type ErasureMode = 'erase' | 'anonymise';

/**
 * Erases or anonymises the person everywhere, in the caller's transaction. `version`, when given, must be the
 * person's current version (the caller saw what they are erasing). A person is anonymised once (409 after that).
 */
export async function eraseSubject(
  trx: Trx,
  p: Principal,
  id: string,
  mode: ErasureMode,
  version: number | null,
): Promise<{ organisationId: string; counts: Counts; restricted: boolean }> {
  return eraseSubjectRow(trx, await getBeneficiary(trx, p, id), mode, version);
}

/**
 * eraseSubject for a person already read, without asking whether the caller may see them: for a supervisor carrying
 * out a request filed by staff on the person's sensitive case (requests.service.ts), who decides without seeing them.
 */
export async function eraseSubjectRow(
  trx: Trx,
  b: BeneficiaryRow,
  mode: ErasureMode,
  version: number | null,
): Promise<{ organisationId: string; counts: Counts; restricted: boolean }> {
  if (version !== null && version !== b.version)
    throw new DomainError('precondition_failed', 'The person changed since you read them; reload and retry.');
  // Anonymising twice would blank nothing and audit a second anonymisation; erasing an anonymised person is allowed.
  if (mode === 'anonymise' && (isAnonymised(b) || !(await claimForAnonymising(trx, b.id))))
    throw new DomainError('invalid_transition', 'The person is anonymised already; only erasing them is left.');
  const g = await graphOf(trx, b.id);
  const counts = mode === 'erase' ? await eraseAll(trx, g) : await anonymiseAll(trx, g);
  return { organisationId: b.organisation_id, counts, restricted: b.restricted === 1 };
}
