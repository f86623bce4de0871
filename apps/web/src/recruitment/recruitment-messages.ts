import type { Locale } from '@corridor/contracts';
import { loadPartMessages } from '../i18n/index.ts';
import type { RecruitmentMessages } from './messages/en.ts';

// The recruiter pages are used by the certifying body, auditors and recruiters only: their texts load with them.
const loaders: Record<Locale, () => Promise<RecruitmentMessages>> = {
  en: () => import('./messages/en.ts').then((m) => m.en),
  fr: () => import('./messages/fr.ts').then((m) => m.fr),
  es: () => import('./messages/es.ts').then((m) => m.es),
  ar: () => import('./messages/ar.ts').then((m) => m.ar),
};

/** Makes the recruitment messages available in English and the current language. */
export function loadRecruitmentMessages(): Promise<void> {
  return loadPartMessages('recruitment', (lng) => loaders[lng]());
}
