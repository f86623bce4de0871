import type { Locale } from '@corridor/contracts';
import { loadPartMessages } from '../i18n/index.ts';
import type { DuplicateMessages } from './messages/en.ts';

// The duplicate review page is for caseworkers and supervisors: its texts load with it.
const loaders: Record<Locale, () => Promise<DuplicateMessages>> = {
  en: () => import('./messages/en.ts').then((m) => m.en),
  fr: () => import('./messages/fr.ts').then((m) => m.fr),
  es: () => import('./messages/es.ts').then((m) => m.es),
  ar: () => import('./messages/ar.ts').then((m) => m.ar),
};

/** Makes the duplicate review messages available in English and the current language. */
export function loadDuplicateMessages(): Promise<void> {
  return loadPartMessages('duplicates', (lng) => loaders[lng]());
}
