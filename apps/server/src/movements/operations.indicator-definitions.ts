// The movement and reintegration indicators as definitions for the indicator engine (apps/server/src/evidence),
// ready to be added to its INDICATORS list (`...OPERATIONS_INDICATORS`); computed on demand by the plain functions
// named in each description, like the remittance indicators. Kept here so the evidence context need not change
// until it registers them.
import type { OnDemandIndicator } from '../evidence/indicators.ts';

/** People evacuated, resettled and returned, and the reintegration scores (issue 7, item 6). */
export const OPERATIONS_INDICATORS: readonly OnDemandIndicator[] = [
  {
    id: 'people_evacuated',
    computation: 'on_demand',
    titles: {
      en: 'People evacuated',
      fr: 'Personnes évacuées',
      es: 'Personas evacuadas',
      ar: 'الأشخاص الذين تم إجلاؤهم',
    },
    description:
      'Passengers who arrived on evacuation movements in the period, by month: computed on demand from the kept ' +
      'monthly counts (movements/movements.indicators.ts, evacuatedCount / movementFigures).',
    unit: 'people',
    source: { context: 'movements', records: 'movement_passengers' },
    dimensions: ['period (month)'],
    tags: { agenda: [4, 8], gcm: [7, 8, 23], sdg: null, mgi: ['mobility_dimensions_of_crises'] },
  },
  {
    id: 'people_resettled',
    computation: 'on_demand',
    titles: {
      en: 'People resettled',
      fr: 'Personnes réinstallées',
      es: 'Personas reasentadas',
      ar: 'الأشخاص الذين أعيد توطينهم',
    },
    description:
      'Passengers who arrived on resettlement movements in the period, by month (movements.indicators.ts, ' +
      'resettledCount / movementFigures).',
    unit: 'people',
    source: { context: 'movements', records: 'movement_passengers' },
    dimensions: ['period (month)'],
    tags: { agenda: [1, 8], gcm: [5, 23], sdg: null, mgi: ['safe_orderly_regular_migration'] },
  },
  {
    id: 'people_returned',
    computation: 'on_demand',
    titles: {
      en: 'People assisted to return voluntarily',
      fr: 'Personnes aidées à rentrer volontairement',
      es: 'Personas asistidas para retornar voluntariamente',
      ar: 'الأشخاص الذين تلقوا المساعدة للعودة الطوعية',
    },
    description:
      'Passengers who arrived on assisted voluntary return movements in the period, by month (movements.indicators.ts, ' +
      'returnedCount / movementFigures).',
    unit: 'people',
    source: { context: 'movements', records: 'movement_passengers' },
    dimensions: ['period (month)'],
    tags: { agenda: [4], gcm: [21], sdg: null, mgi: ['safe_orderly_regular_migration'] },
  },
  {
    id: 'reintegration_scores',
    computation: 'on_demand',
    titles: {
      en: 'Reintegration scores (economic, social, psychosocial, composite)',
      fr: 'Scores de réintégration (économique, sociale, psychosociale, composite)',
      es: 'Puntuaciones de reintegración (económica, social, psicosocial, compuesta)',
      ar: 'درجات إعادة الإدماج (الاقتصادية والاجتماعية والنفسية الاجتماعية والمركبة)',
    },
    description:
      'Mean scores (0 to 1) per survey round of the reintegration surveys conducted in the period, rounds with fewer ' +
      'than 5 returnees withheld (reintegration/reintegration.indicators.ts, reintegrationScores).',
    unit: 'score (0-1)',
    source: { context: 'reintegration', records: 'reintegration_surveys' },
    dimensions: ['survey round', 'country of return'],
    tags: { agenda: [4, 6], gcm: [21], sdg: null, mgi: ['well_being'] },
  },
];
