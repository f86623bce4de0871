// The public appointment pages under /public/appointments (docs/public-site.md): server-rendered HTML, no
// JavaScript, plain GET forms to pick a centre, service and day, and POST forms to book and to see or cancel a
// booking with its code (the code travels only in POST bodies, never in a URL).
import { BookingCode, CalendarDate, CENTRE_SERVICE_LABELS, type CentreService, PublicBook } from '@corridor/contracts';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { type AnyRoute, type Ctx, defineRoute } from '../http/route.ts';
import { countryName } from '../lib/countries.ts';
import { reasonOf } from '../public-site/form-problems.ts';
import { html, type SafeHtml } from '../public-site/html.ts';
import { type Lang, listSeparatorOf } from '../public-site/i18n.ts';
import {
  minutesToWait,
  PublicPageQuery,
  publicPage,
  retryAfterOf,
  withRetryAfter,
} from '../public-site/public-page.ts';
import { bookingByCode, publicBookingDays } from './appointments.service.ts';
import { centrePolicies as policy } from './centres.policy.ts';
import { publicAttempt, publicBook, publicCancel, publicCentre } from './centres.public.routes.ts';
import { publicCentres, servicesOf } from './centres.repository.ts';
import { slotsOfDay } from './centres.service.ts';
import type { AppointmentRow, CentreRow, CentreServiceRow } from './centres.table.ts';
import { type AppointmentTexts, APPOINTMENT_TEXTS as TEXTS } from './centres.texts.ts';
import { addDays } from './slots.ts';

const PATH = '/public/appointments';
const Query = PublicPageQuery.extend({
  centre: z.string().max(60).optional(),
  service: z.string().max(60).optional(),
  day: z.string().max(20).optional(),
});
const FormBody = z
  .record(z.string(), z.union([z.string().max(2000), z.array(z.string().max(2000)).max(5)]))
  .default({});
type FormBody = z.infer<typeof FormBody>;
const one = (f: FormBody, k: string): string => {
  const v = f[k];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const label = (s: string, lang: Lang) => CENTRE_SERVICE_LABELS[s as CentreService]?.[lang] ?? s;

/** The example phone number of the hints, isolated and left to right, so it reads the same in Arabic. */
const PHONE_EXAMPLE = html`<bdi dir="ltr" class="nums">+964 750 123 4567</bdi>`;

/** The fields of the booking form a problem can point at. */
type BookField = keyof AppointmentTexts['fields'];
/** The fields shown to the person (the others ride in hidden fields, from the choices made before). */
const SHOWN: readonly BookField[] = ['start', 'name', 'phone', 'email'];

/**
 * The booking form's problems, one per field (the first issue found), each in the page's language, worded from
 * the validation issues as the public grievance form does (public-site/form-problems.ts).
 */
function bookingProblems(
  t: AppointmentTexts,
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
): Map<BookField, SafeHtml | string> {
  const problems = new Map<BookField, SafeHtml | string>();
  for (const issue of issues) {
    const [head = '', sub = ''] = issue.path.map(String);
    const key = head === 'contact' ? sub : head === 'centreId' ? 'centre' : head;
    if (!(key in t.fields) || problems.has(key as BookField)) continue;
    const field = key as BookField;
    const reason = reasonOf(t.problems, issue, input);
    if (field === 'start') problems.set(field, t.problems.chooseTime);
    else if (field === 'phone' && reason === t.problems.notInForm)
      problems.set(
        field,
        issue.code === 'custom' && issue.params?.rule === 'phone_digits'
          ? t.problems.phoneDigits
          : t.problems.notPhone(PHONE_EXAMPLE),
      );
    else problems.set(field, reason);
  }
  return problems;
}

/** The message of a refused booking or look-up, in the page's language; other errors are not the worker's. */
function refusal(err: unknown, t: AppointmentTexts): SafeHtml {
  if (err instanceof DomainError) {
    if (err.code === 'not_found') return html`<div class="notice bad" role="alert"><p>${t.notFound}</p></div>`;
    if (err.code === 'rate_limited')
      return html`<div class="notice bad" role="alert"><p>${t.tooManyWait(minutesToWait(err))}</p></div>`;
    if (err.code in t.errors)
      return html`<div class="notice bad" role="alert"><p>${t.errors[err.code as keyof AppointmentTexts['errors']]}</p></div>`;
  }
  throw err;
}

async function centreChoice(ctx: Ctx<unknown, unknown, unknown>, lang: Lang, selected?: string) {
  const t = TEXTS[lang];
  const db = ctx.deps.database.db;
  const centres = await publicCentres(db);
  const options = centres.map(
    (c) =>
      html`<option value="${c.id}" ${c.id === selected ? html`selected` : ''}>${c.name} (${countryName(c.country, lang)})</option>`,
  );
  return {
    centres,
    form: html`<form class="search" method="get" action="${PATH}" novalidate>
<input type="hidden" name="lang" value="${lang}">
<label for="centre">${t.centre}</label>
<select id="centre" name="centre" required><option value="">${t.chooseCentre}</option>${options}</select>
<button type="submit">${t.show}</button>
</form>`,
  };
}

/** A calendar day (YYYY-MM-DD, the centre's local day) as the language writes it ("lundi 7 décembre 2026"). */
function dayIn(lang: Lang, day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(at.getTime())
    ? day
    : new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeZone: 'UTC' }).format(at);
}

/**
 * A slot's day and time as the language writes them together ("mercredi 9 décembre 2026 à 09:00"; the Arabic
 * comma and في in Arabic), on a 24-hour clock. Both are the centre's local ones, so they are formatted as UTC.
 */
function whenIn(lang: Lang, day: string, time: string): string {
  const at = new Date(`${day}T${time.slice(0, 5)}:00Z`);
  return Number.isNaN(at.getTime())
    ? `${dayIn(lang, day)}${listSeparatorOf(lang)}${time}`
    : new Intl.DateTimeFormat(lang, {
        dateStyle: 'full',
        timeStyle: 'short',
        hourCycle: 'h23',
        timeZone: 'UTC',
      }).format(at);
}

/** The slot picker and the details form of a centre, service and day, with the problems of a refused form. */
async function slotForm(
  ctx: Ctx<unknown, unknown, unknown>,
  lang: Lang,
  c: CentreRow,
  services: CentreServiceRow[],
  service: string,
  day: string,
  entered: { name?: string; phone?: string; email?: string; start?: string } = {},
  problems: ReadonlyMap<BookField, SafeHtml | string> = new Map(),
): Promise<SafeHtml> {
  const t = TEXTS[lang];
  // A field's problem is said under it, and the field points at it (aria-describedby), marked invalid.
  const problemOf = (f: BookField) =>
    problems.has(f) ? html`<p class="notice bad" id="problem-${f}">${problems.get(f)}</p>` : '';
  const invalid = (f: BookField, hint?: string) =>
    problems.has(f)
      ? html` aria-invalid="true" aria-describedby="${hint ? `${hint} ` : ''}problem-${f}"`
      : hint
        ? html` aria-describedby="${hint}"`
        : '';
  const { first, last } = publicBookingDays(c, ctx.now);
  const serviceOptions = services.map(
    (s) =>
      html`<option value="${s.service}" ${s.service === service ? html`selected` : ''}>${label(s.service, lang)}</option>`,
  );
  const picker = html`<form class="search" method="get" action="${PATH}" novalidate>
<input type="hidden" name="lang" value="${lang}"><input type="hidden" name="centre" value="${c.id}">
<label for="service">${t.service}</label><select id="service" name="service">${serviceOptions}</select>
<label for="day">${t.day}</label><input id="day" name="day" type="date" min="${first}" max="${last}" value="${day}" required>
<button type="submit">${t.show}</button>
</form>`;
  const offer = services.filter((s) => s.service === service);
  if (offer.length === 0) return picker;
  const { closed, slots } = await slotsOfDay(ctx.deps.database.db, c, offer, day);
  const open = slots.filter((s) => Date.parse(s.startsAt) > ctx.now.getTime() && s.booked < s.capacity);
  if (closed !== null) return html`${picker}<div class="notice warn"><p>${t.closed}</p></div>`;
  if (open.length === 0) return html`${picker}<div class="notice warn"><p>${t.noSlots}</p></div>`;
  // The time the person picked stays picked after a refusal (else the first free one), so a corrected form books it.
  const picked = open.some((s) => s.start === entered.start) ? entered.start : open[0]!.start;
  const radios = open.map(
    (
      s,
      i,
    ) => html`<li class="card"><input type="radio" id="slot-${i}" name="start" value="${s.start}" required ${s.start === picked ? html`checked` : ''}${invalid('start')}>
<label for="slot-${i}"><span class="nums" dir="ltr">${s.start}</span></label> <span class="hint">${t.free(s.capacity - s.booked)}</span></li>`,
  );
  // novalidate: the server checks the form and says what is wrong in the page's language; the browser's bubbles
  // would speak the browser's. `required` stays for assistive technology.
  return html`${picker}
<form class="stack" method="post" action="${PATH}?lang=${lang}" novalidate>
<input type="hidden" name="lang" value="${lang}"><input type="hidden" name="centre" value="${c.id}">
<input type="hidden" name="service" value="${service}"><input type="hidden" name="day" value="${day}">
<h2>${t.slots} — ${dayIn(lang, day)}</h2>
<ul class="results">${radios}</ul>
${problemOf('start')}
<h2>${t.yourDetails}</h2>
<label for="name">${t.name}</label><input id="name" name="name" autocomplete="name" maxlength="200" required value="${entered.name ?? ''}"${invalid('name')}>
${problemOf('name')}
<label for="phone">${t.phone}</label><input id="phone" name="phone" type="tel" dir="ltr" autocomplete="tel" maxlength="30" required value="${entered.phone ?? ''}"${invalid('phone', 'phone-hint')}>
<p class="hint" id="phone-hint">${t.phoneHint(PHONE_EXAMPLE)}</p>
${problemOf('phone')}
<label for="email">${t.email} ${t.optional}</label><input id="email" name="email" type="email" dir="ltr" autocomplete="email" maxlength="200" value="${entered.email ?? ''}"${invalid('email')}>
${problemOf('email')}
<button type="submit">${t.book}</button>
</form>`;
}

function bookingCard(lang: Lang, a: AppointmentRow, c: CentreRow, code?: string): SafeHtml {
  const t = TEXTS[lang];
  return html`<div class="card"><dl>
${code ? html`<dt>${t.code}</dt><dd><strong class="nums" dir="ltr" id="booking-code">${code}</strong></dd>` : ''}
<dt>${t.service}</dt><dd>${label(a.service, lang)}</dd>
<dt>${t.when}</dt><dd>${whenIn(lang, a.day, a.start_time)}</dd>
<dt>${t.where}</dt><dd><bdi>${c.name}</bdi>${listSeparatorOf(lang)}<bdi>${c.address}</bdi></dd>
<dt>${t.status}</dt><dd><span class="status ${a.status === 'booked' ? 'ok' : 'none'}">${t.statuses[a.status]}</span></dd>
</dl></div>`;
}

/** The form to type a booking code; a problem with the code sent (missing, unknown) is said above the field. */
const manageForm = (lang: Lang, problem?: string) => {
  const t = TEXTS[lang];
  return html`${problem ? html`<div class="notice bad" role="alert" id="code-problem"><p>${problem}</p></div>` : ''}
<form class="search" method="post" action="${PATH}/booking?lang=${lang}" novalidate>
<input type="hidden" name="lang" value="${lang}"><input type="hidden" name="action" value="view">
<label for="code">${t.code}</label><input id="code" name="code" dir="ltr" autocomplete="off" maxlength="12" required${problem ? html` aria-invalid="true" aria-describedby="code-problem"` : ''}>
<button type="submit">${t.view}</button>
</form>`;
};

/** The public appointment pages. */
export const centrePublicPageRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: PATH,
    operationId: 'publicAppointmentsPage',
    summary: 'Public appointment booking: choose a centre, service, day and time (HTML)',
    tags: ['public'],
    policy: policy.publicBooking,
    query: Query,
    errors: ['rate_limited'],
    response: { status: 200, schema: null, description: 'An HTML page.' },
    handler: (ctx) =>
      publicPage(ctx, PATH, async (lang) => {
        const t = TEXTS[lang];
        const q = ctx.query;
        const { centres, form } = await centreChoice(ctx, lang, q.centre);
        const c = q.centre && UUID.test(q.centre) ? centres.find((x) => x.id === q.centre) : undefined;
        let step: SafeHtml = html``;
        if (c) {
          const services = (await servicesOf(ctx.deps.database.db, [c.id])).get(c.id) ?? [];
          const service = services.some((s) => s.service === q.service) ? q.service! : (services[0]?.service ?? '');
          // A day asked for that cannot be booked (past, too far ahead, not a date) is said so, and tomorrow shown.
          const { first, last } = publicBookingDays(c, ctx.now);
          const asked = q.day || undefined;
          const fits = asked !== undefined && CalendarDate.safeParse(asked).success && asked >= first && asked <= last;
          const day = fits ? asked : addDays(first, 1);
          const refused =
            asked !== undefined && !fits
              ? html`<div class="notice warn" role="alert" data-testid="day-refused"><p>${t.dayOutOfRange(dayIn(lang, first), dayIn(lang, last))}</p></div>`
              : html``;
          step = html`<h2><bdi>${c.name}</bdi></h2><p class="hint"><bdi>${c.address}</bdi></p>${refused}${await slotForm(ctx, lang, c, services, service, day)}`;
        }
        return {
          title: t.title,
          current: 'appointments',
          query: { centre: q.centre, service: q.service, day: q.day },
          main: html`<h1>${t.title}</h1><p>${t.intro}</p>${form}${step}
<p><a href="${PATH}/booking?lang=${lang}">${t.manage}</a></p>`,
        };
      }),
  }),
  defineRoute({
    method: 'POST',
    url: PATH,
    operationId: 'publicAppointmentsBook',
    summary: 'Public appointment booking: the form post; answers the booking code once (HTML, rate-limited)',
    tags: ['public'],
    policy: policy.publicBooking,
    query: PublicPageQuery,
    body: FormBody,
    transactional: false,
    errors: ['rate_limited'],
    response: { status: 200, schema: null, description: 'An HTML page.' },
    handler: async (ctx) => {
      let retryAfter: number | undefined;
      const page = await publicPage(ctx, PATH, async (lang) => {
        const t = TEXTS[lang];
        const f = ctx.body;
        // The international prefix 00 is read as +, as people write it where 00 dials abroad ("00964 770 ...").
        // The contract's phone rule (AppointmentContact) is shared with the staff's API, which stays strict, so
        // the public page normalises before validating.
        const phone = one(f, 'phone').replace(/^00\s*(?=[1-9])/, '+');
        const input = {
          centreId: one(f, 'centre'),
          service: one(f, 'service'),
          day: one(f, 'day'),
          start: one(f, 'start'),
          contact: { name: one(f, 'name'), phone, email: one(f, 'email') || null, locale: lang },
        };
        const parsed = PublicBook.safeParse(input);
        const entered = {
          name: one(f, 'name'),
          phone: one(f, 'phone'),
          email: one(f, 'email'),
          start: one(f, 'start'),
        };
        const again = async (
          notice: SafeHtml,
          status: number,
          problems: ReadonlyMap<BookField, SafeHtml | string> = new Map(),
        ) => {
          const centreId = one(f, 'centre');
          const c = UUID.test(centreId) ? await publicCentre(ctx.deps, centreId).catch(() => undefined) : undefined;
          const services = c ? ((await servicesOf(ctx.deps.database.db, [c.id])).get(c.id) ?? []) : [];
          const day = DAY.test(one(f, 'day')) ? one(f, 'day') : '';
          const rest = c
            ? html`<h2><bdi>${c.name}</bdi></h2>${await slotForm(ctx, lang, c, services, one(f, 'service'), day, entered, problems)}`
            : (await centreChoice(ctx, lang)).form;
          return { title: t.title, current: 'appointments', status, main: html`<h1>${t.title}</h1>${notice}${rest}` };
        };
        if (!parsed.success) {
          const problems = bookingProblems(t, parsed.error.issues, input);
          // The fields the person fills in have their problem under them; the hidden ones (a stale or hand-made
          // form) are listed here, as there is nothing of theirs to show it under.
          const hidden = [...problems].filter(([k]) => !SHOWN.includes(k));
          return again(
            html`<div class="notice bad" role="alert"><p>${t.errors.invalid}</p>${hidden.length ? html`<ul>${hidden.map(([k, p]) => html`<li>${t.fields[k]}: ${p}</li>`)}</ul>` : ''}</div>`,
            422,
            problems,
          );
        }
        try {
          await publicAttempt(ctx.deps, ctx.req.ip, ctx.now);
          const r = await publicBook(ctx.deps, parsed.data, ctx.now);
          return {
            title: t.booked,
            current: 'appointments',
            main: html`<h1>${t.booked}</h1>
<div class="notice warn"><p>${t.keepCode}</p></div>
${bookingCard(lang, r.row, r.centre, r.code)}
<p>${t.reminder}</p>
<p><a href="${PATH}/booking?lang=${lang}">${t.manage}</a></p>`,
          };
        } catch (err) {
          retryAfter = retryAfterOf(err);
          const status = err instanceof DomainError ? err.status : 500;
          return again(refusal(err, t), status);
        }
      });
      return withRetryAfter(page, retryAfter);
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${PATH}/booking`,
    operationId: 'publicAppointmentsManagePage',
    summary: 'Public appointment booking: the form to see or cancel a booking with its code (HTML)',
    tags: ['public'],
    policy: policy.publicBooking,
    query: PublicPageQuery,
    errors: ['rate_limited'],
    response: { status: 200, schema: null, description: 'An HTML page.' },
    handler: (ctx) =>
      publicPage(ctx, `${PATH}/booking`, (lang) => {
        const t = TEXTS[lang];
        return {
          title: t.manage,
          current: 'appointments',
          main: html`<h1>${t.manage}</h1><p>${t.manageIntro}</p>${manageForm(lang)}`,
        };
      }),
  }),
  defineRoute({
    method: 'POST',
    url: `${PATH}/booking`,
    operationId: 'publicAppointmentsManage',
    summary: 'Public appointment booking: see or cancel a booking with its code (HTML, rate-limited)',
    tags: ['public'],
    policy: policy.publicBooking,
    query: PublicPageQuery,
    body: FormBody,
    transactional: false,
    errors: ['rate_limited'],
    response: { status: 200, schema: null, description: 'An HTML page.' },
    handler: async (ctx) => {
      let retryAfter: number | undefined;
      const result = await publicPage(ctx, `${PATH}/booking`, async (lang) => {
        const t = TEXTS[lang];
        const code = one(ctx.body, 'code').toUpperCase();
        const page = (main: SafeHtml, status?: number) => ({
          title: t.manage,
          current: 'appointments',
          ...(status ? { status } : {}),
          main: html`<h1>${t.manage}</h1>${main}`,
        });
        // Neither a missing code nor one that cannot be a code counts as an attempt: no booking is looked up.
        if (code === '') return page(manageForm(lang, t.codeMissing), 422);
        if (!BookingCode.safeParse(code).success) return page(manageForm(lang, t.notFound), 404);
        try {
          await publicAttempt(ctx.deps, ctx.req.ip, ctx.now);
          if (one(ctx.body, 'action') === 'cancel') {
            const r = await publicCancel(ctx.deps, code, ctx.now);
            return page(
              html`<div class="notice" role="status"><p>${t.cancelled}</p></div>${bookingCard(lang, r.appointment, r.centre)}`,
            );
          }
          const { appointment: a, centre: c } = await bookingByCode(ctx.deps.database.db, code);
          const cancel =
            a.status === 'booked' && Date.parse(a.starts_at) > ctx.now.getTime()
              ? html`<form class="stack" method="post" action="${PATH}/booking?lang=${lang}">
<input type="hidden" name="lang" value="${lang}"><input type="hidden" name="action" value="cancel">
<input type="hidden" name="code" value="${code}"><button type="submit">${t.cancel}</button></form>`
              : '';
          return page(html`${bookingCard(lang, a, c)}${cancel}`);
        } catch (err) {
          retryAfter = retryAfterOf(err);
          const status = err instanceof DomainError ? err.status : 500;
          return page(html`${refusal(err, t)}${manageForm(lang)}`, status);
        }
      });
      return withRetryAfter(result, retryAfter);
    },
  }),
];
