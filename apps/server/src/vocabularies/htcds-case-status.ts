import { defineVocabulary } from './vocabulary.ts';

/** HTCDS 2.0 `cas_Status`, the status of every Corridor case whatever its type. */
export const caseStatus = defineVocabulary({
  id: 'htcds.case_status',
  title: 'Case status',
  source: 'IOM Human Trafficking Case Data Standard 2.0, cas_Status',
  labels: {
    Active: 'Active',
    FollowUp: 'Follow up',
    Closed: 'Closed',
    ClosedReferred: 'Closed (referred)',
  },
});
