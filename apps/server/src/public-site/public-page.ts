import fs from 'node:fs';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { addressKey, takeRateLimit } from '../http/rate-limit.ts';
import type { Ctx, Result } from '../http/route.ts';
import { html, type SafeHtml } from './html.ts';
import { type Lang, negotiateLang, type Texts } from './i18n.ts';
import { renderPage } from './layout.ts';

/**
 * The query every public page accepts: `lang` (anything not one of the four is ignored, never an error, so a
 * hand-typed link still works). Pages extend it with their own fields, as lenient as possible.
 */
export const PublicPageQuery = z.object({ lang: z.string().max(10).optional() });

const PUBLIC_WINDOW_MS = 60_000;

/**
 * Counts the request against the caller's per-address public limit (`CORRIDOR_PUBLIC_RATE_LIMIT_PER_MINUTE`);
 * throws `rate_limited` beyond it. The counter is a row of `rate_limits` (one upsert per request, keyed by a keyed
 * hash of the address), so every server on the database shares it. Call it outside any transaction: a refused
 * request must stay counted.
 */
export async function limitPublic(ctx: Pick<Ctx<unknown, unknown, unknown>, 'deps' | 'req' | 'now'>): Promise<void> {
  const { deps, req, now } = ctx;
  await takeRateLimit(
    deps.database.db,
    `public:${addressKey(deps.secretKey, req.ip)}`,
    deps.config.publicRateLimitPerMinute,
    PUBLIC_WINDOW_MS,
    now,
    'Too many requests from your address; wait a minute and try again.',
  );
}

/** Whole minutes to wait before trying again, at least one, from a `rate_limited` error (an hour if it says none). */
export const minutesToWait = (err: DomainError): number =>
  Math.max(1, Math.ceil((err.extra.retryAfterSeconds ?? 3600) / 60));

/** The seconds a `rate_limited` error says to wait (an hour if it says none); undefined for any other error. */
export const retryAfterOf = (err: unknown): number | undefined =>
  err instanceof DomainError && err.code === 'rate_limited' ? (err.extra.retryAfterSeconds ?? 3600) : undefined;

/**
 * Adds Retry-After to a page refused for too many attempts of its own (a booking, a filing, a tracking code: the
 * JSON twin has it from the problem, and publicPage sets it for the per-address limit), so a client or proxy knows
 * how long to wait; the page says it in words (minutesToWait).
 */
export const withRetryAfter = (page: Result<null>, seconds: number | undefined): Result<null> =>
  seconds === undefined ? page : { ...page, headers: { ...page.headers, 'retry-after': String(seconds) } };

export type PageContent = {
  title: string;
  main: SafeHtml;
  /** The PUBLIC_NAV key of this page. */
  current?: string;
  status?: number;
  /** The query to keep in the language links (without lang). */
  query?: Record<string, string | undefined>;
};

const TOO_MANY: Texts<{ title: string; text: string }> = {
  en: { title: 'Too many requests', text: 'Too many requests came from your connection. Wait a minute and try again.' },
  fr: {
    title: 'Trop de demandes',
    text: 'Trop de demandes sont venues de votre connexion. Attendez une minute et réessayez.',
  },
  es: {
    title: 'Demasiadas solicitudes',
    text: 'Llegaron demasiadas solicitudes desde su conexión. Espere un minuto y vuelva a intentarlo.',
  },
  ar: { title: 'طلبات كثيرة جدًا', text: 'وصلت طلبات كثيرة جدًا من اتصالك. انتظر دقيقة ثم حاول مرة أخرى.' },
};

/**
 * Runs a public page: negotiates the language, applies the per-address limit (answering a readable 429 page),
 * renders the content inside the layout and sets the headers (Content-Language, Vary, no caching of answers).
 * Use it as the whole body of a public page handler:
 *
 *   handler: (ctx) => publicPage(ctx, '/public/x', async (lang) => ({ title: T[lang].title, main: html`...` }))
 */
export async function publicPage(
  ctx: Ctx<unknown, unknown, unknown>,
  path: string,
  build: (lang: Lang) => Promise<PageContent> | PageContent,
): Promise<Result<null>> {
  const lang = negotiateLang(ctx.req);
  const headers: Record<string, string> = {
    'content-language': lang,
    vary: 'accept-language',
    'cache-control': 'no-cache',
  };
  try {
    await limitPublic(ctx);
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'rate_limited') throw err;
    const t = TOO_MANY[lang];
    return {
      status: 429,
      body: null,
      headers: { ...headers, 'retry-after': String(err.extra.retryAfterSeconds ?? 60) },
      html: renderPage({ lang, path, title: t.title, main: html`<h1>${t.title}</h1><p>${t.text}</p>` }),
    };
  }
  const c = await build(lang);
  return {
    ...(c.status ? { status: c.status } : {}),
    body: null,
    headers,
    html: renderPage({
      lang,
      path,
      title: c.title,
      main: c.main,
      ...(c.current ? { current: c.current } : {}),
      ...(c.query ? { query: c.query } : {}),
    }),
  };
}

let stylesheet: string | undefined;
/** The stylesheet's text, read once. */
export function siteCss(): string {
  stylesheet ??= fs.readFileSync(new URL('./site.css', import.meta.url), 'utf8');
  return stylesheet;
}
