import type { Locale } from '@corridor/contracts';
import { loadPartMessages } from '../i18n/index.ts';
import type { CentreMessages } from './messages/en.ts';

// The centre pages are used by centre staff and analysts only: their texts load with them.
const loaders: Record<Locale, () => Promise<CentreMessages>> = {
  en: () => import('./messages/en.ts').then((m) => m.en),
  fr: () => import('./messages/fr.ts').then((m) => m.fr),
  es: () => import('./messages/es.ts').then((m) => m.es),
  ar: () => import('./messages/ar.ts').then((m) => m.ar),
};

/** Makes the centre messages available in English and the current language. */
export function loadCentreMessages(): Promise<void> {
  return loadPartMessages('centres', (lng) => loaders[lng]());
}
