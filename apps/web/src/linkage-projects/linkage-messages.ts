import type { Locale } from '@corridor/contracts';
import { loadPartMessages } from '../i18n/index.ts';
import type { LinkageMessages } from './messages/en.ts';

// The linkage-project pages are used by administrators, supervisors and caseworkers of member organisations only:
// their texts load with them.
const loaders: Record<Locale, () => Promise<LinkageMessages>> = {
  en: () => import('./messages/en.ts').then((m) => m.en),
  fr: () => import('./messages/fr.ts').then((m) => m.fr),
  es: () => import('./messages/es.ts').then((m) => m.es),
  ar: () => import('./messages/ar.ts').then((m) => m.ar),
};

/** Makes the linkage-project messages available in English and the current language. */
export function loadLinkageMessages(): Promise<void> {
  return loadPartMessages('linkage', (lng) => loaders[lng]());
}
