import type { Locale } from '@corridor/contracts';
import { loadPartMessages } from '../i18n/index.ts';
import type { OpsMessages } from './messages/en.ts';

// Crisis, movement, reception and reintegration pages are used by operations staff, caseworkers and reception
// partners: their texts load with them.
const loaders: Record<Locale, () => Promise<OpsMessages>> = {
  en: () => import('./messages/en.ts').then((m) => m.en),
  fr: () => import('./messages/fr.ts').then((m) => m.fr),
  es: () => import('./messages/es.ts').then((m) => m.es),
  ar: () => import('./messages/ar.ts').then((m) => m.ar),
};

/** Makes the operations messages available in English and the current language. */
export function loadOperationsMessages(): Promise<void> {
  return loadPartMessages('operations', (lng) => loaders[lng]());
}
