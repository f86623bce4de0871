// The public remittance comparison page (docs/public-site.md, docs/remittances.md): server-rendered, no JavaScript.
// A GET form (sending country, receiving country, amount); the services of the latest quarter ranked by what the
// receiver gets; the corridor's trend against the 3% and 5% targets as an inline SVG drawn here (SVG presentation
// attributes, no style attribute, so the CSP's style rules hold) and the same numbers as a table.
import type { PublicRemittanceComparison } from '@corridor/contracts';
import type { Ctx, Result } from '../http/route.ts';
import { countryName } from '../lib/countries.ts';
import { periodName } from '../lib/period-names.ts';
import { html, type SafeHtml } from '../public-site/html.ts';
import type { Lang, Texts } from '../public-site/i18n.ts';
import { publicPage } from '../public-site/public-page.ts';
import { compare, corridorsWithPrices } from './comparison.ts';

type T = {
  title: string;
  intro: string;
  from: string;
  to: string;
  amount: string;
  amountHint: string;
  choose: string;
  compare: string;
  chooseBoth: string;
  badAmount: string;
  noPrices: string;
  heading: (amount: string, from: string, to: string) => string;
  quarter: (p: string) => string;
  gets: string;
  fee: string;
  margin: string;
  totalCost: string;
  speed: string;
  send: string;
  collect: string;
  cheapest: string;
  trend: string;
  trendHint: string;
  average: string;
  smart: string;
  target3: string;
  target5: string;
  period: string;
  equivalents: string;
  source: string;
  noTrend: string;
};

const T: Texts<T> = {
  en: {
    title: 'Compare the cost of sending money home',
    intro:
      'Choose where you send from, where the money goes and how much. Providers are ranked by what your family receives.',
    from: 'Sending from',
    to: 'Sending to',
    amount: 'Amount (US dollars)',
    amountHint: 'Prices are collected for USD 200 and USD 500; other amounts are estimated from the nearest one.',
    choose: 'Choose a country',
    compare: 'Compare',
    chooseBoth: 'Choose both countries: the one you send from and the one the money goes to.',
    badAmount: 'The amount must be a number between 1 and 100,000. Showing USD 200.',
    noPrices: 'We have no prices for this corridor yet.',
    heading: (a, f, t) => `Sending USD ${a} from ${f} to ${t}`,
    quarter: (p) => `Prices collected in ${p}.`,
    gets: 'Your family receives about',
    fee: 'Fee',
    margin: 'Exchange-rate margin',
    totalCost: 'Total cost',
    speed: 'Speed',
    send: 'How to pay',
    collect: 'How to collect',
    cheapest: 'Best value',
    trend: 'Average cost in this corridor',
    trendHint:
      'Average total cost of sending USD 200, in % of the amount. The world target: below 3% on average, and no corridor above 5%.',
    average: 'Average',
    smart: 'Three cheapest (SmaRT)',
    target3: 'Target 3%',
    target5: 'Limit 5%',
    period: 'Quarter',
    equivalents:
      'Amounts are US-dollar equivalents; the provider shows the exact amount in local currency before you pay.',
    source:
      'Sources: quotes recorded by partner organisations; corridor history derived from the World Bank’s Remittance Prices Worldwide (CC BY 4.0).',
    noTrend: 'No history for this corridor.',
  },
  fr: {
    title: 'Comparer le coût d’un envoi d’argent au pays',
    intro:
      'Choisissez d’où vous envoyez, où va l’argent et combien. Les services sont classés selon ce que votre famille reçoit.',
    from: 'Envoi depuis',
    to: 'Envoi vers',
    amount: 'Montant (dollars US)',
    amountHint: 'Les prix sont relevés pour 200 et 500 USD ; les autres montants sont estimés à partir du plus proche.',
    choose: 'Choisissez un pays',
    compare: 'Comparer',
    chooseBoth: 'Choisissez les deux pays : celui d’où vous envoyez et celui où va l’argent.',
    badAmount: 'Le montant doit être un nombre entre 1 et 100 000. Affichage pour 200 USD.',
    noPrices: 'Nous n’avons pas encore de prix pour ce corridor.',
    heading: (a, f, t) => `Envoi de ${a} USD : ${f} → ${t}`,
    quarter: (p) => `Prix relevés en ${p}.`,
    gets: 'Votre famille reçoit environ',
    fee: 'Frais',
    margin: 'Marge de change',
    totalCost: 'Coût total',
    speed: 'Délai',
    send: 'Comment payer',
    collect: 'Comment retirer',
    cheapest: 'Meilleur choix',
    trend: 'Coût moyen dans ce corridor',
    trendHint:
      'Coût total moyen d’un envoi de 200 USD, en % du montant. Objectif mondial : moins de 3 % en moyenne et aucun corridor au-dessus de 5 %.',
    average: 'Moyenne',
    smart: 'Les trois moins chers (SmaRT)',
    target3: 'Objectif 3 %',
    target5: 'Limite 5 %',
    period: 'Trimestre',
    equivalents:
      'Les montants sont des équivalents en dollars US ; le service indique le montant exact en monnaie locale avant le paiement.',
    source:
      'Sources : prix relevés par les organisations partenaires ; historique dérivé de Remittance Prices Worldwide de la Banque mondiale (CC BY 4.0).',
    noTrend: 'Pas d’historique pour ce corridor.',
  },
  es: {
    title: 'Compare el costo de enviar dinero a casa',
    intro:
      'Elija desde dónde envía, adónde va el dinero y cuánto. Los servicios se ordenan por lo que recibe su familia.',
    from: 'Envío desde',
    to: 'Envío a',
    amount: 'Monto (dólares EE. UU.)',
    amountHint: 'Los precios se recogen para 200 y 500 USD; otros montos se estiman a partir del más cercano.',
    choose: 'Elija un país',
    compare: 'Comparar',
    chooseBoth: 'Elija los dos países: desde dónde envía y adónde va el dinero.',
    badAmount: 'El monto debe ser un número entre 1 y 100 000. Se muestra para 200 USD.',
    noPrices: 'Aún no tenemos precios para este corredor.',
    heading: (a, f, t) => `Enviar ${a} USD de ${f} a ${t}`,
    quarter: (p) => `Precios recogidos en ${p}.`,
    gets: 'Su familia recibe aproximadamente',
    fee: 'Comisión',
    margin: 'Margen del tipo de cambio',
    totalCost: 'Costo total',
    speed: 'Rapidez',
    send: 'Cómo pagar',
    collect: 'Cómo cobrar',
    cheapest: 'Mejor opción',
    trend: 'Costo promedio en este corredor',
    trendHint:
      'Costo total promedio de enviar 200 USD, en % del monto. Meta mundial: menos del 3 % en promedio y ningún corredor por encima del 5 %.',
    average: 'Promedio',
    smart: 'Los tres más baratos (SmaRT)',
    target3: 'Meta 3 %',
    target5: 'Límite 5 %',
    period: 'Trimestre',
    equivalents:
      'Los montos son equivalentes en dólares EE. UU.; el servicio muestra el monto exacto en moneda local antes de pagar.',
    source:
      'Fuentes: precios registrados por organizaciones asociadas; historial derivado de Remittance Prices Worldwide del Banco Mundial (CC BY 4.0).',
    noTrend: 'No hay historial para este corredor.',
  },
  ar: {
    title: 'قارن تكلفة إرسال المال إلى بلدك',
    intro: 'اختر البلد الذي ترسل منه، والبلد الذي يذهب إليه المال، والمبلغ. تُرتَّب الخدمات حسب ما تستلمه أسرتك.',
    from: 'الإرسال من',
    to: 'الإرسال إلى',
    amount: 'المبلغ (بالدولار الأمريكي)',
    amountHint: 'تُجمع الأسعار لمبلغي 200 و500 دولار؛ وتُقدَّر المبالغ الأخرى انطلاقًا من أقربهما.',
    choose: 'اختر بلدًا',
    compare: 'قارن',
    chooseBoth: 'اختر البلدين كليهما: البلد الذي ترسل منه والبلد الذي يذهب إليه المال.',
    badAmount: 'يجب أن يكون المبلغ رقمًا بين 1 و100000. نعرض النتائج لمبلغ 200 دولار.',
    noPrices: 'لا تتوفر لدينا أسعار لهذا الممر بعد.',
    heading: (a, f, t) => `إرسال ${a} دولار أمريكي من ${f} إلى ${t}`,
    quarter: (p) => `الأسعار المجموعة في ${p}.`,
    gets: 'تستلم أسرتك حوالي',
    fee: 'الرسوم',
    margin: 'هامش سعر الصرف',
    totalCost: 'التكلفة الإجمالية',
    speed: 'السرعة',
    send: 'طريقة الدفع',
    collect: 'طريقة الاستلام',
    cheapest: 'الأفضل قيمة',
    trend: 'متوسط التكلفة في هذا الممر',
    trendHint:
      'متوسط التكلفة الإجمالية لإرسال 200 دولار، كنسبة مئوية من المبلغ. الهدف العالمي: أقل من 3% في المتوسط، ولا ممر فوق 5%.',
    average: 'المتوسط',
    smart: 'أرخص ثلاث خدمات (SmaRT)',
    target3: 'الهدف 3%',
    target5: 'الحد 5%',
    period: 'الربع',
    equivalents: 'المبالغ معادِلة بالدولار الأمريكي؛ تعرض الجهة المقدمة للخدمة المبلغ الدقيق بالعملة المحلية قبل الدفع.',
    source:
      'المصادر: أسعار سجلتها منظمات شريكة؛ وتاريخ الممر مستمد من قاعدة بيانات أسعار التحويلات في العالم للبنك الدولي (CC BY 4.0).',
    noTrend: 'لا يوجد تاريخ لهذا الممر.',
  },
};

const LOCALE: Texts<string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES', ar: 'ar' };
const numberFormats = new Map<string, Intl.NumberFormat>();
function num(lang: Lang, n: number, digits: number): string {
  const key = `${lang}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f.format(n);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
/** An amount in US dollars as the language writes one ("US$1,490.46", "1 490,46 $US"). */
function usd(lang: Lang, n: number): string {
  let f = moneyFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency: 'USD' });
    moneyFormats.set(lang, f);
  }
  return f.format(n);
}

const percentFormats = new Map<string, Intl.NumberFormat>();
/** A percentage (3.67 for 3.67 %) as the language writes it ("3.67%", "3,67 %"), with `digits` decimals. */
function pct(lang: Lang, n: number, digits: number): string {
  const key = `${lang}:${digits}`;
  let f = percentFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], {
      style: 'percent',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    percentFormats.set(key, f);
  }
  return f.format(n / 100);
}

/**
 * The trend as an SVG line chart: % on the vertical axis, quarters along; the 3% and 5% lines dashed. In Arabic the
 * chart reads right to left like the page (time runs leftwards, the % axis on the right): the svg carries its
 * direction, so each text's anchor ("start", "end") is on the same side of its text in both.
 */
export function trendChart(trend: PublicRemittanceComparison['trend'], t: T, lang: Lang): SafeHtml | null {
  const points = trend.filter((p) => p.average200 !== null);
  if (points.length < 2) return null;
  const W = 320;
  const H = 180;
  const pad = { axis: 32, far: 8, t: 10, b: 24 };
  const rtl = lang === 'ar';
  // Where time starts (beside the % axis) and where it ends.
  const from = rtl ? W - pad.axis : pad.axis;
  const to = rtl ? pad.far : W - pad.far;
  const max = Math.max(6, ...points.map((p) => p.average200!)) * 1.1;
  const x = (i: number) => from + (i * (to - from)) / (points.length - 1);
  const y = (v: number) => Math.round((pad.t + (1 - v / max) * (H - pad.t - pad.b)) * 10) / 10;
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)} ${y(p.average200!).toFixed(1)}`).join(' ');
  const smart = points
    .map((p, i) => (p.smart200 === null ? null : `${x(i).toFixed(1)} ${y(p.smart200).toFixed(1)}`))
    .filter((s): s is string => s !== null);
  const ticks = [0, 3, 5, Math.floor(max)].filter((v, i, a) => a.indexOf(v) === i);
  const first = quarterLabel(points[0]!.period, lang, 'short');
  const last = quarterLabel(points.at(-1)!.period, lang, 'short');
  const label = `${t.trend}: ${first} ${pct(lang, points[0]!.average200!, 1)}, ${last} ${pct(lang, points.at(-1)!.average200!, 1)}`;
  const tickX = rtl ? from + 4 : from - 4;
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}" direction="${rtl ? 'rtl' : 'ltr'}" xmlns="http://www.w3.org/2000/svg">
${ticks.map((v) => html`<text x="${tickX}" y="${y(v) + 4}" font-size="10" text-anchor="end" fill="#56606b">${v}%</text>`)}
<line x1="${from}" x2="${to}" y1="${y(3)}" y2="${y(3)}" stroke="#17663a" stroke-dasharray="4 3"/>
<line x1="${from}" x2="${to}" y1="${y(5)}" y2="${y(5)}" stroke="#a3161a" stroke-dasharray="4 3"/>
<text x="${to}" y="${y(3) - 3}" font-size="10" text-anchor="end" fill="#17663a">${t.target3}</text>
<text x="${to}" y="${y(5) - 3}" font-size="10" text-anchor="end" fill="#a3161a">${t.target5}</text>
<path d="${line}" fill="none" stroke="#0b5cad" stroke-width="2"/>
${smart.length > 1 ? html`<path d="M${smart.join(' L')}" fill="none" stroke="#8a4b00" stroke-width="1.5" stroke-dasharray="2 2"/>` : null}
<text x="${from}" y="${H - 6}" font-size="10" text-anchor="start" fill="#56606b">${first}</text>
<text x="${to}" y="${H - 6}" font-size="10" text-anchor="end" fill="#56606b">${last}</text>
</svg>`;
}

const collators = new Map<Lang, Intl.Collator>();
const sortedLists = new Map<string, { c: string; n: string }[]>();
/** Country codes sorted by their name in `lang`; the sorted lists are kept (a few hundred short strings at most). */
function sortedByName(codes: Iterable<string>, lang: Lang): { c: string; n: string }[] {
  const list = [...codes].sort();
  const key = `${lang}:${list.join(',')}`;
  let hit = sortedLists.get(key);
  if (!hit) {
    let coll = collators.get(lang);
    if (!coll) {
      coll = new Intl.Collator(LOCALE[lang]);
      collators.set(lang, coll);
    }
    const c = coll;
    hit = list.map((code) => ({ c: code, n: countryName(code, lang) })).sort((a, b) => c.compare(a.n, b.n));
    if (sortedLists.size > 2000) sortedLists.clear();
    sortedLists.set(key, hit);
  }
  return hit;
}

/** RPW's speed categories in the page's language; any other text is shown as recorded. */
const SPEED_LABELS: Record<string, Texts<string>> = {
  'less than one hour': {
    en: 'Less than one hour',
    fr: 'Moins d’une heure',
    es: 'Menos de una hora',
    ar: 'أقل من ساعة',
  },
  'same day': { en: 'Same day', fr: 'Le jour même', es: 'El mismo día', ar: 'في اليوم نفسه' },
  'next day': { en: 'Next day', fr: 'Le lendemain', es: 'Al día siguiente', ar: 'في اليوم التالي' },
  '2 days': { en: '2 days', fr: '2 jours', es: '2 días', ar: 'يومان' },
  '3-5 days': { en: '3 to 5 days', fr: '3 à 5 jours', es: 'De 3 a 5 días', ar: 'من 3 إلى 5 أيام' },
  '6 days or more': { en: '6 days or more', fr: '6 jours ou plus', es: '6 días o más', ar: '6 أيام أو أكثر' },
};
const speedLabel = (speed: string, lang: Lang) => SPEED_LABELS[speed.trim().toLowerCase()]?.[lang] ?? speed;

/** RPW's ways to pay and to collect in the page's language; any other text is shown as recorded. */
const MEANS_LABELS: Record<string, Texts<string>> = {
  cash: { en: 'Cash', fr: 'Espèces', es: 'Efectivo', ar: 'نقدًا' },
  'cash pickup': { en: 'Cash pickup', fr: 'Retrait en espèces', es: 'Retiro en efectivo', ar: 'استلام نقدي' },
  'bank account': { en: 'Bank account', fr: 'Compte bancaire', es: 'Cuenta bancaria', ar: 'حساب مصرفي' },
  'debit card': { en: 'Debit card', fr: 'Carte de débit', es: 'Tarjeta de débito', ar: 'بطاقة خصم' },
  'credit card': { en: 'Credit card', fr: 'Carte de crédit', es: 'Tarjeta de crédito', ar: 'بطاقة ائتمان' },
  'credit/debit card': {
    en: 'Credit or debit card',
    fr: 'Carte de crédit ou de débit',
    es: 'Tarjeta de crédito o débito',
    ar: 'بطاقة ائتمان أو خصم',
  },
  card: { en: 'Card', fr: 'Carte', es: 'Tarjeta', ar: 'بطاقة' },
  'mobile wallet': {
    en: 'Mobile wallet',
    fr: 'Portefeuille mobile',
    es: 'Billetera móvil',
    ar: 'محفظة الهاتف المحمول',
  },
  'mobile money': { en: 'Mobile money', fr: 'Argent mobile', es: 'Dinero móvil', ar: 'أموال عبر الهاتف المحمول' },
  'home delivery': {
    en: 'Home delivery',
    fr: 'Livraison à domicile',
    es: 'Entrega a domicilio',
    ar: 'التسليم إلى المنزل',
  },
  online: { en: 'Online', fr: 'En ligne', es: 'En línea', ar: 'عبر الإنترنت' },
};
const meansLabel = (means: string, lang: Lang) => MEANS_LABELS[means.trim().toLowerCase()]?.[lang] ?? means;

/**
 * A quarter as recorded (RPW's `2026_3Q`) as its months in the page's language, `July–September 2026` (`short`:
 * `Jul–Sep 2026`, for the table and the chart); any other text is shown as recorded.
 */
export function quarterLabel(period: string, lang: Lang, width: 'long' | 'short' = 'long'): string {
  const m = /^(\d{4})_([1-4])Q$/.exec(period);
  return m ? periodName(`${m[1]}-Q${m[2]}`, LOCALE[lang], { width }) : period;
}

const costClass = (pct: number) => (pct <= 3 ? 'ok' : pct <= 5 ? 'warn' : 'bad');

export async function publicRemittancesPage(
  ctx: Ctx<unknown, { lang?: string; from?: string; to?: string; amount?: string }, unknown>,
): Promise<Result<null>> {
  const q = ctx.query;
  return publicPage(ctx as Ctx<unknown, unknown, unknown>, '/public/remittances', async (lang) => {
    const t = T[lang];
    const corridors = await corridorsWithPrices(ctx.db, ctx.now.getTime());
    const from = q.from && corridors.has(q.from.toUpperCase()) ? q.from.toUpperCase() : null;
    const destinations = new Set<string>();
    for (const [s, ds] of corridors) if (!from || s === from) for (const d of ds) destinations.add(d);
    const to = q.to && destinations.has(q.to.toUpperCase()) ? q.to.toUpperCase() : null;
    let amount = 200;
    let badAmount = false;
    if (q.amount !== undefined && q.amount.trim() !== '') {
      const n = Number(q.amount.replace(',', '.'));
      if (Number.isFinite(n) && n >= 1 && n <= 100_000) amount = n;
      else badAmount = true;
    }
    // The form was sent (it always sends both) with a country left at "Choose a country": say so, and mark it.
    const sent = q.from !== undefined || q.to !== undefined;
    const unchosen = {
      from: sent && (q.from ?? '').trim() === '',
      to: sent && (q.to ?? '').trim() === '',
    };
    const chooseBoth = unchosen.from || unchosen.to;
    const invalid = (k: 'from' | 'to') =>
      unchosen[k] ? html` aria-invalid="true" aria-describedby="choose-both"` : null;
    const options = (codes: Iterable<string>, selected: string | null) =>
      sortedByName(codes, lang).map((o) =>
        o.c === selected
          ? html`<option value="${o.c}" selected>${o.n}</option>`
          : html`<option value="${o.c}">${o.n}</option>`,
      );
    const form = html`<form class="search" method="get" action="/public/remittances">
<input type="hidden" name="lang" value="${lang}">
<label for="from">${t.from}</label>
<select id="from" name="from"${invalid('from')}><option value="">${t.choose}</option>${options(corridors.keys(), from)}</select>
<label for="to">${t.to}</label>
<select id="to" name="to"${invalid('to')}><option value="">${t.choose}</option>${options(destinations, to)}</select>
<label for="amount">${t.amount}</label>
<input id="amount" name="amount" type="number" inputmode="decimal" min="1" max="100000" step="any" value="${String(amount)}">
<p class="hint">${t.amountHint}</p>
<button type="submit">${t.compare}</button>
</form>`;

    let results: SafeHtml | null = null;
    const asked = Boolean(q.from || q.to);
    if (from && to) {
      const c = await compare(ctx.db, from, to, amount, ctx.now.getTime());
      const chart = trendChart(c.trend, t, lang);
      // Providers' names and products are as recorded (Latin in an Arabic page) and amounts carry their currency
      // sign: each is isolated (<bdi>), so it keeps its own order inside right-to-left text.
      const providers = c.providers.map(
        (p, i) => html`<li class="card">
<h3><bdi>${p.firm}</bdi>${p.product ? html` <bdi class="hint">${p.product}</bdi>` : null} ${i === 0 ? html`<span class="status ok">${t.cheapest}</span>` : null}</h3>
<p>${t.gets} <strong class="nums"><bdi>${usd(lang, p.receivedUsd)}</bdi></strong></p>
<dl>
<dt>${t.totalCost}</dt><dd><span class="status ${costClass(p.totalCostPct)} nums"><bdi>${pct(lang, p.totalCostPct, 2)}</bdi></span> <span class="nums">(<bdi>${usd(lang, p.totalCostUsd)}</bdi>)</span></dd>
<dt>${t.fee}</dt><dd class="nums"><bdi>${usd(lang, p.feeUsd)}</bdi></dd>
<dt>${t.margin}</dt><dd class="nums"><bdi>${pct(lang, p.fxMarginPct, 2)}</bdi></dd>
<dt>${t.speed}</dt><dd>${speedLabel(p.speed, lang)}</dd>
<dt>${t.send}</dt><dd>${meansLabel(p.paymentInstrument, lang)}</dd>
<dt>${t.collect}</dt><dd>${meansLabel(p.accessPoint, lang)}</dd>
</dl>
</li>`,
      );
      const rows = [...c.trend]
        .reverse()
        .map(
          (p) =>
            html`<tr><td>${quarterLabel(p.period, lang, 'short')}</td><td class="nums">${p.average200 === null ? '–' : pct(lang, p.average200, 2)}</td><td class="nums">${p.smart200 === null ? '–' : pct(lang, p.smart200, 2)}</td></tr>`,
        );
      results = html`<h2>${t.heading(num(lang, amount, amount % 1 ? 2 : 0), countryName(from, lang), countryName(to, lang))}</h2>
${c.period ? html`<p class="hint">${t.quarter(quarterLabel(c.period, lang))} ${t.equivalents}</p><ol class="results">${providers}</ol>` : html`<p class="notice warn">${t.noPrices}</p>`}
<h2>${t.trend}</h2>
<p class="hint">${t.trendHint}</p>
${c.trend.length ? html`${chart}<div class="table-wrap"><table><thead><tr><th>${t.period}</th><th>${t.average}</th><th>${t.smart}</th></tr></thead><tbody>${rows}</tbody></table></div>` : html`<p>${t.noTrend}</p>`}
<p class="hint">${t.source}</p>`;
    } else if (asked && (q.from || '') !== '' && (q.to || '') !== '') {
      results = html`<p class="notice warn">${t.noPrices}</p>`;
    }
    return {
      title: t.title,
      current: 'remittances',
      query: { from: from ?? undefined, to: to ?? undefined, amount: String(amount) },
      main: html`<h1>${t.title}</h1>
<p>${t.intro}</p>
${chooseBoth ? html`<p class="notice bad" role="alert" id="choose-both">${t.chooseBoth}</p>` : null}
${badAmount ? html`<p class="notice bad">${t.badAmount}</p>` : null}
${form}
${results}`,
    };
  });
}
