import type { Locale } from '@corridor/contracts';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, type Messages } from './en.ts';

/** The interface languages, in the order the switcher lists them. */
export const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const satisfies readonly Locale[];

/** Each language's own name, shown in the switcher whatever the current language. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ar: 'العربية',
};

const RTL: ReadonlySet<Locale> = new Set<Locale>(['ar']);

// Only the chosen interface language is kept in the browser (allowed by SECURITY.md D4: it is no personal data).
const STORAGE_KEY = 'corridor.language';

// English ships in the main bundle (it is also the fallback); the others load on demand to keep the first load small.
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Messages>> = {
  fr: () => import('./fr.ts').then((m) => m.fr),
  es: () => import('./es.ts').then((m) => m.es),
  ar: () => import('./ar.ts').then((m) => m.ar),
};

/** Narrows any string to a supported language. */
export function isLanguage(value: unknown): value is Locale {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Locale | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

/** True once the person has picked a language on this device; their account's locale then no longer overrides it. */
export function hasChosenLanguage(): boolean {
  return storedLanguage() !== null;
}

function browserLanguage(): Locale {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** The language the app runs in now. */
export function currentLanguage(): Locale {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}

function applyToDocument(lng: Locale): void {
  const root = document.documentElement;
  root.lang = lng;
  root.dir = RTL.has(lng) ? 'rtl' : 'ltr';
}

// What has been merged into each language's namespace: the main messages, then any part loaded on demand.
const loaded = new Set<string>(['en:main']);

async function ensureLoaded(lng: Locale): Promise<void> {
  if (lng === 'en' || loaded.has(`${lng}:main`)) return;
  i18n.addResourceBundle(lng, 'translation', await loaders[lng](), true, true);
  loaded.add(`${lng}:main`);
}

/** Messages a part of the app brings along, per language; merged into the one namespace when that part loads. */
type PartLoader = (lng: Locale) => Promise<object>;
const parts = new Map<string, PartLoader>();

async function ensurePart(name: string, load: PartLoader, lng: Locale): Promise<void> {
  if (loaded.has(`${lng}:${name}`)) return;
  i18n.addResourceBundle(lng, 'translation', await load(lng), true, true);
  loaded.add(`${lng}:${name}`);
}

/**
 * Loads a part's messages in English (the fallback) and the current language before its pages render; later
 * language switches load them too, so a page never shows a missing text.
 */
export async function loadPartMessages(name: string, load: PartLoader): Promise<void> {
  parts.set(name, load);
  await ensurePart(name, load, 'en');
  const lng = currentLanguage();
  if (lng !== 'en') {
    try {
      await ensurePart(name, load, lng);
    } catch {
      // Without this language's chunk the part shows in English rather than not at all.
    }
  }
}

/** Whether a language is written right to left. */
export const isRightToLeft = (lng: Locale): boolean => RTL.has(lng);

/**
 * Loads a language's messages, with every part loaded so far, without switching the interface to it: for a page
 * that shows a document in another language (an instance cloned at that language reads the same store).
 */
export async function prepareLanguage(lng: Locale): Promise<void> {
  await ensureLoaded(lng);
  for (const [name, load] of parts) {
    try {
      await ensurePart(name, load, lng);
    } catch {
      // That part stays in English.
    }
  }
}

/** Switches the interface language; `remember` stores the choice on this device. */
export async function changeLanguage(lng: Locale, options: { remember: boolean }): Promise<void> {
  // The choice is remembered at once, not once its messages have loaded: a page left or reloaded meanwhile opens in
  // the language chosen (a start whose messages cannot load falls back to English, as ever).
  if (options.remember) {
    try {
      window.localStorage.setItem(STORAGE_KEY, lng);
    } catch {
      // Storage can be unavailable (private windows, policies); the choice then lasts for this page only.
    }
  }
  await ensureLoaded(lng);
  for (const [name, load] of parts) {
    try {
      await ensurePart(name, load, lng);
    } catch {
      // The part stays in English; the rest of the interface still switches.
    }
  }
  await i18n.changeLanguage(lng);
}

/** Starts i18next in the stored, else the browser's, language before the first render. */
export async function setupI18n(): Promise<void> {
  const lng = storedLanguage() ?? browserLanguage();
  i18n.on('languageChanged', (next) => applyToDocument(isLanguage(next) ? next : 'en'));
  await i18n.use(initReactI18next).init({
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    resources: { en: { translation: en } },
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  applyToDocument('en');
  if (lng !== 'en') {
    try {
      await changeLanguage(lng, { remember: false });
    } catch {
      // A language chunk that fails to load leaves the app in English rather than blank.
    }
  }
}

export { i18n };
