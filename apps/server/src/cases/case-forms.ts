// The type-specific case forms on the server: which coded fields each form has and from which vocabulary, how a
// form is checked against its vocabularies and the standards' rules, and how it is stored. Coded fields go to
// `case_codes` rows (reports filter on them: SDG 16.2.2 by form of exploitation, GBVIMS by core type); everything
// else of the form goes to `cases.details` as JSON.
import type { CaseForm, CaseType } from '@corridor/contracts';
import { invalidField, invalidFields, type ValidationIssue } from '../errors.ts';
import { gbvContext } from '../vocabularies/gbvims-context.ts';
import { gbvCoreType } from '../vocabularies/gbvims-core-type.ts';
import { exploitationType } from '../vocabularies/htcds-exploitation-type.ts';
import { forcedLabourIndustry } from '../vocabularies/htcds-forced-labour-industry.ts';
import { methodOfControl } from '../vocabularies/htcds-method-of-control.ts';
import { perpetratorRole } from '../vocabularies/htcds-perpetrator-role.ts';
import { recruitmentMethod } from '../vocabularies/htcds-recruitment-method.ts';
import { sexualExploitationType } from '../vocabularies/htcds-sexual-exploitation-type.ts';
import { statusDecisionBody } from '../vocabularies/htcds-status-decision-body.ts';
import { traffickerRelationship } from '../vocabularies/htcds-trafficker-relationship.ts';
import { traffickingEventType } from '../vocabularies/htcds-trafficking-event-type.ts';
import { traffickingStatus } from '../vocabularies/htcds-trafficking-status.ts';
import { vulnerability } from '../vocabularies/htcds-vulnerability.ts';
import { serviceType } from '../vocabularies/service-type.ts';
import type { Vocabulary } from '../vocabularies/vocabulary.ts';

/** A coded field of a form: one code (or null) or several, of one vocabulary. */
export type CodedField = { field: string; vocabulary: Vocabulary; many: boolean };

const one = (field: string, vocabulary: Vocabulary): CodedField => ({ field, vocabulary, many: false });
const many = (field: string, vocabulary: Vocabulary): CodedField => ({ field, vocabulary, many: true });

/** The coded fields of each form. A vocabulary appears at most once per form (it names the case_codes rows). */
export const CODED_FIELDS: Readonly<Record<CaseType, readonly CodedField[]>> = {
  protection: [many('vulnerabilities', vulnerability), many('needs', serviceType)],
  trafficking: [
    one('traffickingStatus', traffickingStatus),
    one('statusDecidedBy', statusDecisionBody),
    many('exploitationTypes', exploitationType),
    one('forcedLabourIndustry', forcedLabourIndustry),
    many('sexualExploitationTypes', sexualExploitationType),
    many('methodsOfControl', methodOfControl),
    many('recruitmentMethods', recruitmentMethod),
    one('relationshipToTrafficker', traffickerRelationship),
    many('perpetratorRoles', perpetratorRole),
    many('vulnerabilities', vulnerability),
  ],
  child: [],
  gbv: [one('coreType', gbvCoreType), many('contexts', gbvContext)],
  avrr: [many('reintegrationNeeds', serviceType)],
};

/** One row of case_codes, before it gets its case and organisation. */
export type CodeRow = { vocabulary: string; code: string };

const issue = (pointer: string, message: string): ValidationIssue => ({
  location: 'body',
  pointer,
  message,
  code: 'custom',
});

/** Unknown codes and the standards' cross-field rules, as validation issues under `prefix` (a JSON pointer). */
export function formIssues(form: CaseForm, prefix = '/form'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const record = form as unknown as Record<string, unknown>;
  for (const f of CODED_FIELDS[form.type]) {
    const value = record[f.field];
    const list = f.many ? (value as string[]) : value === null ? [] : [value as string];
    list.forEach((code, i) => {
      if (!f.vocabulary.has(code))
        issues.push(
          issue(`${prefix}/${f.field}${f.many ? `/${i}` : ''}`, `not a code of the ${f.vocabulary.id} vocabulary`),
        );
    });
  }
  if (form.type === 'trafficking') {
    // HTCDS: the deciding body is what turns a possible victim into an identified (or excluded) one.
    if (form.traffickingStatus !== 'PossibleVictimOfTrafficking' && form.statusDecidedBy === null)
      issues.push(issue(`${prefix}/statusDecidedBy`, 'required once the status is decided'));
    // HTCDS: the industry describes forced labour and the sub-types describe sexual exploitation, nothing else.
    if (form.forcedLabourIndustry !== null && !form.exploitationTypes.includes('ForcedLabour'))
      issues.push(issue(`${prefix}/forcedLabourIndustry`, 'only with the ForcedLabour exploitation type'));
    if (form.sexualExploitationTypes.length > 0 && !form.exploitationTypes.includes('SexualExploitation'))
      issues.push(issue(`${prefix}/sexualExploitationTypes`, 'only with the SexualExploitation exploitation type'));
    form.traffickingEvents.forEach((e, i) => {
      if (!traffickingEventType.has(e.stage))
        issues.push(
          issue(`${prefix}/traffickingEvents/${i}/stage`, `not a code of the ${traffickingEventType.id} vocabulary`),
        );
    });
  }
  return issues;
}

/** Throws validation_failed listing every issue of the form, if it has any. */
export function assertValidForm(form: CaseForm, prefix = '/form'): void {
  const issues = formIssues(form, prefix);
  if (issues.length) throw invalidFields(issues);
}

/** Throws validation_failed when a query parameter is not a code of the vocabulary. */
export function assertQueryCode(v: Vocabulary, code: string, pointer: string): void {
  if (!v.has(code)) throw invalidField(pointer, `not a code of the ${v.id} vocabulary`, undefined, 'query');
}

/** Splits a form into its case_codes rows and the JSON kept in cases.details. */
export function splitForm(form: CaseForm): { codes: CodeRow[]; rest: Record<string, unknown> } {
  const rest: Record<string, unknown> = { ...form };
  delete rest.type;
  const codes: CodeRow[] = [];
  for (const f of CODED_FIELDS[form.type]) {
    const value = rest[f.field];
    delete rest[f.field];
    const list = f.many ? (value as string[]) : value === null || value === undefined ? [] : [value as string];
    for (const code of list) codes.push({ vocabulary: f.vocabulary.id, code });
  }
  return { codes, rest };
}

/** Puts a form back together from its details JSON and case_codes rows; codes come in their vocabulary's order. */
export function joinForm(type: CaseType, rest: Record<string, unknown>, codes: readonly CodeRow[]): CaseForm {
  const form: Record<string, unknown> = { type, ...rest };
  for (const f of CODED_FIELDS[type]) {
    const mine = codes
      .filter((c) => c.vocabulary === f.vocabulary.id)
      .map((c) => c.code)
      .sort((a, b) => f.vocabulary.codes.indexOf(a) - f.vocabulary.codes.indexOf(b));
    form[f.field] = f.many ? mine : (mine[0] ?? null);
  }
  return form as CaseForm;
}
