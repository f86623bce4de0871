import { AuditStatus, CertificationStatus, FindingStatus, type Problem } from '@corridor/contracts';

/**
 * The certification workflow's refusals the page words in its own language. The server's details are fixed
 * sentences (apps/server/src/recruitment/recruitment.service.ts, whose integration tests assert them word for word):
 * each known one is read back to a key and what it names (the criteria, or the status of the certification, audit
 * or finding it refused to move), so that a Spanish or Arabic page does not show English, nor a status's code;
 * anything else keeps the shared wording (the code's sentence, then the server's words).
 */
export type RefusalKey =
  | 'majorFindingOpen'
  | 'minorWithoutPlan'
  | 'majorStillOpen'
  | 'certificateExpired'
  | 'surveillanceOpen'
  | 'forCauseOpen'
  | 'auditorInactive'
  | 'auditorOwnOrganisation'
  | 'applicationOpen'
  | 'selfAssessmentOnce'
  | 'initialAfterSelfAssessment'
  | 'surveillanceNeedsCertificate'
  | 'grantAfterAudit'
  | 'refuseBeforeDecision'
  | 'suspendCertifiedOnly'
  | 'reinstateSuspendedOnly'
  | 'withdrawLiveOnly'
  | 'assignRequestedOnly'
  | 'findingsDuringAudit'
  | 'completeScheduledOnly'
  | 'planOpenFindingOnly'
  | 'evidenceAfterPlan'
  | 'verifySubmittedOnly';

/** The page's words a status is named with (recruitment.statuses, .auditStatuses, .findingStatuses). */
export type StatusWords = 'statuses' | 'auditStatuses' | 'findingStatuses';

/** A status a refusal names, with the words it is said in. */
export type NamedStatus =
  | { words: 'statuses'; value: CertificationStatus }
  | { words: 'auditStatuses'; value: (typeof AuditStatus.options)[number] }
  | { words: 'findingStatuses'; value: (typeof FindingStatus.options)[number] };

export type Refusal = { key: RefusalKey; criteria: string | null; status: NamedStatus | null };

/** What a sentence's one group is: the criteria it lists, or a status in one of the vocabularies. */
type Group = 'criteria' | StatusWords;

/** The status codes of each vocabulary: a group that is none of them is not the sentence. */
const STATUS_CODES: Record<StatusWords, readonly string[]> = {
  statuses: CertificationStatus.options,
  auditStatuses: AuditStatus.options,
  findingStatuses: FindingStatus.options,
};

const STATUS = '([a-z_]+)';
const cert = (head: string): RegExp => new RegExp(`^${head}; this certification is ${STATUS}\\.$`);
const thisOne = (head: string): RegExp => new RegExp(`^${head}; this one is ${STATUS}\\.$`);
const audit = (head: string): RegExp => new RegExp(`^${head}; this audit is ${STATUS}\\.$`);
const finding = (head: string): RegExp => new RegExp(`^${head}; this finding is ${STATUS}\\.$`);

/** Each sentence, with what its one group names where it names anything. */
const SENTENCES: readonly [RegExp, RefusalKey, Group?][] = [
  [
    /^No certificate while a major finding is open: (.+)\. Its corrective action must be verified first\.$/,
    'majorFindingOpen',
    'criteria',
  ],
  [
    /^Every minor finding needs a corrective action plan with a deadline first: (.+)\.$/,
    'minorWithoutPlan',
    'criteria',
  ],
  [/^A major finding is still open: (.+)\.$/, 'majorStillOpen', 'criteria'],
  [/^The certificate has expired; the recruiter must apply again\.$/, 'certificateExpired'],
  [/^The certificate has expired meanwhile; the recruiter must apply again\.$/, 'certificateExpired'],
  [/^The certificate has already expired\.$/, 'certificateExpired'],
  [
    /^A surveillance audit of this recruiter is already scheduled; complete it before scheduling another\.$/,
    'surveillanceOpen',
  ],
  [
    /^An audit for cause of this recruiter is already requested or scheduled; complete it before requesting another\.$/,
    'forCauseOpen',
  ],
  [/^The auditor is not an active certification auditor\.$/, 'auditorInactive'],
  [/^An auditor may not audit their own organisation\.$/, 'auditorOwnOrganisation'],
  [
    new RegExp(
      `^The recruiter already has a certification that is ${STATUS}; a new application is possible once it is refused, withdrawn or expired\\.$`,
    ),
    'applicationOpen',
    'statuses',
  ],
  [cert('The self-assessment is submitted once, right after applying'), 'selfAssessmentOnce', 'statuses'],
  [cert('An initial audit follows the self-assessment'), 'initialAfterSelfAssessment', 'statuses'],
  [cert('A surveillance audit is for a certified or suspended recruiter'), 'surveillanceNeedsCertificate', 'statuses'],
  [cert('A certificate is granted after the initial audit is completed'), 'grantAfterAudit', 'statuses'],
  [
    thisOne('A certification is refused before a decision and outside an audit in progress'),
    'refuseBeforeDecision',
    'statuses',
  ],
  [cert('Only a certified recruiter is suspended'), 'suspendCertifiedOnly', 'statuses'],
  [thisOne('Only a suspended certification is reinstated'), 'reinstateSuspendedOnly', 'statuses'],
  [thisOne('Only a certified or suspended certification is withdrawn'), 'withdrawLiveOnly', 'statuses'],
  [audit('Only a requested audit is assigned'), 'assignRequestedOnly', 'auditStatuses'],
  [audit('Findings are recorded during the audit'), 'findingsDuringAudit', 'auditStatuses'],
  [audit('Only a scheduled audit is completed'), 'completeScheduledOnly', 'auditStatuses'],
  [finding('A corrective action is planned for an open finding'), 'planOpenFindingOnly', 'findingStatuses'],
  [finding('Evidence follows a planned corrective action'), 'evidenceAfterPlan', 'findingStatuses'],
  [finding('Only a submitted corrective action is verified'), 'verifySubmittedOnly', 'findingStatuses'],
];

/** Criteria codes as the server lists them: "2.1" or "A.1, 3.4". */
const CRITERIA = /^[A-Z0-9]+\.[0-9]+(, [A-Z0-9]+\.[0-9]+)*$/;

/** The known refusal a problem is, or null. */
export function refusalOf(problem: Problem | null): Refusal | null {
  if (!problem?.detail || !['invalid_transition', 'conflict', 'invalid_reference'].includes(problem.code)) return null;
  for (const [sentence, key, group] of SENTENCES) {
    const m = sentence.exec(problem.detail);
    if (!m) continue;
    const named = m[1] ?? null;
    if (group === undefined || named === null) return { key, criteria: null, status: null };
    // (a list that is not one of criteria codes, or a status the page has no word for, is not this sentence: the
    // server's own words are shown instead)
    if (group === 'criteria') return CRITERIA.test(named) ? { key, criteria: named, status: null } : null;
    return STATUS_CODES[group].includes(named)
      ? { key, criteria: null, status: { words: group, value: named } as NamedStatus }
      : null;
  }
  return null;
}
