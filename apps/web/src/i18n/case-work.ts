import type { Locale } from '@corridor/contracts';
import type { CaseWorkMessages } from './case-work/en.ts';
import { loadPartMessages } from './index.ts';

// Case work (people, consent, cases, referrals, tasks) is used by caseworkers and supervisors only: its messages
// load with its pages, one language at a time, instead of with the first page of every visitor.
const loaders: Record<Locale, () => Promise<CaseWorkMessages>> = {
  en: () => import('./case-work/en.ts').then((m) => m.en),
  fr: () => import('./case-work/fr.ts').then((m) => m.fr),
  es: () => import('./case-work/es.ts').then((m) => m.es),
  ar: () => import('./case-work/ar.ts').then((m) => m.ar),
};

/** Makes the case-work messages available in English and the current language. */
export function loadCaseWorkMessages(): Promise<void> {
  return loadPartMessages('caseWork', (lng) => loaders[lng]());
}
