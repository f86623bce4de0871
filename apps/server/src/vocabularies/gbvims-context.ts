import { defineVocabulary } from './vocabulary.ts';

/**
 * Context of a GBV incident, recorded separately from its core type (GBVIMS Incident Recording Form): the same
 * act can happen in several contexts, and the context never changes the core type.
 */
export const gbvContext = defineVocabulary({
  id: 'gbvims.context',
  title: 'GBV incident context',
  source: 'GBVIMS Incident Recording Form (context questions)',
  labels: {
    intimate_partner_violence: 'Intimate partner violence',
    child_sexual_abuse: 'Child sexual abuse',
    early_marriage: 'Early marriage',
    harmful_traditional_practice: 'Harmful traditional practice',
    possible_sexual_exploitation: 'Possible sexual exploitation',
    possible_sexual_slavery: 'Possible sexual slavery',
    abduction: 'Abduction or kidnapping',
    trafficking: 'Trafficking',
    conflict_related: 'Conflict-related',
  },
});
