import { defineVocabulary } from './vocabulary.ts';

/** HTCDS 2.0 `spl_Type`: the kinds of support in a case plan. */
export const supportPlanType = defineVocabulary({
  id: 'htcds.support_plan_type',
  title: 'Support plan type',
  source: 'IOM Human Trafficking Case Data Standard 2.0, spl_Type',
  labels: {
    Education: 'Education',
    Financial: 'Financial',
    Health: 'Health',
    LabourExploitationRehabilitation: 'Labour exploitation rehabilitation',
    Legal: 'Legal',
    Livelihood: 'Livelihood',
    RightsBasedTraining: 'Rights-based training',
    SexualExploitationRehabilitation: 'Sexual exploitation rehabilitation',
    SocialCare: 'Social care',
  },
});
