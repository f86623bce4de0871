// Indicator definitions as data (docs/indicators.md). Each incremental indicator says which events of a person's
// records it counts (a case opened, a service delivered...), with which filter, how (events, people, or a sum of
// a value), and by which dimensions it may be broken down; the engine (contributions.ts) derives every aggregate
// cell from this data alone. The on-demand indicators (SDG 10.c.1, 10.7.1) are computed by their own context when
// asked. Tags place each indicator in the frames of DOMAIN.md: the UN Secretary-General's 8-point agenda, the
// Global Compact for Migration's 23 objectives, the SDG indicator framework and the six MGI dimensions.
import { OPERATIONS_FUND_INDICATORS } from '../funds/funds.indicators.ts';
import { OPERATIONS_INDICATORS } from '../movements/operations.indicator-definitions.ts';
import type { Dimension } from './dimensions.ts';

/** The events of a person's records an indicator can count. */
export type EventKind =
  /** A case opened (period: cases.opened_on). */
  | 'case_opened'
  /** A case closed (period: cases.closed_on). */
  | 'case_closed'
  /** A service delivered on a case (period: case_services.delivered_on). */
  | 'service_delivered'
  /** A referral sent by the case's organisation (period: referrals.sent_at). */
  | 'referral_sent'
  /** A referral closed by the receiver with an outcome, after acceptance (period: referrals.closed_at). */
  | 'referral_completed';

/** How events become a value: each event counts 1, each person counts once per cell, or a sum of a value. */
export type Measure = 'events' | 'people' | 'value';

export type Titles = { en: string; fr: string; es: string; ar: string };

/** The MGI dimensions (DOMAIN.md). */
export type MgiDimension =
  | 'migrants_rights'
  | 'whole_of_government'
  | 'partnerships'
  | 'well_being'
  | 'mobility_dimensions_of_crises'
  | 'safe_orderly_regular_migration';

export type IndicatorTags = {
  /** Points of the UN Secretary-General's 8-point agenda (1-8). */
  agenda: readonly number[];
  /** Objectives of the Global Compact for Migration (1-23). */
  gcm: readonly number[];
  /** The SDG indicator the figure feeds, when it does. */
  sdg: string | null;
  mgi: readonly MgiDimension[];
};

type Common = {
  id: string;
  titles: Titles;
  /** What is counted, in one sentence (English; the titles carry the translations). */
  description: string;
  unit: string;
  tags: IndicatorTags;
  /** Where the records come from: the context and its records. */
  source: { context: string; records: string };
};

/** An indicator maintained incrementally, cell by cell, in the transaction of every write that changes it. */
export type IncrementalIndicator = Common & {
  computation: 'incremental';
  events: readonly EventKind[];
  measure: Measure;
  /** Only events on cases of these types (all when absent). */
  caseTypes?: readonly string[];
  /** Only people who are unaccompanied children: a child case marked `unaccompanied` and aged under 18. */
  unaccompaniedMinorsOnly?: boolean;
  /** Only events with a value (services with a value in minor units). */
  valued?: boolean;
  /** The dimensions a query may break it down by. Every cell carries all of them. */
  dimensions: readonly Dimension[];
  /**
   * Dimensions a person or event can have several values of (a victim of two forms of exploitation). Their cells
   * include a '*' value counting each once, so totals are never double counts.
   */
  multiValued: readonly Dimension[];
  /** Primary suppression threshold of published cells (docs/indicators.md: 5, or 11 for trafficking and GBV). */
  threshold: number;
};

/** An indicator computed when asked, from another context's records (not stored as cells). */
export type OnDemandIndicator = Common & { computation: 'on_demand'; dimensions: readonly string[] };

export type IndicatorDefinition = IncrementalIndicator | OnDemandIndicator;

/** Primary suppression threshold for most tables, and for trafficking and GBV (CTDC publishes with k = 11). */
export const DEFAULT_THRESHOLD = 5;
export const SENSITIVE_THRESHOLD = 11;

const PERSON_DIMS: readonly Dimension[] = ['organisation', 'country', 'pcode', 'sex', 'age_group', 'nationality'];

const cases = { context: 'cases', records: 'cases' };
const services = { context: 'cases', records: 'case_services' };

/** Every indicator Corridor ships, in the order lists show them. */
export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    id: 'beneficiaries_assisted',
    computation: 'incremental',
    titles: {
      en: 'People assisted',
      fr: 'Personnes assistées',
      es: 'Personas asistidas',
      ar: 'الأشخاص الذين تلقوا المساعدة',
    },
    description:
      'People with a case opened or a service delivered in the period, each counted once per period and cell.',
    unit: 'people',
    source: { context: 'cases', records: 'cases, case_services' },
    events: ['case_opened', 'service_delivered'],
    measure: 'people',
    dimensions: PERSON_DIMS,
    multiValued: [],
    threshold: DEFAULT_THRESHOLD,
    tags: { agenda: [1, 7], gcm: [1, 7, 15], sdg: null, mgi: ['migrants_rights', 'well_being'] },
  },
  {
    id: 'cases_opened',
    computation: 'incremental',
    titles: { en: 'Cases opened', fr: 'Dossiers ouverts', es: 'Casos abiertos', ar: 'الحالات المفتوحة' },
    description: 'Cases opened in the period (by the date the case was opened).',
    unit: 'cases',
    source: cases,
    events: ['case_opened'],
    measure: 'events',
    dimensions: [...PERSON_DIMS, 'case_type'],
    multiValued: [],
    threshold: DEFAULT_THRESHOLD,
    tags: { agenda: [1, 7], gcm: [1, 7, 12], sdg: null, mgi: ['migrants_rights'] },
  },
  {
    id: 'cases_closed',
    computation: 'incremental',
    titles: { en: 'Cases closed', fr: 'Dossiers clôturés', es: 'Casos cerrados', ar: 'الحالات المغلقة' },
    description: 'Cases closed in the period (by the date the closure was approved).',
    unit: 'cases',
    source: cases,
    events: ['case_closed'],
    measure: 'events',
    dimensions: [...PERSON_DIMS, 'case_type'],
    multiValued: [],
    threshold: DEFAULT_THRESHOLD,
    tags: { agenda: [1, 7], gcm: [1, 7, 12], sdg: null, mgi: ['migrants_rights'] },
  },
  {
    id: 'trafficking_victims_assisted',
    computation: 'incremental',
    titles: {
      en: 'Victims of trafficking assisted',
      fr: 'Victimes de la traite assistées',
      es: 'Víctimas de trata asistidas',
      ar: 'ضحايا الاتجار بالبشر الذين تلقوا المساعدة',
    },
    description:
      'People with a trafficking case opened, or a service delivered on one, in the period: detected victims by form ' +
      'of exploitation (HTCDS 2.0), sex and age group, the shape of SDG 16.2.2 (VC_HTF_DETV by form: DETVFL, ' +
      'DETVSX, DETVOP, DETVOG). A victim of several forms is in each form’s cell and once in the total.',
    unit: 'people',
    source: { context: 'cases', records: 'cases (type trafficking), case_codes, case_services' },
    events: ['case_opened', 'service_delivered'],
    measure: 'people',
    caseTypes: ['trafficking'],
    dimensions: [...PERSON_DIMS, 'exploitation_type'],
    multiValued: ['exploitation_type'],
    threshold: SENSITIVE_THRESHOLD,
    tags: {
      agenda: [3, 7],
      gcm: [1, 10],
      sdg: '16.2.2',
      mgi: ['migrants_rights', 'safe_orderly_regular_migration'],
    },
  },
  {
    id: 'unaccompanied_minor_victims',
    computation: 'incremental',
    titles: {
      en: 'Unaccompanied children among victims of trafficking assisted',
      fr: 'Enfants non accompagnés parmi les victimes de la traite assistées',
      es: 'Niños no acompañados entre las víctimas de trata asistidas',
      ar: 'الأطفال غير المصحوبين من بين ضحايا الاتجار الذين تلقوا المساعدة',
    },
    description:
      'Victims of trafficking assisted in the period (as trafficking_victims_assisted) who are under 18 on 1 January ' +
      'of the year and have a child case marked unaccompanied.',
    unit: 'people',
    source: { context: 'cases', records: 'cases (types trafficking and child), case_services' },
    events: ['case_opened', 'service_delivered'],
    measure: 'people',
    caseTypes: ['trafficking'],
    unaccompaniedMinorsOnly: true,
    dimensions: PERSON_DIMS,
    multiValued: [],
    threshold: SENSITIVE_THRESHOLD,
    tags: { agenda: [3, 7], gcm: [1, 7, 10], sdg: '16.2.2', mgi: ['migrants_rights', 'well_being'] },
  },
  {
    id: 'gbv_survivors_assisted',
    computation: 'incremental',
    titles: {
      en: 'Survivors of gender-based violence assisted',
      fr: 'Survivantes et survivants de violences basées sur le genre assistés',
      es: 'Sobrevivientes de violencia de género asistidos',
      ar: 'الناجون من العنف القائم على النوع الاجتماعي الذين تلقوا المساعدة',
    },
    description: 'People with a GBV case opened, or a service delivered on one, in the period.',
    unit: 'people',
    source: { context: 'cases', records: 'cases (type gbv), case_services' },
    events: ['case_opened', 'service_delivered'],
    measure: 'people',
    caseTypes: ['gbv'],
    dimensions: PERSON_DIMS,
    multiValued: [],
    threshold: SENSITIVE_THRESHOLD,
    tags: { agenda: [1, 3, 7], gcm: [1, 7], sdg: null, mgi: ['migrants_rights', 'well_being'] },
  },
  {
    id: 'services_delivered',
    computation: 'incremental',
    titles: {
      en: 'Services delivered',
      fr: 'Services fournis',
      es: 'Servicios prestados',
      ar: 'الخدمات المقدمة',
    },
    description:
      'Services delivered on cases in the period, whoever provided them, counted for the case’s organisation.',
    unit: 'services',
    source: services,
    events: ['service_delivered'],
    measure: 'events',
    dimensions: [...PERSON_DIMS, 'case_type', 'service_type'],
    multiValued: [],
    threshold: DEFAULT_THRESHOLD,
    tags: { agenda: [1, 4, 7], gcm: [7, 15], sdg: null, mgi: ['well_being'] },
  },
  {
    id: 'services_value',
    computation: 'incremental',
    titles: {
      en: 'Value of services delivered',
      fr: 'Valeur des services fournis',
      es: 'Valor de los servicios prestados',
      ar: 'قيمة الخدمات المقدمة',
    },
    description:
      'The sum of the recorded values of services delivered in the period, in minor units (cents) of each currency; ' +
      'services without a value are not in it. Always read per currency.',
    unit: 'minor currency units',
    source: services,
    events: ['service_delivered'],
    measure: 'value',
    valued: true,
    dimensions: [...PERSON_DIMS, 'case_type', 'service_type', 'currency'],
    multiValued: [],
    threshold: DEFAULT_THRESHOLD,
    tags: { agenda: [1, 6, 7], gcm: [7, 15], sdg: null, mgi: ['well_being'] },
  },
  {
    id: 'referrals_sent',
    computation: 'incremental',
    titles: {
      en: 'Referrals sent',
      fr: 'Orientations envoyées',
      es: 'Derivaciones enviadas',
      ar: 'الإحالات المرسلة',
    },
    description: 'Referrals sent to another organisation in the period, counted for the sending organisation.',
    unit: 'referrals',
    source: { context: 'referrals', records: 'referrals' },
    events: ['referral_sent'],
    measure: 'events',
    dimensions: [...PERSON_DIMS, 'case_type', 'service_type'],
    multiValued: [],
    threshold: DEFAULT_THRESHOLD,
    tags: { agenda: [8, 7], gcm: [12, 23], sdg: null, mgi: ['partnerships'] },
  },
  {
    id: 'referrals_completed',
    computation: 'incremental',
    titles: {
      en: 'Referrals completed',
      fr: 'Orientations menées à terme',
      es: 'Derivaciones completadas',
      ar: 'الإحالات المكتملة',
    },
    description:
      'Referrals the receiving organisation closed with an outcome after accepting them, in the period of closure, ' +
      'counted for the sending organisation.',
    unit: 'referrals',
    source: { context: 'referrals', records: 'referrals' },
    events: ['referral_completed'],
    measure: 'events',
    dimensions: [...PERSON_DIMS, 'case_type', 'service_type'],
    multiValued: [],
    threshold: DEFAULT_THRESHOLD,
    tags: { agenda: [8, 7], gcm: [12, 23], sdg: null, mgi: ['partnerships'] },
  },
  {
    id: 'sdg_10_c_1',
    computation: 'on_demand',
    titles: {
      en: 'Remittance costs as a proportion of the amount remitted (SDG 10.c.1)',
      fr: 'Coût des envois de fonds en proportion du montant envoyé (ODD 10.c.1)',
      es: 'Costo de las remesas en proporción a las sumas remitidas (ODS 10.c.1)',
      ar: 'تكاليف التحويلات المالية كنسبة من المبلغ المحوَّل (هدف التنمية المستدامة 10.ج.1)',
    },
    description:
      'Corridor and global averages of the total cost of sending USD 200 and USD 500, SmaRT, corridors above 5%: ' +
      'computed on demand from the remittance price quotes (remittances/sdg10c1.ts).',
    unit: 'percent',
    source: { context: 'remittances', records: 'remittance_quotes' },
    dimensions: ['period (quarter)', 'source country', 'destination country', 'amount band'],
    tags: { agenda: [2, 6, 7], gcm: [20], sdg: '10.c.1', mgi: ['safe_orderly_regular_migration'] },
  },
  {
    id: 'sdg_10_7_1',
    computation: 'on_demand',
    titles: {
      en: 'Recruitment cost borne by the employee as a proportion of monthly income (SDG 10.7.1)',
      fr: 'Coût du recrutement à la charge du salarié en proportion du revenu mensuel (ODD 10.7.1)',
      es: 'Costo de contratación sufragado por el empleado en proporción a sus ingresos mensuales (ODS 10.7.1)',
      ar: 'تكلفة التوظيف التي يتحملها العامل كنسبة من دخله الشهري (هدف التنمية المستدامة 10.7.1)',
    },
    description:
      'Mean of the workers’ ratios of recruitment costs to first month’s earnings, per corridor and survey year: ' +
      'computed on demand from the caller’s organisation’s survey responses (remittances/sdg1071.ts).',
    unit: 'percent of monthly income',
    source: { context: 'remittances', records: 'recruitment_cost_responses' },
    dimensions: ['survey year', 'origin country', 'destination country'],
    tags: { agenda: [2, 3, 7], gcm: [6], sdg: '10.7.1', mgi: ['migrants_rights', 'safe_orderly_regular_migration'] },
  },
  // Operations (issue 7): computed on demand by the movements, reintegration, funds and projects contexts.
  ...OPERATIONS_INDICATORS,
  ...OPERATIONS_FUND_INDICATORS,
];

const byId = new Map(INDICATORS.map((i) => [i.id, i]));

/** The definition of an indicator, or undefined. */
export function findIndicator(id: string): IndicatorDefinition | undefined {
  return byId.get(id);
}

/** The incremental indicators, the ones stored as aggregate cells. */
export const INCREMENTAL: readonly IncrementalIndicator[] = INDICATORS.filter(
  (i): i is IncrementalIndicator => i.computation === 'incremental',
);

/** What an incremental indicator's values are: people, a count, or money (minor units of each cell's currency). */
export function measureOf(def: IncrementalIndicator): 'people' | 'count' | 'money' {
  return def.unit === 'people' ? 'people' : def.valued ? 'money' : 'count';
}
