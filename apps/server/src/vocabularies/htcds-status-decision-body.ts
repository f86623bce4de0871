import { defineVocabulary } from './vocabulary.ts';

/** HTCDS 2.0 `vic_TraffickingStatusDecisionMakingOrg`: who decided the trafficking status. */
export const statusDecisionBody = defineVocabulary({
  id: 'htcds.status_decision_body',
  title: 'Trafficking status decided by',
  source: 'IOM Human Trafficking Case Data Standard 2.0, vic_TraffickingStatusDecisionMakingOrg',
  labels: {
    Police: 'Police',
    NGO: 'NGO',
    CourtOrProsecution: 'Court or prosecution',
    NonPoliceGovernmentalOrganization: 'Non-police governmental organisation',
    Other: 'Other',
  },
});
