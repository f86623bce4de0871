import { defineVocabulary } from './vocabulary.ts';

/** The kinds of case Corridor manages, each with its own form (packages/contracts/src/cases.ts). */
export const caseType = defineVocabulary({
  id: 'corridor.case_type',
  title: 'Case type',
  source: 'Corridor',
  labels: {
    protection: 'Protection and assistance (stranded or vulnerable migrant)',
    trafficking: 'Victim of trafficking',
    child: 'Unaccompanied or separated child',
    gbv: 'Gender-based violence incident',
    avrr: 'Assisted voluntary return and reintegration',
  },
});

/** The prefix of a case's human reference (e.g. VOT-2026-000042), per type. */
export const REFERENCE_PREFIX: Readonly<Record<(typeof caseType.codes)[number], string>> = {
  protection: 'PRT',
  trafficking: 'VOT',
  child: 'UASC',
  gbv: 'GBV',
  avrr: 'AVRR',
};
