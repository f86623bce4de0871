import { html, type SafeHtml } from './html.ts';
import { dirOf, LANGS, LANGUAGE_NAMES, type Lang, type Texts } from './i18n.ts';
import { PUBLIC_NAV } from './nav.ts';

/** The one stylesheet of the public pages (CSP: no inline styles). */
export const STYLESHEET_PATH = '/public/site.css';

const LAYOUT_TEXT: Texts<{
  site: string;
  tagline: string;
  skip: string;
  language: string;
  pages: string;
  footer: string;
}> = {
  en: {
    site: 'Corridor',
    tagline: 'Safe and fair migration: free public information',
    skip: 'Skip to content',
    language: 'Language',
    pages: 'Public pages',
    footer: 'This service is free. No account is needed and nobody may charge you for using it.',
  },
  fr: {
    site: 'Corridor',
    tagline: 'Une migration sûre et équitable : informations publiques gratuites',
    skip: 'Aller au contenu',
    language: 'Langue',
    pages: 'Pages publiques',
    footer:
      'Ce service est gratuit. Aucun compte n’est nécessaire et personne ne peut vous faire payer pour l’utiliser.',
  },
  es: {
    site: 'Corridor',
    tagline: 'Migración segura y justa: información pública gratuita',
    skip: 'Ir al contenido',
    language: 'Idioma',
    pages: 'Páginas públicas',
    footer: 'Este servicio es gratuito. No necesita una cuenta y nadie puede cobrarle por usarlo.',
  },
  ar: {
    site: 'كوريدور',
    tagline: 'هجرة آمنة وعادلة: معلومات عامة مجانية',
    skip: 'انتقل إلى المحتوى',
    language: 'اللغة',
    pages: 'الصفحات العامة',
    footer: 'هذه الخدمة مجانية. لا حاجة إلى حساب ولا يحق لأحد أن يطلب منك مالاً مقابل استخدامها.',
  },
};

export type PageInput = {
  lang: Lang;
  /** The page's own path, e.g. /public/recruiters (for the language links). */
  path: string;
  /** The current query (without lang), kept by the language links so a result stays on screen. */
  query?: Record<string, string | undefined>;
  /** The page title (the site name is appended). */
  title: string;
  /** Which PUBLIC_NAV entry is current, if any. */
  current?: string;
  /** The page content, inside <main>. */
  main: SafeHtml;
};

function hrefWith(path: string, query: Record<string, string | undefined>, lang: Lang): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '' && k !== 'lang') params.set(k, v);
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}

/** A whole public page: lang and dir, viewport, the one stylesheet, language switcher, site navigation. */
export function renderPage(p: PageInput): string {
  const t = LAYOUT_TEXT[p.lang];
  const query = p.query ?? {};
  const langLinks = LANGS.map((l) =>
    l === p.lang
      ? html`<li><span aria-current="true" lang="${l}">${LANGUAGE_NAMES[l]}</span></li>`
      : html`<li><a href="${hrefWith(p.path, query, l)}" lang="${l}" hreflang="${l}">${LANGUAGE_NAMES[l]}</a></li>`,
  );
  const nav = PUBLIC_NAV.map((e) =>
    e.key === p.current
      ? html`<li><a href="${e.path}?lang=${p.lang}" aria-current="page">${e.label[p.lang]}</a></li>`
      : html`<li><a href="${e.path}?lang=${p.lang}">${e.label[p.lang]}</a></li>`,
  );
  return `<!doctype html>${html`<html lang="${p.lang}" dir="${dirOf(p.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} · ${t.site}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
<header class="site">
<p class="brand"><a href="/public?lang=${p.lang}">${t.site}</a> <span>${t.tagline}</span></p>
<nav aria-label="${t.language}"><ul class="langs">${langLinks}</ul></nav>
<nav aria-label="${t.pages}"><ul class="pages">${nav}</ul></nav>
</header>
<main id="main">
${p.main}
</main>
<footer class="site"><p>${t.footer}</p></footer>
</body>
</html>`}`;
}
