import { createHash } from 'node:crypto';
import { anonymous } from '../http/policy.ts';
import { defineRoute } from '../http/route.ts';
import { html } from './html.ts';
import type { Texts } from './i18n.ts';
import { PUBLIC_NAV } from './nav.ts';
import { PublicPageQuery, publicPage, siteCss } from './public-page.ts';

export const publicSitePolicies = {
  home: anonymous('public-home', 'Anyone: the public home page lists the public pages; it holds no data.'),
  stylesheet: anonymous('public-stylesheet', 'Anyone: the public pages’ stylesheet.'),
} as const;

const HOME: Texts<{ title: string; intro: string }> = {
  en: {
    title: 'Free information for migrant workers',
    intro: 'No account needed. Choose what you want to do:',
  },
  fr: {
    title: 'Informations gratuites pour les travailleurs migrants',
    intro: 'Aucun compte n’est nécessaire. Choisissez ce que vous voulez faire :',
  },
  es: {
    title: 'Información gratuita para trabajadores migrantes',
    intro: 'No necesita una cuenta. Elija lo que quiere hacer:',
  },
  ar: {
    title: 'معلومات مجانية للعمال المهاجرين',
    intro: 'لا حاجة إلى حساب. اختر ما تريد فعله:',
  },
};

export const publicSiteRoutes = [
  defineRoute({
    method: 'GET',
    url: '/public',
    operationId: 'publicHome',
    summary: 'Public home page (HTML)',
    tags: ['public'],
    policy: publicSitePolicies.home,
    query: PublicPageQuery,
    errors: ['rate_limited'],
    response: { status: 200, schema: null, description: 'An HTML page.' },
    handler: (ctx) =>
      publicPage(ctx, '/public', (lang) => ({
        title: HOME[lang].title,
        main: html`<h1>${HOME[lang].title}</h1>
<p>${HOME[lang].intro}</p>
<ul class="results">${PUBLIC_NAV.map(
          (e) =>
            html`<li class="card"><h2><a href="${e.path}?lang=${lang}">${e.label[lang]}</a></h2><p>${e.blurb[lang]}</p></li>`,
        )}</ul>`,
      })),
  }),
  defineRoute({
    method: 'GET',
    url: '/public/site.css',
    operationId: 'publicStylesheet',
    summary: 'The public pages’ stylesheet',
    tags: ['public'],
    policy: publicSitePolicies.stylesheet,
    response: { status: 200, schema: null, description: 'A CSS stylesheet.' },
    handler: async ({ req }) => {
      const css = siteCss();
      const etag = `"${createHash('sha256').update(css).digest('base64url').slice(0, 16)}"`;
      const headers = { 'cache-control': 'public, max-age=86400', etag };
      if (req.headers['if-none-match'] === etag) return { status: 304, body: null, headers };
      return { body: null, headers, text: { contentType: 'text/css; charset=utf-8', body: css } };
    },
  }),
];
