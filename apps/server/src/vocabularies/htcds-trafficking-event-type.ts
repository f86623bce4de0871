import { defineVocabulary } from './vocabulary.ts';

/** HTCDS 2.0 `hte_Type`: the stage of a historic trafficking event. */
export const traffickingEventType = defineVocabulary({
  id: 'htcds.trafficking_event_type',
  title: 'Trafficking event stage',
  source: 'IOM Human Trafficking Case Data Standard 2.0, hte_Type',
  labels: {
    Recruitment: 'Recruitment',
    Transit: 'Transit',
    Exploitation: 'Exploitation',
  },
});
