// Public routes of grievances: the JSON API under /api/public/grievances and the server-rendered pages under
// /public/grievances (docs/public-site.md). No account, no cookies, no JavaScript; the tracking code travels
// only in POST bodies, never in a URL (D4).
import {
  FileGrievance,
  GRIEVANCE_CATEGORIES,
  GrievanceForWorker,
  GrievanceReceipt,
  TrackGrievance,
  TrackingCode,
  WorkerConsent,
  WorkerReply,
} from '@corridor/contracts';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { countriesByName } from '../lib/countries.ts';
import { reasonOf } from '../public-site/form-problems.ts';
import { html, type SafeHtml } from '../public-site/html.ts';
import type { Lang } from '../public-site/i18n.ts';
import {
  limitPublic,
  minutesToWait,
  PublicPageQuery,
  publicPage,
  retryAfterOf,
  withRetryAfter,
} from '../public-site/public-page.ts';
import { grievancePolicies as policy } from './grievances.policy.ts';
import { consentForAddress, fileForAddress, replyForAddress, trackForAddress } from './grievances.public.ts';
import { GRIEVANCE_TEXTS, type GrievanceTexts } from './grievances.texts.ts';

const FormBody = z
  .record(z.string(), z.union([z.string().max(8000), z.array(z.string().max(8000)).max(20)]))
  .default({});
type FormBody = z.infer<typeof FormBody>;

const PUBLIC_ERRORS = ['rate_limited', 'service_unavailable', 'invalid_reference'] as const;

const one = (f: FormBody, k: string): string => {
  const v = f[k];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};
const many = (f: FormBody, k: string): string[] => {
  const v = f[k];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};
const orNull = (s: string): string | null => (s === '' ? null : s);

/** The intake form's fields as FileGrievance's input (not yet validated). */
function intakeFromForm(f: FormBody, lang: Lang): unknown {
  const name = orNull(one(f, 'name'));
  const phone = orNull(one(f, 'phone'));
  const email = orNull(one(f, 'email'));
  return {
    categories: many(f, 'categories'),
    description: one(f, 'description'),
    recruiterName: orNull(one(f, 'recruiter')),
    recruiterLicence: orNull(one(f, 'licence')),
    employerName: orNull(one(f, 'employer')),
    destinationCountry: orNull(one(f, 'country').toUpperCase()),
    contact: name || phone || email ? { name, phone, email } : null,
    recruiterMayKnowIdentity: one(f, 'recruiterMayKnow') === 'yes',
    handoverConsent: one(f, 'handoverConsent') === 'yes',
    language: lang,
  };
}

/** The intake form's fields that a validation issue can point at. */
type IntakeField =
  | 'categories'
  | 'description'
  | 'recruiter'
  | 'licence'
  | 'employer'
  | 'country'
  | 'name'
  | 'phone'
  | 'email';

/** The form field a validation issue points at (by its path in FileGrievance). */
function fieldOf(path: readonly PropertyKey[]): IntakeField {
  const [head, sub] = path.map(String);
  switch (head) {
    case 'categories':
      return 'categories';
    case 'recruiterName':
      return 'recruiter';
    case 'recruiterLicence':
      return 'licence';
    case 'employerName':
      return 'employer';
    case 'destinationCountry':
      return 'country';
    case 'contact':
      return sub === 'email' ? 'email' : sub === 'phone' ? 'phone' : 'name';
    default:
      return 'description';
  }
}

/** The name of a field in the list of problems (short where the form's label is long). */
function fieldLabel(t: GrievanceTexts, field: IntakeField): string {
  switch (field) {
    case 'categories':
      return t.categoriesField;
    case 'description':
      return t.descriptionField;
    case 'licence':
      return t.licenceField;
    default:
      return t[field];
  }
}

/** The intake form's problems, one per field (the first issue found), each in the page's language. */
type IntakeProblems = ReadonlyMap<IntakeField, string>;

function intakeProblems(t: GrievanceTexts, issues: readonly z.core.$ZodIssue[], input: unknown): IntakeProblems {
  const problems = new Map<IntakeField, string>();
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (!problems.has(field)) problems.set(field, t.problem(fieldLabel(t, field), reasonOf(t, issue, input)));
  }
  return problems;
}

const checked = (on: boolean) => (on ? html` checked` : '');

/** The countries to choose from, by name in the page's language, the one sent selected. */
const countryOptions = (lang: Lang, selected: string) =>
  countriesByName(lang).map((c) =>
    c.code === selected
      ? html`<option value="${c.code}" selected>${c.name}</option>`
      : html`<option value="${c.code}">${c.name}</option>`,
  );

/**
 * The intake form, filled with what was sent when it comes back with problems, or refused as a whole (`refusal`,
 * said above the form: too many attempts, wait): the worker keeps what they wrote and sends it again later. (The
 * form holds nothing secret: no code or token to leave out.)
 */
function intakeForm(
  t: GrievanceTexts,
  lang: Lang,
  f: FormBody,
  problems: IntakeProblems,
  refusal: string | null = null,
): SafeHtml {
  const cats = many(f, 'categories');
  // The server checks the form (novalidate): the browser's own bubbles would speak the browser's language, not
  // the page's. `required` stays for assistive technology; a field with a problem is marked invalid.
  const invalid = (field: IntakeField) => (problems.has(field) ? html` aria-invalid="true"` : '');
  return html`<h1>${t.title}</h1>
${refusal ? html`<p class="notice bad" role="alert" id="g-refusal">${refusal}</p>` : ''}
<p>${t.intro}</p>
<p class="notice warn">${t.safety}</p>
${problems.size ? html`<div class="notice bad" role="alert"><p>${t.invalid}</p><ul>${[...problems.values()].map((p) => html`<li>${p}</li>`)}</ul></div>` : ''}
<form class="stack" method="post" action="/public/grievances?lang=${lang}" novalidate>
<fieldset><legend>${t.whatHappened}</legend>
${GRIEVANCE_CATEGORIES.map(
  (c) =>
    html`<p><label class="choice"><input type="checkbox" name="categories" value="${c}"${checked(cats.includes(c))}${invalid('categories')}> ${t.categories[c]}</label></p>`,
)}
</fieldset>
<label for="g-description">${t.description}</label>
<p class="hint" id="g-description-hint">${t.descriptionHint}</p>
<textarea id="g-description" name="description" rows="6" maxlength="4000" required aria-describedby="g-description-hint"${invalid('description')}>${one(f, 'description')}</textarea>
<label for="g-recruiter">${t.recruiter}</label>
<p class="hint" id="g-recruiter-hint">${t.recruiterHint}</p>
<input id="g-recruiter" name="recruiter" maxlength="200" value="${one(f, 'recruiter')}" aria-describedby="g-recruiter-hint"${invalid('recruiter')}>
<label for="g-licence">${t.licence}</label>
<input id="g-licence" name="licence" maxlength="100" dir="ltr" value="${one(f, 'licence')}"${invalid('licence')}>
<label for="g-employer">${t.employer}</label>
<input id="g-employer" name="employer" maxlength="200" value="${one(f, 'employer')}"${invalid('employer')}>
<label for="g-country">${t.country}</label>
<select id="g-country" name="country"${invalid('country')}><option value="">${t.countryChoose}</option>${countryOptions(lang, one(f, 'country').toUpperCase())}</select>
<fieldset><legend>${t.contactTitle}</legend>
<p class="hint">${t.contactHint}</p>
<label for="g-name">${t.name}</label>
<input id="g-name" name="name" maxlength="200" autocomplete="name" value="${one(f, 'name')}"${invalid('name')}>
<label for="g-phone">${t.phone}</label>
<input id="g-phone" name="phone" type="tel" maxlength="50" autocomplete="tel" value="${one(f, 'phone')}"${invalid('phone')}>
<label for="g-email">${t.email}</label>
<input id="g-email" name="email" type="email" maxlength="254" autocomplete="email" value="${one(f, 'email')}"${invalid('email')}>
</fieldset>
<p><label class="choice"><input type="checkbox" name="recruiterMayKnow" value="yes"${checked(one(f, 'recruiterMayKnow') === 'yes')}> ${t.recruiterMayKnow}</label></p>
<p><label class="choice"><input type="checkbox" name="handoverConsent" value="yes"${checked(one(f, 'handoverConsent') === 'yes')}> ${t.handoverConsent}</label></p>
<button type="submit">${t.submit}</button>
</form>
<p><a href="/public/grievances/track?lang=${lang}">${t.trackLink}</a></p>`;
}

const day = (iso: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));

function codeForm(t: GrievanceTexts, lang: Lang, problem: string | null): SafeHtml {
  return html`<h1>${t.trackTitle}</h1>
<p>${t.trackIntro}</p>
${problem ? html`<p class="notice bad" role="alert" id="g-code-problem">${problem}</p>` : ''}
<form class="stack" method="post" action="/public/grievances/track?lang=${lang}" novalidate>
<label for="g-code">${t.code}</label>
<input id="g-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="64" required${problem ? html` aria-invalid="true" aria-describedby="g-code-problem"` : ''}>
<input type="hidden" name="action" value="show">
<button type="submit">${t.show}</button>
</form>`;
}

/** A reply not sent (too many attempts from the address): the wait, and the reply form with the message kept. */
function replyKept(t: GrievanceTexts, lang: Lang, code: string, message: string, problem: string): SafeHtml {
  return html`<h1>${t.trackTitle}</h1>
<p class="notice bad" role="alert" id="g-reply-problem">${problem}</p>
<form class="stack" method="post" action="/public/grievances/track?lang=${lang}" novalidate>
<input type="hidden" name="code" value="${code}"><input type="hidden" name="action" value="reply">
<label for="g-reply">${t.reply}</label>
<textarea id="g-reply" name="message" rows="4" maxlength="4000" required aria-describedby="g-reply-problem">${message}</textarea>
<button type="submit">${t.send}</button>
</form>`;
}

/**
 * The worker's view of their grievance, with the reply and consent forms (the code rides in hidden fields);
 * `replyProblem` is what was wrong with a reply that was not sent, shown at the reply form.
 */
function trackView(
  t: GrievanceTexts,
  lang: Lang,
  code: string,
  g: GrievanceForWorker,
  notice: string | null,
  replyProblem: string | null = null,
): SafeHtml {
  const statusClass = g.status === 'closed' ? 'none' : g.status === 'received' ? 'warn' : 'ok';
  const hidden = html`<input type="hidden" name="code" value="${code}">`;
  return html`<h1>${t.trackTitle}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<div class="card"><dl class="stacked">
<dt>${t.status}</dt><dd><span class="status ${statusClass}" data-status="${g.status}">${t.statuses[g.status]}</span></dd>
<dt>${t.received}</dt><dd>${day(g.receivedAt, lang)}</dd>
<dt>${t.responseDue}</dt><dd>${day(g.firstResponseDue, lang)}</dd>
<dt>${t.reported}</dt><dd>${g.categories.map((c) => t.categories[c]).join(' · ')}</dd>
${g.outcome ? html`<dt>${t.outcome}</dt><dd>${t.outcomes[g.outcome]}${g.outcomeSummary ? html`<br>${g.outcomeSummary}` : ''}</dd>` : ''}
</dl></div>
<h2>${t.messages}</h2>
${
  g.messages.length
    ? html`<ul class="results">${g.messages.map(
        (m) =>
          html`<li class="card" data-from="${m.from}"><p class="hint">${m.from === 'worker' ? t.fromYou : t.fromOfficer} · ${day(m.at, lang)}</p><p>${m.body}</p></li>`,
      )}</ul>`
    : html`<p>${t.noMessages}</p>`
}
${
  g.status === 'closed'
    ? ''
    : html`<form class="stack" method="post" action="/public/grievances/track?lang=${lang}" novalidate>
${hidden}<input type="hidden" name="action" value="reply">
<label for="g-reply">${t.reply}</label>
${replyProblem ? html`<p class="notice bad" role="alert" id="g-reply-problem">${replyProblem}</p>` : ''}
<textarea id="g-reply" name="message" rows="4" maxlength="4000" required${replyProblem ? html` aria-invalid="true" aria-describedby="g-reply-problem"` : ''}></textarea>
<button type="submit">${t.send}</button>
</form>`
}
${
  g.handedOver
    ? html`<p class="notice">${t.handedOver}</p>`
    : html`<form class="stack" method="post" action="/public/grievances/track?lang=${lang}">
${hidden}<p>${g.handoverConsent ? t.consentOn : t.consentOff}</p>
<input type="hidden" name="action" value="${g.handoverConsent ? 'withdraw' : 'consent'}">
<button type="submit">${g.handoverConsent ? t.withdrawConsent : t.giveConsent}</button>
</form>`
}`;
}

/** Public routes of worker grievances. */
export const grievancePublicRoutes: AnyRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/api/public/grievances',
    operationId: 'fileGrievance',
    summary: 'File a grievance without an account; answers the tracking code once (rate-limited per address)',
    tags: ['public', 'grievances'],
    policy: policy.file,
    body: FileGrievance,
    transactional: false,
    errors: [...PUBLIC_ERRORS],
    response: { status: 201, schema: GrievanceReceipt, description: 'The tracking code; keep it.' },
    handler: async (ctx) => {
      await limitPublic(ctx);
      const r = await fileForAddress(ctx.deps, ctx.req, ctx.body, ctx.now);
      return {
        status: 201,
        headers: { 'cache-control': 'no-store' },
        body: {
          trackingCode: r.trackingCode,
          receivedAt: r.row.received_at,
          firstResponseDue: r.row.first_response_due,
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public/grievances/track',
    operationId: 'trackGrievance',
    summary: 'Follow a grievance with its tracking code (rate-limited against code guessing)',
    tags: ['public', 'grievances'],
    policy: policy.track,
    body: TrackGrievance,
    transactional: false,
    errors: ['rate_limited'],
    response: { status: 200, schema: GrievanceForWorker, description: 'The grievance as the worker sees it.' },
    handler: async (ctx) => {
      await limitPublic(ctx);
      return {
        body: await trackForAddress(ctx.deps, ctx.req, ctx.body.code, ctx.now),
        headers: { 'cache-control': 'no-store' },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public/grievances/reply',
    operationId: 'replyToGrievance',
    summary: 'The worker replies to the officer’s messages, with the tracking code',
    tags: ['public', 'grievances'],
    policy: policy.track,
    body: WorkerReply,
    transactional: false,
    errors: ['rate_limited', 'invalid_transition'],
    response: { status: 200, schema: GrievanceForWorker, description: 'The grievance as the worker sees it.' },
    handler: async (ctx) => {
      await limitPublic(ctx);
      return {
        body: await replyForAddress(ctx.deps, ctx.req, ctx.body.code, ctx.body.message, ctx.now),
        headers: { 'cache-control': 'no-store' },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public/grievances/consent',
    operationId: 'grievanceHandoverConsent',
    summary: 'The worker gives or withdraws consent to a hand-over to a protection organisation',
    tags: ['public', 'grievances'],
    policy: policy.track,
    body: WorkerConsent,
    transactional: false,
    errors: ['rate_limited', 'invalid_transition'],
    response: { status: 200, schema: GrievanceForWorker, description: 'The grievance as the worker sees it.' },
    handler: async (ctx) => {
      await limitPublic(ctx);
      return {
        body: await consentForAddress(ctx.deps, ctx.req, ctx.body.code, ctx.body.handoverConsent, ctx.now),
        headers: { 'cache-control': 'no-store' },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/public/grievances',
    operationId: 'grievanceIntakePage',
    summary: 'The public grievance form (HTML)',
    tags: ['public', 'grievances'],
    policy: policy.file,
    query: PublicPageQuery,
    errors: ['rate_limited'],
    response: { status: 200, schema: null, description: 'An HTML page.' },
    handler: (ctx) =>
      publicPage(ctx, '/public/grievances', (lang) => ({
        title: GRIEVANCE_TEXTS[lang].title,
        current: 'grievances',
        main: intakeForm(GRIEVANCE_TEXTS[lang], lang, {}, new Map()),
      })),
  }),
  defineRoute({
    method: 'POST',
    url: '/public/grievances',
    operationId: 'grievanceIntakeSubmit',
    summary: 'Send the public grievance form (HTML form post); answers the tracking code once',
    tags: ['public', 'grievances'],
    policy: policy.file,
    query: PublicPageQuery,
    body: FormBody,
    transactional: false,
    errors: ['rate_limited'],
    response: { status: 200, schema: null, description: 'An HTML page with the code, or the form with problems.' },
    handler: async (ctx) => {
      let retryAfter: number | undefined;
      const page = await publicPage(ctx, '/public/grievances', async (lang) => {
        const t = GRIEVANCE_TEXTS[lang];
        const input = intakeFromForm(ctx.body, lang);
        const parsed = FileGrievance.safeParse(input);
        if (!parsed.success) {
          const problems = intakeProblems(t, parsed.error.issues, input);
          return { title: t.title, current: 'grievances', status: 422, main: intakeForm(t, lang, ctx.body, problems) };
        }
        try {
          const r = await fileForAddress(ctx.deps, ctx.req, parsed.data, ctx.now);
          return {
            title: t.receiptTitle,
            current: 'grievances',
            status: 201,
            main: html`<h1>${t.receiptTitle}</h1>
<div class="card"><p>${t.receiptCode}</p><p class="code" id="tracking-code" dir="ltr" lang="en"><strong>${r.trackingCode}</strong></p></div>
<p class="notice warn">${t.receiptKeep}</p>
<p>${t.receiptDue} ${day(r.row.first_response_due, lang)}.</p>
<p><a href="/public/grievances/track?lang=${lang}">${t.trackLink}</a></p>`,
          };
        } catch (err) {
          if (err instanceof DomainError && err.code === 'rate_limited') {
            retryAfter = retryAfterOf(err);
            return {
              title: t.title,
              current: 'grievances',
              status: 429,
              main: intakeForm(t, lang, ctx.body, new Map(), t.tooManyWait(minutesToWait(err))),
            };
          }
          // The intake is closed for now: the form comes back with what the worker wrote, to send again later.
          if (err instanceof DomainError && err.code === 'service_unavailable')
            return {
              title: t.title,
              current: 'grievances',
              status: 503,
              main: intakeForm(t, lang, ctx.body, new Map(), t.closedIntake),
            };
          throw err;
        }
      });
      // the code is on this page: never kept by a cache or the browser's history store
      const answer = withRetryAfter(page, retryAfter);
      return { ...answer, headers: { ...answer.headers, 'cache-control': 'no-store' } };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/public/grievances/track',
    operationId: 'grievanceTrackPage',
    summary: 'The page where a worker types their tracking code (HTML)',
    tags: ['public', 'grievances'],
    policy: policy.track,
    query: PublicPageQuery,
    errors: ['rate_limited'],
    response: { status: 200, schema: null, description: 'An HTML page.' },
    handler: (ctx) =>
      publicPage(ctx, '/public/grievances/track', (lang) => ({
        title: GRIEVANCE_TEXTS[lang].trackTitle,
        current: 'grievances',
        main: codeForm(GRIEVANCE_TEXTS[lang], lang, null),
      })),
  }),
  defineRoute({
    method: 'POST',
    url: '/public/grievances/track',
    operationId: 'grievanceTrackSubmit',
    summary: 'Show, reply to, or change consent on a grievance with its tracking code (HTML form post)',
    tags: ['public', 'grievances'],
    policy: policy.track,
    query: PublicPageQuery,
    body: FormBody,
    transactional: false,
    errors: ['rate_limited'],
    response: { status: 200, schema: null, description: 'An HTML page.' },
    handler: async (ctx) => {
      let retryAfter: number | undefined;
      const page = await publicPage(ctx, '/public/grievances/track', async (lang) => {
        const t = GRIEVANCE_TEXTS[lang];
        const base = { title: t.trackTitle, current: 'grievances' };
        const typed = one(ctx.body, 'code');
        if (typed === '') return { ...base, status: 422, main: codeForm(t, lang, t.codeMissing) };
        // 0, 1 and 8 typed for O, I and B are read as the letters (the contract's typedTrackingCode), case and
        // spaces ignored.
        const code = TrackingCode.safeParse(typed);
        if (!code.success) return { ...base, status: 422, main: codeForm(t, lang, t.notFound) };
        const action = one(ctx.body, 'action');
        try {
          if (action === 'reply') {
            const message = one(ctx.body, 'message').slice(0, 4000);
            if (message) {
              const g = await replyForAddress(ctx.deps, ctx.req, code.data, message, ctx.now);
              return { ...base, main: trackView(t, lang, code.data, g, t.sent) };
            }
            // nothing to send: the grievance again, with the problem at the reply form (a closed one has none)
            const g = await trackForAddress(ctx.deps, ctx.req, code.data, ctx.now);
            const problem = g.status === 'closed' ? null : t.replyMissing;
            return { ...base, status: problem ? 422 : 200, main: trackView(t, lang, code.data, g, null, problem) };
          }
          if (action === 'consent' || action === 'withdraw') {
            const g = await consentForAddress(ctx.deps, ctx.req, code.data, action === 'consent', ctx.now);
            return { ...base, main: trackView(t, lang, code.data, g, t.sent) };
          }
          const g = await trackForAddress(ctx.deps, ctx.req, code.data, ctx.now);
          return { ...base, main: trackView(t, lang, code.data, g, null) };
        } catch (err) {
          if (err instanceof DomainError && err.code === 'not_found')
            return { ...base, status: 404, main: codeForm(t, lang, t.notFound) };
          if (err instanceof DomainError && err.code === 'rate_limited') {
            retryAfter = retryAfterOf(err);
            const wait = t.tooManyWait(minutesToWait(err));
            // A reply refused for too many attempts keeps what the worker wrote, to send again after the wait.
            const message = action === 'reply' ? one(ctx.body, 'message').slice(0, 4000) : '';
            return {
              ...base,
              status: 429,
              main: message ? replyKept(t, lang, code.data, message, wait) : codeForm(t, lang, wait),
            };
          }
          throw err;
        }
      });
      const answer = withRetryAfter(page, retryAfter);
      return { ...answer, headers: { ...answer.headers, 'cache-control': 'no-store' } };
    },
  }),
];
