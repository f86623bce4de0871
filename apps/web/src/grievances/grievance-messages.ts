import type { Locale } from '@corridor/contracts';
import { loadPartMessages } from '../i18n/index.ts';
import type { GrievanceMessages } from './messages/en.ts';

// The grievance pages are used by the certifying body's officers only: their texts load with them.
const loaders: Record<Locale, () => Promise<GrievanceMessages>> = {
  en: () => import('./messages/en.ts').then((m) => m.en),
  fr: () => import('./messages/fr.ts').then((m) => m.fr),
  es: () => import('./messages/es.ts').then((m) => m.es),
  ar: () => import('./messages/ar.ts').then((m) => m.ar),
};

/** Makes the grievance messages available in English and the current language. */
export function loadGrievanceMessages(): Promise<void> {
  return loadPartMessages('grievances', (lng) => loaders[lng]());
}
