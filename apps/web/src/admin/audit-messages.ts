import type { Locale } from '@corridor/contracts';
import { loadPartMessages } from '../i18n/index.ts';
import type { AuditMessages } from './messages/en.ts';

// The names of the audit log's actions are read by administrators and auditors only: they load with the audit page.
const loaders: Record<Locale, () => Promise<AuditMessages>> = {
  en: () => import('./messages/en.ts').then((m) => m.en),
  fr: () => import('./messages/fr.ts').then((m) => m.fr),
  es: () => import('./messages/es.ts').then((m) => m.es),
  ar: () => import('./messages/ar.ts').then((m) => m.ar),
};

/** Makes the audit action names available in English and the current language. */
export function loadAuditMessages(): Promise<void> {
  return loadPartMessages('audit', (lng) => loaders[lng]());
}
