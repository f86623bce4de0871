import { defineVocabulary } from './vocabulary.ts';

/** HTCDS 2.0 `vic_MethodsOfControl` (several per case). */
export const methodOfControl = defineVocabulary({
  id: 'htcds.method_of_control',
  title: 'Method of control',
  source: 'IOM Human Trafficking Case Data Standard 2.0, vic_MethodsOfControl',
  labels: {
    PhysicalThreats: 'Physical threats',
    ThreatsLawEnforcement: 'Threats of law enforcement',
    ThreatensChildrenFamily: 'Threatens children or family',
    DebtBondage: 'Debt bondage',
    FalsePromises: 'False promises',
    PhysicalAbuse: 'Physical abuse',
    SexualAbuse: 'Sexual abuse',
    TakesEarnings: 'Takes earnings',
    RestrictsFinancialAccess: 'Restricts financial access',
    RestrictsMedicalCare: 'Restricts medical care',
    WithholdsNecessities: 'Withholds necessities',
    PsychologicalAbuse: 'Psychological abuse',
    PsychoactiveSubstance: 'Psychoactive substance',
    ExcessiveWorkingHours: 'Excessive working hours',
    WithholdsDocuments: 'Withholds documents',
    Other: 'Other',
  },
});
