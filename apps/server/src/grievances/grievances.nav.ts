import type { Texts } from '../public-site/i18n.ts';
import { GRIEVANCE_TEXTS } from './grievances.texts.ts';

const inEvery = <T>(pick: (t: (typeof GRIEVANCE_TEXTS)['en']) => T): Texts<T> => ({
  en: pick(GRIEVANCE_TEXTS.en),
  fr: pick(GRIEVANCE_TEXTS.fr),
  es: pick(GRIEVANCE_TEXTS.es),
  ar: pick(GRIEVANCE_TEXTS.ar),
});

/** The grievance pages' entry in the public site navigation (public-site/nav.ts). */
export const GRIEVANCE_NAV = {
  label: inEvery((t) => t.navLabel),
  blurb: inEvery((t) => t.navBlurb),
};
