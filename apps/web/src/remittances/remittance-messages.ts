import type { Locale } from '@corridor/contracts';
import { loadPartMessages } from '../i18n/index.ts';
import type { RemittanceMessages } from './messages/en.ts';

// The remittance pages are used by analysts, administrators and supervisors only: their texts load with them.
const loaders: Record<Locale, () => Promise<RemittanceMessages>> = {
  en: () => import('./messages/en.ts').then((m) => m.en),
  fr: () => import('./messages/fr.ts').then((m) => m.fr),
  es: () => import('./messages/es.ts').then((m) => m.es),
  ar: () => import('./messages/ar.ts').then((m) => m.ar),
};

/** Makes the remittance messages available in English and the current language. */
export function loadRemittanceMessages(): Promise<void> {
  return loadPartMessages('remittances', (lng) => loaders[lng]());
}
