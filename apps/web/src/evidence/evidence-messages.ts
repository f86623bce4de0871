import type { Locale } from '@corridor/contracts';
import { loadPartMessages } from '../i18n/index.ts';
import type { EvidenceMessages } from './messages/en.ts';

// The evidence pages are for analysts and administrators: their texts load with them.
const loaders: Record<Locale, () => Promise<EvidenceMessages>> = {
  en: () => import('./messages/en.ts').then((m) => m.en),
  fr: () => import('./messages/fr.ts').then((m) => m.fr),
  es: () => import('./messages/es.ts').then((m) => m.es),
  ar: () => import('./messages/ar.ts').then((m) => m.ar),
};

/** Makes the evidence messages available in English and the current language. */
export function loadEvidenceMessages(): Promise<void> {
  return loadPartMessages('evidence', (lng) => loaders[lng]());
}
