import { APPOINTMENT_NAV } from '../centres/centres.texts.ts';
import { GRIEVANCE_NAV } from '../grievances/grievances.nav.ts';
import type { Texts } from './i18n.ts';

/**
 * The public pages, in the order of the site navigation. A new public page adds ONE entry here (see
 * docs/public-site.md); the home page /public lists them too.
 */
export type PublicNavEntry = {
  /** Stable key, also used to mark the current page. */
  key: string;
  path: string;
  label: Texts<string>;
  /** One sentence on the home page. */
  blurb: Texts<string>;
};

export const PUBLIC_NAV: PublicNavEntry[] = [
  {
    key: 'recruiters',
    path: '/public/recruiters',
    label: {
      en: 'Check a recruiter',
      fr: 'Vérifier un recruteur',
      es: 'Verificar una agencia',
      ar: 'تحقق من وكالة التوظيف',
    },
    blurb: {
      en: 'Before you pay anyone: is this recruitment agency licensed and certified for ethical recruitment?',
      fr: 'Avant de payer qui que ce soit : cette agence de recrutement est-elle agréée et certifiée pour un recrutement éthique ?',
      es: 'Antes de pagar a nadie: ¿esta agencia de contratación tiene licencia y certificación de contratación ética?',
      ar: 'قبل أن تدفع لأي أحد: هل وكالة التوظيف هذه مرخّصة ومعتمدة للتوظيف الأخلاقي؟',
    },
  },
  {
    key: 'grievances',
    path: '/public/grievances',
    label: GRIEVANCE_NAV.label,
    blurb: GRIEVANCE_NAV.blurb,
  },
  {
    key: 'remittances',
    path: '/public/remittances',
    label: {
      en: 'Send money home',
      fr: 'Envoyer de l’argent',
      es: 'Enviar dinero',
      ar: 'أرسل المال إلى بلدك',
    },
    blurb: {
      en: 'Compare what providers charge and what your family receives, for your country and amount.',
      fr: 'Comparez ce que prennent les services et ce que reçoit votre famille, pour votre pays et votre montant.',
      es: 'Compare lo que cobran los servicios y lo que recibe su familia, para su país y su monto.',
      ar: 'قارن ما تتقاضاه الجهات وما تستلمه أسرتك، حسب بلدك والمبلغ.',
    },
  },
  { key: 'appointments', path: '/public/appointments', label: APPOINTMENT_NAV.label, blurb: APPOINTMENT_NAV.blurb },
];
