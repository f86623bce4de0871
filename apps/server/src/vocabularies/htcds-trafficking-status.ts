import { defineVocabulary } from './vocabulary.ts';

/** HTCDS 2.0 `vic_TraffickingStatus`: whether the person is a possible or actual victim of trafficking. */
export const traffickingStatus = defineVocabulary({
  id: 'htcds.trafficking_status',
  title: 'Trafficking status',
  source: 'IOM Human Trafficking Case Data Standard 2.0, vic_TraffickingStatus',
  labels: {
    PossibleVictimOfTrafficking: 'Possible victim of trafficking',
    ActualVictimOfTrafficking: 'Actual victim of trafficking',
    NotAVictimOfTrafficking: 'Not a victim of trafficking',
  },
});
