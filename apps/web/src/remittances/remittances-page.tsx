import type { Problem, RemittanceImportReport, RemittanceQuote, Sdg10c1Report } from '@corridor/contracts';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, query } from '../api/client.ts';
import { issuesByPath, pathOfPointer } from '../api/issues.ts';
import { type FieldIssue, problemOf } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { FilePicker } from '../components/file-picker.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { downloadExport } from '../grievances/download.ts';
import { formatNumber, formatPercent, formatWholeMoney } from '../i18n/format.ts';
import { type RowError, RowProblem, rowErrorsOf, useImportProblemText } from '../imports/import-problems.tsx';
import { countryName } from '../places/countries.ts';
import { CountrySelect } from '../places/country-fields.tsx';

/** A quarter of the RPW data ("2026_3Q") as the language names it ("Q3 2026", "T3 2026"); anything else as written. */
function quarterName(period: string, t: TFunction): string {
  const m = /^(\d{4})_([1-4])Q$/.exec(period);
  return m ? t('remit.quarterName', { q: m[2], year: m[1] }) : period;
}

/** A corridor given as two country codes ("LBN-SYR") by the countries' names, the arrow pointing the way it reads. */
function corridorName(corridor: string, lng: string, t: TFunction): string {
  const [from, to] = corridor.split('-');
  return from && to ? `${countryName(from, lng)} ${t('common.arrowForward')} ${countryName(to, lng)}` : corridor;
}

/** RPW's speed categories, as recorded, with the key of their label in the page's language. */
const SPEED_KEYS: Record<string, string> = {
  'Less than one hour': 'lessThanOneHour',
  'Same day': 'sameDay',
  'Next day': 'nextDay',
  '2 days': 'twoDays',
  '3-5 days': 'threeToFiveDays',
  '6 days or more': 'sixDaysOrMore',
};

/** A speed in the page's language; a category RPW does not define is shown as recorded. */
function speedText(speed: string, t: TFunction): string {
  const key = Object.entries(SPEED_KEYS).find(([s]) => s.toLowerCase() === speed.trim().toLowerCase())?.[1];
  return key ? t(`remit.speeds.${key}` as never) : speed;
}

type QuotePage = { items: RemittanceQuote[]; next: string | null };
type Sdg1071 = {
  corridors: {
    origin: string;
    destination: string;
    year: number;
    responses: number;
    indicatorPct: number;
    medianRatio: number;
    shareWithoutCosts: number;
  }[];
  exclusions: { responseId: string; reason: string }[];
};
type Filters = { period: string; source: string; destination: string };

const pct = (n: number | null | undefined, lng: string) =>
  n === null || n === undefined ? '–' : formatPercent(n, lng);

function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** The filters shared by the lists and the figures (quarter, sending and receiving country). */
function FilterForm({ value, onApply }: { value: Filters; onApply: (f: Filters) => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState(value);
  return (
    <form
      className="filters"
      data-testid="remit-filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply({
          period: f.period.trim(),
          source: f.source.trim().toUpperCase(),
          destination: f.destination.trim().toUpperCase(),
        });
      }}
    >
      <TextField label={t('remit.period')} name="period" value={f.period} onChange={(v) => setF({ ...f, period: v })} />
      <CountrySelect
        label={t('remit.source')}
        name="source"
        value={f.source}
        onChange={(v) => setF({ ...f, source: v })}
        emptyLabel={t('common.any')}
      />
      <CountrySelect
        label={t('remit.destination')}
        name="destination"
        value={f.destination}
        onChange={(v) => setF({ ...f, destination: v })}
        emptyLabel={t('common.any')}
      />
      <button type="submit" className="button secondary">
        {t('remit.apply')}
      </button>
    </form>
  );
}

function Sdg10c1Summary({ filters }: { filters: Filters }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const r = useResource<Sdg10c1Report>(
    `/api/remittances/sdg-10c1${query({ period: filters.period || undefined, source: filters.source || undefined, destination: filters.destination || undefined })}`,
  );
  if (r.status === 'error') return <FormStatus problem={r.problem} />;
  if (!r.data) return <Loading />;
  const periods = [...r.data.periods].reverse();
  return (
    <section aria-labelledby="sdg10c1" data-testid="remit-sdg10c1">
      <h2 id="sdg10c1">{t('remit.sdg10c1')}</h2>
      <p className="hint">{t('remit.sdg10c1Intro')}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('remit.quarter')}</th>
              <th>{t('remit.globalAverage')}</th>
              <th>{t('remit.allServices')}</th>
              <th>
                {t('remit.target')} {pct(3, lng)}
              </th>
              <th>{t('remit.aboveFive')}</th>
              <th>{t('remit.withoutSmart')}</th>
            </tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr key={p.period}>
                <td>
                  <bdi>{quarterName(p.period, t)}</bdi>
                </td>
                <td className="nums">{pct(p.globalAverage, lng)}</td>
                <td className="nums">{pct(p.globalAverageOfServices, lng)}</td>
                <td>{p.globalBelowTarget === null ? '–' : p.globalBelowTarget ? t('remit.met') : t('remit.notMet')}</td>
                <td>
                  {p.corridorsAboveTarget.map((c) => corridorName(c, lng, t)).join(t('common.separator')) ||
                    t('remit.none')}
                </td>
                <td>
                  {p.corridorsWithoutSmart.map((c) => corridorName(c, lng, t)).join(t('common.separator')) ||
                    t('remit.none')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {periods[0] && (
        <>
          <h3>
            <bdi>{quarterName(periods[0].period, t)}</bdi>
            {t('common.colon')} {t('remit.corridor')}
          </h3>
          <div className="table-wrap">
            <table data-testid="remit-corridors">
              <thead>
                <tr>
                  <th>{t('remit.corridor')}</th>
                  <th>{t('remit.quoteCount')}</th>
                  <th>
                    {t('remit.average')} ({formatWholeMoney(200, 'USD', lng)})
                  </th>
                  <th>{t('remit.smartAverage')}</th>
                  <th>
                    {t('remit.average')} ({formatWholeMoney(500, 'USD', lng)})
                  </th>
                  <th>{t('remit.excluded')}</th>
                </tr>
              </thead>
              <tbody>
                {periods[0].bands[0]!.corridors.map((c) => {
                  const c500 = periods[0]!.bands[1]!.corridors.find(
                    (x) => x.source === c.source && x.destination === c.destination,
                  );
                  return (
                    <tr key={`${c.source}-${c.destination}`} className={c.smartAboveTarget ? 'warn' : undefined}>
                      <td>
                        {countryName(c.source, lng)} {t('common.arrowForward')} {countryName(c.destination, lng)}
                      </td>
                      <td className="nums">{c.quotes}</td>
                      <td className="nums">{pct(c.average, lng)}</td>
                      <td className="nums">{pct(c.smart, lng)}</td>
                      <td className="nums">{pct(c500?.average, lng)}</td>
                      <td className="nums">{c.excluded}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {periods[0].bands.some((b) => b.exclusions.length > 0) && (
            <>
              <h3>{t('remit.exclusions')}</h3>
              <ul data-testid="remit-exclusions">
                {periods[0].bands.flatMap((b) =>
                  b.exclusions.map((e) => (
                    <li key={`${e.quoteId}-${e.amount}`}>
                      {corridorName(e.corridor, lng, t)}
                      {t('common.separator')}
                      <bdi>{e.firm}</bdi>
                      {t('common.separator')}
                      {formatWholeMoney(e.amount, 'USD', lng)}
                      {t('common.colon')} {pct(e.totalCostPct, lng)} ({t(`remit.reason.${e.reason}`)})
                    </li>
                  )),
                )}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

function QuoteList({ filters }: { filters: Filters }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [cursor, setCursor] = useState<string | null>(null);
  const [pages, setPages] = useState<RemittanceQuote[]>([]);
  const path = `/api/remittances/quotes${query({ period: filters.period || undefined, source: filters.source || undefined, destination: filters.destination || undefined, limit: 50, cursor: cursor ?? undefined })}`;
  const r = useResource<QuotePage>(path);
  if (r.status === 'error') return <FormStatus problem={r.problem} />;
  if (!r.data) return <Loading />;
  const items = [...pages, ...r.data.items];
  return (
    <section aria-labelledby="quotes">
      <h2 id="quotes">{t('remit.quotes')}</h2>
      {items.length === 0 ? (
        <p>{t('remit.noQuotes')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="remit-quotes">
            <thead>
              <tr>
                <th>{t('remit.quarter')}</th>
                <th>{t('remit.corridor')}</th>
                <th>{t('remit.firm')}</th>
                <th>{t('remit.cost200')}</th>
                <th>{t('remit.cost500')}</th>
                <th>{t('remit.margin')}</th>
                <th>{t('remit.speed')}</th>
                <th>{t('remit.smart')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((q) => (
                <tr key={q.id}>
                  <td>
                    <bdi>{quarterName(q.period, t)}</bdi>
                  </td>
                  <td>
                    {countryName(q.sourceCode, i18n.language)} {t('common.arrowForward')}{' '}
                    {countryName(q.destinationCode, i18n.language)}
                  </td>
                  <td>
                    <bdi>{q.firm}</bdi>
                    {q.product ? ` (${q.product})` : ''}
                  </td>
                  <td className="nums">{pct(q.usd200.totalCostPct, lng)}</td>
                  <td className="nums">{pct(q.usd500?.totalCostPct, lng)}</td>
                  <td className="nums">{pct(q.usd200.fxMarginPct, lng)}</td>
                  <td>{speedText(q.speed, t)}</td>
                  <td>{q.smartEligible ? t('remit.yes') : t('remit.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {r.data.next && (
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            setPages(items);
            setCursor(r.data?.next ?? null);
          }}
        >
          {t('remit.more')}
        </button>
      )}
    </section>
  );
}

/** The fields of the quote form, as paths of the API's body (`usd200.feeLcu` for `/usd200/feeLcu`). */
const QUOTE_FIELDS = [
  'period',
  'sourceCode',
  'destinationCode',
  'firm',
  'firmType',
  'product',
  'paymentInstrument',
  'accessPoint',
  'speed',
  'usd200.amountLcu',
  'usd200.feeLcu',
  'usd200.fxMarginPct',
] as const;
type QuoteField = (typeof QUOTE_FIELDS)[number];

/**
 * A number typed in the form, or null when it is none (a letter, "1.2.3"): the form says so at the field rather than
 * send NaN, which JSON turns into null.
 */
function numberOf(text: string): number | null {
  const v = text.trim().replace(',', '.');
  if (v === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * The issues of a problem the form shows under no field (a total the server computed, a block of the body), each
 * named by the form's label of what it is about, never by the API's path.
 */
function issuesBeside(problem: Problem | null, labels: Readonly<Record<string, string>>): FieldIssue[] {
  const shown: readonly string[] = QUOTE_FIELDS;
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const issue of problem?.errors ?? []) {
    const path = issue.location === 'body' ? pathOfPointer(issue.pointer) : '';
    if (shown.some((k) => path === k || path.startsWith(`${k}.`))) continue;
    const field = labels[path] ?? labels[path.split('.')[0] ?? ''];
    const key = JSON.stringify([field ?? '', issue.code, issue.message, issue.params ?? null]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ code: issue.code, message: issue.message, params: issue.params, field });
  }
  return out;
}

function QuoteForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const empty = {
    period: '',
    sourceCode: '',
    destinationCode: '',
    firm: '',
    firmType: '',
    product: '',
    paymentInstrument: '',
    accessPoint: '',
    speed: 'Next day',
    amountLcu: '',
    feeLcu: '',
    fxMarginPct: '',
  };
  const [f, setF] = useState(empty);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const set = (k: keyof typeof empty) => (v: string) => setF({ ...f, [k]: v });
  const { byKey } = issuesByPath(problem, QUOTE_FIELDS);
  const at = (field: QuoteField) => byKey[field];
  // What the form has no field of: the total cost the server computes, the USD 500 block.
  const labels: Record<string, string> = { usd200: t('remit.cost200'), usd500: t('remit.cost500') };
  const submit = async () => {
    setProblem(null);
    setNotice(null);
    const amounts = {
      amountLcu: numberOf(f.amountLcu),
      feeLcu: numberOf(f.feeLcu),
      fxMarginPct: numberOf(f.fxMarginPct),
    };
    const notNumbers = (Object.keys(amounts) as (keyof typeof amounts)[]).filter((k) => amounts[k] === null);
    if (notNumbers.length) {
      // (The server would read NaN as null: "expected number, received null".)
      setProblem({
        type: 'about:blank',
        title: 'The request is not valid',
        status: 400,
        code: 'validation_failed',
        errors: notNumbers.map((k) => ({
          location: 'body' as const,
          pointer: `/usd200/${k}`,
          code: 'invalid_type',
          message: 'must be a number',
          params: { expected: 'number' },
        })),
      });
      return;
    }
    try {
      await api('POST', '/api/remittances/quotes', {
        idempotencyKey: key,
        body: {
          period: f.period.trim(),
          sourceCode: f.sourceCode.trim().toUpperCase(),
          destinationCode: f.destinationCode.trim().toUpperCase(),
          firm: f.firm,
          firmType: f.firmType,
          product: f.product,
          paymentInstrument: f.paymentInstrument,
          accessPoint: f.accessPoint,
          speed: f.speed,
          usd200: amounts,
        },
      });
      setNotice(t('remit.saved'));
      setF(empty);
      setKey(newIdempotencyKey());
      onSaved();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <details className="panel">
      <summary>{t('remit.newQuote')}</summary>
      <form
        data-testid="remit-quote-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField
          label={t('remit.period')}
          name="period"
          value={f.period}
          onChange={set('period')}
          issues={at('period')}
          dir="ltr"
          required
        />
        <CountrySelect
          label={t('remit.source')}
          name="sourceCode"
          value={f.sourceCode}
          onChange={set('sourceCode')}
          emptyLabel={t('common.choose')}
          issues={at('sourceCode')}
          required
        />
        <CountrySelect
          label={t('remit.destination')}
          name="destinationCode"
          value={f.destinationCode}
          onChange={set('destinationCode')}
          emptyLabel={t('common.choose')}
          issues={at('destinationCode')}
          required
        />
        <TextField
          label={t('remit.firm')}
          name="firm"
          value={f.firm}
          onChange={set('firm')}
          issues={at('firm')}
          required
        />
        <TextField
          label={t('remit.firmType')}
          name="firmType"
          value={f.firmType}
          onChange={set('firmType')}
          issues={at('firmType')}
          required
        />
        <TextField
          label={t('remit.product')}
          name="product"
          value={f.product}
          onChange={set('product')}
          issues={at('product')}
        />
        <TextField
          label={t('remit.payment')}
          name="paymentInstrument"
          value={f.paymentInstrument}
          onChange={set('paymentInstrument')}
          issues={at('paymentInstrument')}
          required
        />
        <TextField
          label={t('remit.access')}
          name="accessPoint"
          value={f.accessPoint}
          onChange={set('accessPoint')}
          issues={at('accessPoint')}
          required
        />
        <SelectField
          label={t('remit.speed')}
          name="speed"
          value={f.speed}
          onChange={set('speed')}
          options={Object.keys(SPEED_KEYS).map((s) => ({ value: s, label: speedText(s, t) }))}
          issues={at('speed')}
        />
        <TextField
          label={t('remit.amountLcu')}
          name="amountLcu"
          value={f.amountLcu}
          onChange={set('amountLcu')}
          type="number"
          inputMode="decimal"
          step="any"
          min={0}
          issues={at('usd200.amountLcu')}
          required
        />
        <TextField
          label={t('remit.feeLcu')}
          name="feeLcu"
          value={f.feeLcu}
          onChange={set('feeLcu')}
          type="number"
          inputMode="decimal"
          step="any"
          min={0}
          issues={at('usd200.feeLcu')}
          required
        />
        <TextField
          label={t('remit.fxMargin')}
          name="fxMarginPct"
          value={f.fxMarginPct}
          onChange={set('fxMarginPct')}
          type="number"
          inputMode="decimal"
          step="any"
          min={-100}
          max={100}
          issues={at('usd200.fxMarginPct')}
          required
        />
        <FormStatus problem={problem} rest={issuesBeside(problem, labels)} />
        <Notice message={notice} />
        <button type="submit" className="button primary">
          {t('remit.save')}
        </button>
      </form>
    </details>
  );
}

function ImportForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  // Each problem in the page's language by its code, as the import page words its files' (imports/import-problems).
  const problemText = useImportProblemText();
  const [kind, setKind] = useState<'prices' | 'surveys'>('prices');
  const [file, setFile] = useState<File | null>(null);
  const [checkOnly, setCheckOnly] = useState(false);
  const [errors, setErrors] = useState<RowError[] | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const [exclusions, setExclusions] = useState<RemittanceImportReport['exclusions']>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const run = async () => {
    if (!file) return;
    setErrors(null);
    setReport(null);
    setProblem(null);
    setExclusions([]);
    try {
      const content = await readAsBase64(file);
      const url = kind === 'prices' ? '/api/remittances/imports' : '/api/recruitment-costs/imports';
      const r = await api<Record<string, number> & { exclusions?: RemittanceImportReport['exclusions'] }>('POST', url, {
        idempotencyKey: newIdempotencyKey(),
        body: { filename: file.name, content, validateOnly: checkOnly },
      });
      const d = r.data;
      if (checkOnly) setReport(t('remit.checked', { rows: d.rows }));
      else if (kind === 'prices')
        setReport(t('remit.imported', { rows: d.rows, created: d.created, updated: d.updated }));
      else setReport(t('remit.surveyImported', { rows: d.rows, created: d.created, skipped: d.skipped }));
      setExclusions(d.exclusions ?? []);
      onDone();
    } catch (err) {
      const p = problemOf(err);
      if (p.code === 'import_rejected') setErrors(rowErrorsOf(p));
      else setProblem(p);
    }
  };
  return (
    <details className="panel" data-testid="remit-import">
      <summary>{t('remit.importTitle')}</summary>
      <p className="hint">{t('remit.importIntro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <SelectField
          label={t('remit.importKind')}
          name="kind"
          value={kind}
          onChange={(v) => setKind(v as 'prices' | 'surveys')}
          options={[
            { value: 'prices', label: t('remit.kindPrices') },
            { value: 'surveys', label: t('remit.kindSurveys') },
          ]}
        />
        <div className="field">
          <label htmlFor="remit-file">{t('remit.file')}</label>
          <FilePicker
            file={file}
            id="remit-file"
            accept=".csv,.xlsx"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            required
          />
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={checkOnly} onChange={(e) => setCheckOnly(e.target.checked)} />{' '}
            {t('remit.checkOnly')}
          </label>
        </div>
        <button type="submit" className="button primary">
          {t('remit.importNow')}
        </button>
      </form>
      <FormStatus problem={problem} />
      <Notice message={report} />
      {errors && (
        <div className="problem" data-testid="remit-import-errors">
          <p>{t('remit.rejected')}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('remit.row')}</th>
                  <th>{t('remit.column')}</th>
                  <th>{t('remit.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {errors.map((e, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the list never reorders
                  <tr key={i}>
                    <td className="nums">{e.row || '–'}</td>
                    <td>{e.column ?? '–'}</td>
                    <RowProblem text={problemText(e)} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {exclusions.length > 0 && (
        <>
          <h3>{t('remit.exclusions')}</h3>
          <ul>
            {exclusions.map((e) => (
              <li key={`${e.quoteId}-${e.amount}`}>
                {t('remit.row')} {e.row ?? '–'}
                {t('common.colon')} {e.corridor}, {e.firm}, USD {e.amount} ({t(`remit.reason.${e.reason}`)})
              </li>
            ))}
          </ul>
        </>
      )}
    </details>
  );
}

function Sdg1071Summary({ filters }: { filters: Filters }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const r = useResource<Sdg1071>(
    `/api/recruitment-costs/sdg-1071${query({ origin: filters.source || undefined, destination: filters.destination || undefined })}`,
  );
  if (r.status === 'error') return <FormStatus problem={r.problem} />;
  if (!r.data) return <Loading />;
  return (
    <section aria-labelledby="sdg1071" data-testid="remit-sdg1071">
      <h2 id="sdg1071">{t('remit.sdg1071')}</h2>
      <p className="hint">{t('remit.sdg1071Intro')}</p>
      {r.data.corridors.length === 0 ? (
        <p>{t('remit.noSurveys')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('remit.origin')}</th>
                <th>{t('remit.destination')}</th>
                <th>{t('remit.year')}</th>
                <th>{t('remit.responses')}</th>
                <th>{t('remit.indicator')}</th>
                <th>{t('remit.median')}</th>
                <th>{t('remit.zeroCost')}</th>
              </tr>
            </thead>
            <tbody>
              {r.data.corridors.map((c) => (
                <tr key={`${c.origin}-${c.destination}-${c.year}`}>
                  <td>{countryName(c.origin, i18n.language)}</td>
                  <td>{countryName(c.destination, i18n.language)}</td>
                  <td>{c.year}</td>
                  <td className="nums">{c.responses}</td>
                  <td className="nums">{pct(c.indicatorPct, lng)}</td>
                  <td className="nums">{formatNumber(Math.round(c.medianRatio * 100) / 100, lng)}</td>
                  <td className="nums">{pct(c.shareWithoutCosts * 100, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Exports({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<Problem | null>(null);
  const lists = [
    ['quotes', t('remit.exportQuotes')],
    ['sdg10c1', 'SDG 10.c.1'],
    ['sdg1071', 'SDG 10.7.1'],
  ] as const;
  const go = async (list: string, format: 'csv' | 'xlsx') => {
    setProblem(
      await downloadExport(
        '/api/remittances/exports',
        {
          list,
          format,
          ...(filters.period ? { period: filters.period } : {}),
          ...(filters.source ? { source: filters.source } : {}),
          ...(filters.destination ? { destination: filters.destination } : {}),
        },
        `${list}.${format}`,
      ),
    );
  };
  return (
    <section aria-labelledby="remit-export">
      <h2 id="remit-export">{t('remit.export')}</h2>
      <ul className="inline-list">
        {lists.map(([list, label]) => (
          <li key={list}>
            {label}
            {t('common.colon')}{' '}
            <button type="button" className="button secondary" onClick={() => void go(list, 'csv')}>
              {t('remit.exportCsv')}
            </button>{' '}
            <button type="button" className="button secondary" onClick={() => void go(list, 'xlsx')}>
              {t('remit.exportXlsx')}
            </button>
          </li>
        ))}
      </ul>
      <FormStatus problem={problem} />
    </section>
  );
}

/** Remittance prices (SDG 10.c.1) and recruitment costs (SDG 10.7.1), for analysts, administrators and supervisors. */
export function RemittancesPage() {
  const { t } = useTranslation();
  const session = useSignedIn();
  const roles = session.user.roles;
  const writer = canUse(roles, 'remittancesWrite');
  const [filters, setFilters] = useState<Filters>({ period: '', source: '', destination: '' });
  const [generation, setGeneration] = useState(0);
  const refresh = () => setGeneration((g) => g + 1);
  return (
    <>
      <PageHeading title={t('remit.title')} testId="remit-title">
        {t('remit.title')}
      </PageHeading>
      <p>{t('remit.intro')}</p>
      <FilterForm value={filters} onApply={setFilters} />
      {writer && (
        <>
          <QuoteForm onSaved={refresh} />
          <ImportForm onDone={refresh} />
        </>
      )}
      <Sdg10c1Summary key={`s${generation}`} filters={filters} />
      {writer && <Sdg1071Summary key={`r${generation}`} filters={filters} />}
      <QuoteList key={`q${generation}-${filters.period}-${filters.source}-${filters.destination}`} filters={filters} />
      {writer && <Exports filters={filters} />}
    </>
  );
}
