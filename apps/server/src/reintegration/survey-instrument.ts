// The reintegration survey as data: versioned instruments, each a list of items with a dimension, a weight and
// answer options valued from 0 (worst) to 1 (best). docs/operations.md explains the scoring.
//
// Modelled on the dimensions of IOM's Reintegration Sustainability Survey (economic self-sufficiency, social
// stability, psychosocial well-being), with Corridor's own items and weights: the weights are ours, not IOM's.
// A version is never edited once surveys use it; a change is a new version, and each stored survey names the
// version it was scored with, so trends compare like with like.
import type { ReintegrationInstrument } from '@corridor/contracts';

type L = { en: string; fr: string; es: string; ar: string };
const opt = (code: string, value: number, label: L) => ({ code, value, label });

const FREQUENCY = [
  opt('never', 0, { en: 'Never', fr: 'Jamais', es: 'Nunca', ar: 'أبداً' }),
  opt('sometimes', 0.5, { en: 'Sometimes', fr: 'Parfois', es: 'A veces', ar: 'أحياناً' }),
  opt('often', 0.75, { en: 'Often', fr: 'Souvent', es: 'A menudo', ar: 'غالباً' }),
  opt('always', 1, { en: 'Always', fr: 'Toujours', es: 'Siempre', ar: 'دائماً' }),
];
const SATISFACTION = [
  opt('very_dissatisfied', 0, {
    en: 'Very dissatisfied',
    fr: 'Très insatisfait',
    es: 'Muy insatisfecho',
    ar: 'غير راضٍ إطلاقاً',
  }),
  opt('dissatisfied', 0.33, { en: 'Dissatisfied', fr: 'Insatisfait', es: 'Insatisfecho', ar: 'غير راضٍ' }),
  opt('satisfied', 0.67, { en: 'Satisfied', fr: 'Satisfait', es: 'Satisfecho', ar: 'راضٍ' }),
  opt('very_satisfied', 1, { en: 'Very satisfied', fr: 'Très satisfait', es: 'Muy satisfecho', ar: 'راضٍ جداً' }),
];
const YES_NO = [
  opt('no', 0, { en: 'No', fr: 'Non', es: 'No', ar: 'لا' }),
  opt('yes', 1, { en: 'Yes', fr: 'Oui', es: 'Sí', ar: 'نعم' }),
];
// Distress is asked the other way round: "never" is the best answer.
const DISTRESS = [
  opt('always', 0, { en: 'Always', fr: 'Toujours', es: 'Siempre', ar: 'دائماً' }),
  opt('often', 0.25, { en: 'Often', fr: 'Souvent', es: 'A menudo', ar: 'غالباً' }),
  opt('sometimes', 0.5, { en: 'Sometimes', fr: 'Parfois', es: 'A veces', ar: 'أحياناً' }),
  opt('never', 1, { en: 'Never', fr: 'Jamais', es: 'Nunca', ar: 'أبداً' }),
];

type Item = ReintegrationInstrument['items'][number];
const item = (
  code: string,
  dimension: Item['dimension'],
  weight: number,
  label: L,
  options: Item['options'],
): Item => ({
  code,
  dimension,
  weight,
  label,
  options,
});

const V1_ITEMS: Item[] = [
  item(
    'income_source',
    'economic',
    3,
    {
      en: 'Do you have a regular source of income?',
      fr: 'Avez-vous une source de revenu régulière ?',
      es: '¿Tiene una fuente regular de ingresos?',
      ar: 'هل لديك مصدر دخل منتظم؟',
    },
    YES_NO,
  ),
  item(
    'income_satisfaction',
    'economic',
    2,
    {
      en: 'How satisfied are you with your current economic situation?',
      fr: 'Êtes-vous satisfait de votre situation économique actuelle ?',
      es: '¿Qué tan satisfecho está con su situación económica actual?',
      ar: 'ما مدى رضاك عن وضعك الاقتصادي الحالي؟',
    },
    SATISFACTION,
  ),
  item(
    'food_security',
    'economic',
    2,
    {
      en: 'How often can your household afford enough food?',
      fr: 'À quelle fréquence votre ménage peut-il se nourrir suffisamment ?',
      es: '¿Con qué frecuencia su hogar puede costear suficiente comida?',
      ar: 'كم مرة تستطيع أسرتك تأمين ما يكفي من الطعام؟',
    },
    FREQUENCY,
  ),
  item(
    'debt_manageable',
    'economic',
    1,
    {
      en: 'Are your debts manageable (or do you have none)?',
      fr: 'Vos dettes sont-elles supportables (ou n’en avez-vous pas) ?',
      es: '¿Sus deudas son manejables (o no tiene)?',
      ar: 'هل ديونك قابلة للسداد (أو ليس لديك ديون)؟',
    },
    YES_NO,
  ),
  item(
    'housing_adequate',
    'social',
    2,
    {
      en: 'Is your housing adequate and secure?',
      fr: 'Votre logement est-il adéquat et sûr ?',
      es: '¿Su vivienda es adecuada y segura?',
      ar: 'هل سكنك ملائم وآمن؟',
    },
    YES_NO,
  ),
  item(
    'services_access',
    'social',
    2,
    {
      en: 'How often can you access health care and schooling when needed?',
      fr: 'À quelle fréquence pouvez-vous accéder aux soins et à l’école si nécessaire ?',
      es: '¿Con qué frecuencia puede acceder a salud y educación cuando lo necesita?',
      ar: 'كم مرة تستطيع الحصول على الرعاية الصحية والتعليم عند الحاجة؟',
    },
    FREQUENCY,
  ),
  item(
    'documents_held',
    'social',
    1,
    {
      en: 'Do you hold the identity documents you need?',
      fr: 'Avez-vous les documents d’identité dont vous avez besoin ?',
      es: '¿Tiene los documentos de identidad que necesita?',
      ar: 'هل لديك وثائق الهوية التي تحتاجها؟',
    },
    YES_NO,
  ),
  item(
    'community_participation',
    'social',
    1,
    {
      en: 'How often do you take part in community activities?',
      fr: 'À quelle fréquence participez-vous à la vie de la communauté ?',
      es: '¿Con qué frecuencia participa en actividades comunitarias?',
      ar: 'كم مرة تشارك في أنشطة المجتمع؟',
    },
    FREQUENCY,
  ),
  item(
    'feels_belonging',
    'psychosocial',
    2,
    {
      en: 'How often do you feel you belong in your community?',
      fr: 'À quelle fréquence vous sentez-vous à votre place dans votre communauté ?',
      es: '¿Con qué frecuencia siente que pertenece a su comunidad?',
      ar: 'كم مرة تشعر بالانتماء إلى مجتمعك؟',
    },
    FREQUENCY,
  ),
  item(
    'distress',
    'psychosocial',
    3,
    {
      en: 'How often do you feel distressed, anxious or unable to cope?',
      fr: 'À quelle fréquence vous sentez-vous angoissé ou dépassé ?',
      es: '¿Con qué frecuencia se siente angustiado o incapaz de afrontar las cosas?',
      ar: 'كم مرة تشعر بالضيق أو القلق أو بعدم القدرة على التأقلم؟',
    },
    DISTRESS,
  ),
  item(
    'support_network',
    'psychosocial',
    1,
    {
      en: 'Do you have someone to turn to for support?',
      fr: 'Avez-vous quelqu’un vers qui vous tourner ?',
      es: '¿Tiene a alguien a quien acudir en busca de apoyo?',
      ar: 'هل لديك من تلجأ إليه للدعم؟',
    },
    YES_NO,
  ),
  item(
    'wish_to_remigrate',
    'psychosocial',
    1,
    {
      en: 'Do you feel you must leave the country again?',
      fr: 'Ressentez-vous le besoin de repartir du pays ?',
      es: '¿Siente que debe volver a irse del país?',
      ar: 'هل تشعر أنك مضطر إلى مغادرة البلد مجدداً؟',
    },
    [opt('yes', 0, YES_NO[1]!.label), opt('no', 1, YES_NO[0]!.label)],
  ),
];

/** Every version of the instrument; the last one is current. */
export const INSTRUMENTS: readonly ReintegrationInstrument[] = [
  {
    version: 'corridor-rss-1',
    current: true,
    dimensionWeights: { economic: 0.35, social: 0.3, psychosocial: 0.35 },
    items: V1_ITEMS,
  },
];

/** The current instrument. */
export const currentInstrument = (): ReintegrationInstrument => INSTRUMENTS.find((i) => i.current)!;

/** An instrument by version, or undefined. */
export const instrumentOf = (version: string): ReintegrationInstrument | undefined =>
  INSTRUMENTS.find((i) => i.version === version);
