import type { Locale } from '@corridor/contracts';
import { loadPartMessages } from '../i18n/index.ts';
import type { FundMessages } from './messages/en.ts';

// The funds and projects pages are used by fund managers, approvers, analysts and project staff: their texts load
// with them.
const loaders: Record<Locale, () => Promise<FundMessages>> = {
  en: () => import('./messages/en.ts').then((m) => m.en),
  fr: () => import('./messages/fr.ts').then((m) => m.fr),
  es: () => import('./messages/es.ts').then((m) => m.es),
  ar: () => import('./messages/ar.ts').then((m) => m.ar),
};

/** Makes the funds and projects messages available in English and the current language. */
export function loadFundMessages(): Promise<void> {
  return loadPartMessages('funds', (lng) => loaders[lng]());
}
