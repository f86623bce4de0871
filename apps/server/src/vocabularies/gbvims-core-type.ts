import { defineVocabulary } from './vocabulary.ts';

/**
 * The six GBVIMS core types of gender-based violence. Exactly one per incident, decided by the act alone, in
 * this order of precedence (the GBVIMS classification tool asks about them in this order).
 */
export const gbvCoreType = defineVocabulary({
  id: 'gbvims.core_type',
  title: 'GBV type of incident',
  source: 'GBVIMS Classification Tool (six core types of GBV)',
  labels: {
    rape: 'Rape',
    sexual_assault: 'Sexual assault',
    physical_assault: 'Physical assault',
    forced_marriage: 'Forced marriage',
    denial_of_resources: 'Denial of resources, opportunities or services',
    psychological_abuse: 'Psychological or emotional abuse',
  },
});
