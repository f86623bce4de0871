import type {
  EvidenceBreakdown,
  EvidenceExportFormat,
  EvidenceGrain,
  EvidenceIndicatorSummary,
  EvidenceMeasure,
  EvidenceTable,
} from '@corridor/contracts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { type FieldIssue, splitIssues } from '../api/problem.ts';
import { type ResourceHandle, useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { downloadExport } from '../grievances/download.ts';
import { formatDateTime, formatMoney, formatNumber } from '../i18n/format.ts';

type View = 'table' | 'series' | 'bars' | 'map';
/** The views of an indicator: a map needs places, which an indicator computed on demand has not. */
const viewsOf = (onDemand: boolean): readonly View[] =>
  onDemand ? ['table', 'series', 'bars'] : ['table', 'series', 'bars', 'map'];
type Choice = {
  indicator: string;
  by1: EvidenceBreakdown | '';
  by2: EvidenceBreakdown | '';
  grain: EvidenceGrain;
  from: string;
  to: string;
  pcode: string;
  view: View;
  scope: 'organisation' | 'platform';
  /** Exact counts (internal view, analysts and administrators, audited) instead of published ones. */
  exact: boolean;
};

const VIEWS: readonly View[] = ['table', 'series', 'bars', 'map'];
const GRAINS: readonly EvidenceGrain[] = ['year', 'quarter', 'month'];

/** The choice an address carries (`?indicator=…&by=sex,age_group&grain=…`), the defaults for what it lacks. */
function choiceOf(search: string): Choice {
  const q = new URLSearchParams(search);
  const grain = GRAINS.find((g) => g === q.get('grain')) ?? 'month';
  const range = rangeOf(grain);
  const [by1 = '', by2 = ''] = (q.get('by') ?? '').split(',').filter(Boolean) as EvidenceBreakdown[];
  return {
    indicator: q.get('indicator') || 'beneficiaries_assisted',
    by1,
    by2: by2 === by1 ? '' : by2,
    grain,
    from: q.get('from') || range.from,
    to: q.get('to') || range.to,
    pcode: q.get('pcode') ?? '',
    view: VIEWS.find((v) => v === q.get('view')) ?? 'table',
    scope: q.get('scope') === 'platform' ? 'platform' : 'organisation',
    exact: q.get('exact') === '1',
  };
}

/** The address of a choice (only what differs from the defaults of an empty address). */
function addressOf(c: Choice): string {
  const d = choiceOf('');
  const by = [c.by1, c.by2].filter(Boolean).join(',');
  return query({
    indicator: c.indicator !== d.indicator ? c.indicator : undefined,
    by: by || undefined,
    grain: c.grain !== d.grain ? c.grain : undefined,
    from: c.from !== rangeOf(c.grain).from ? c.from : undefined,
    to: c.to !== rangeOf(c.grain).to ? c.to : undefined,
    pcode: c.pcode || undefined,
    view: c.view !== 'table' ? c.view : undefined,
    scope: c.scope !== 'organisation' ? c.scope : undefined,
    exact: c.exact ? '1' : undefined,
  });
}

/** How often the page asks again while it is visible: the figures are always fresh on the server. */
const REFRESH_MS = 4000;
const EXPORT_FORMATS: { format: EvidenceExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'XLSX' },
  { format: 'hxl', label: 'HXL' },
  { format: 'sdmx', label: 'SDMX-CSV' },
];

/** The default range of a grain, ending now: five years, eight quarters or twelve months. */
function rangeOf(grain: EvidenceGrain, now = new Date()): { from: string; to: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  if (grain === 'year') return { from: String(y - 4), to: String(y) };
  if (grain === 'quarter') {
    const q = Math.ceil(m / 3);
    return { from: `${y - 1}-Q${q}`, to: `${y}-Q${q}` };
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: m === 12 ? `${y}-01` : `${y - 1}-${pad(m + 1)}`, to: `${y}-${pad(m)}` };
}

/** Re-renders every few seconds while the page is visible, and at once when the window gets focus back. */
function useTick(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const bump = () => {
      if (document.visibilityState === 'visible') setTick((n) => n + 1);
    };
    const timer = window.setInterval(bump, ms);
    window.addEventListener('focus', bump);
    document.addEventListener('visibilitychange', bump);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', bump);
      document.removeEventListener('visibilitychange', bump);
    };
  }, [ms]);
  return tick;
}

/**
 * The engine's own route's answer for the exact view (GET /api/evidence/indicators/:id/values?view=exact), asked with
 * the page's language so that its periods and values come by name.
 */
type ExactValues = Omit<EvidenceTable, 'indicator' | 'labels' | 'periodLabels' | 'chart' | 'computation' | 'measure'> &
  Partial<Pick<EvidenceTable, 'labels' | 'periodLabels'>>;

/** A value as the measure says: people and things as integers, dollars, hours, scores (0-1) and percentages. */
function formatMeasure(value: number, measure: EvidenceMeasure, lng: string): string {
  switch (measure) {
    case 'usd':
      return new Intl.NumberFormat(lng, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(value);
    case 'hours':
      return new Intl.NumberFormat(lng, { style: 'unit', unit: 'hour', maximumFractionDigits: 1 }).format(value);
    case 'score':
      return new Intl.NumberFormat(lng, { maximumFractionDigits: 2 }).format(value);
    case 'percent':
      return new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);
    default:
      return formatNumber(value, lng);
  }
}

/**
 * The table's rows with every period of the range: the aggregate cells hold no row for a period in which nothing was
 * counted, so such a period gets a row of 0 at its total (as the chart draws it). An indicator computed on demand
 * answers every period it can compute; a period missing there has no value, and no row.
 */
function rowsOf(table: EvidenceTable): EvidenceTable['cells'] {
  if (table.computation !== 'incremental') return table.cells;
  const byPeriod = new Map<string, EvidenceTable['cells']>();
  for (const c of table.cells) {
    const list = byPeriod.get(c.period);
    if (list) list.push(c);
    else byPeriod.set(c.period, [c]);
  }
  const atTotal = Object.fromEntries(table.by.map((d) => [d, '*']));
  const rows: EvidenceTable['cells'] = [];
  for (const period of table.periods) {
    rows.push(...(byPeriod.get(period) ?? [{ period, values: atTotal, value: 0, status: 'published' as const }]));
    byPeriod.delete(period);
  }
  for (const rest of byPeriod.values()) rows.push(...rest);
  return rows;
}

/**
 * The issues of a period field as the page shows them: a field left blank is not sent, so the server's issue about it
 * is that a value is missing (zod's "expected string", worded "wrong type"), which the page says as "required"; a
 * field with a value keeps the server's own issues (a malformed period is said at that field).
 */
function periodIssues(value: string, issues: FieldIssue[] | undefined): FieldIssue[] | undefined {
  if (!issues?.length || value.trim() !== '') return issues;
  return [{ code: 'required', message: 'This is required.' }];
}

/** What a table was asked with: the figures shown keep the labels of the question that produced them. */
type Question = { choice: Choice; path: string; title: string; measure: EvidenceMeasure };

function Results({
  question,
  resource: r,
}: {
  question: Question;
  resource: ResourceHandle<EvidenceTable | ExactValues>;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  // The last question that was answered: after a refused one (a period range the server does not accept), its
  // figures stay on the page under their own labels, never under the refused question's.
  const answered = useRef<Question | null>(null);
  const current = r.data !== null && r.dataPath === question.path;
  if (current) answered.current = question;
  const stale = !current && r.status === 'error' && r.data !== null && answered.current?.path === r.dataPath;
  if (!(current || stale) || !r.data || !answered.current) return r.status === 'error' ? null : <Loading />;
  const { choice, title, measure } = answered.current;
  const table: EvidenceTable =
    'computation' in r.data
      ? r.data
      : {
          ...r.data,
          indicator: { id: choice.indicator, title, unit: '' },
          computation: 'incremental',
          measure,
          labels: r.data.labels ?? {},
          periodLabels: r.data.periodLabels ?? {},
          chart: null,
        };
  const by = table.by;
  // The last period's total; a sum of money has one per currency (amounts of different currencies never add up).
  const money = table.measure === 'money';
  const totalsOf = (period: string | undefined) =>
    table.cells.filter(
      (c) =>
        c.period === period && by.every((d) => (money && d === 'currency' ? c.values[d] !== '*' : c.values[d] === '*')),
    );
  // Aggregate cells count 0 in a period without a cell (as the table shows it). An indicator computed on demand has no
  // value for a period it could not compute: the headline is its last period with one, and none when no period has.
  const last =
    table.computation === 'incremental'
      ? table.periods[table.periods.length - 1]
      : [...table.periods].reverse().find((p) => totalsOf(p).length > 0);
  const totals = totalsOf(last);
  const headline = table.computation === 'incremental' || totals.length > 0;
  // Only people, counts and amounts add up to a total; a percentage, a score or hours is a value of its period.
  const additive =
    !['percent', 'score', 'hours'].includes(table.measure) && !table.indicator.unit.startsWith('percent');
  const labelOf = (d: EvidenceBreakdown, v: string | undefined) =>
    v === '*' ? t('evid.allValues') : (table.labels[d]?.[v ?? ''] ?? v ?? '');
  // Periods by name as the server gave them (a code only where it gave none).
  const periodOf = (p: string | undefined) => (p === undefined ? '' : (table.periodLabels[p] ?? p));
  // A sum of money: what was left out, per currency (never one total over currencies).
  // A currency's amount made up of fewer records than the threshold is withheld (null).
  const excludedAmounts = Object.entries(table.excludedByCurrency ?? {})
    .filter(([, v]) => v === null || v > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, v]) =>
      v === null ? t('evid.excludedAmountWithheld', { currency }) : formatMoney(v, currency, lng),
    );
  // Money is shown in its cell's currency (the page always reads it by currency).
  const currencyOf = (c: { values: Record<string, string> }) =>
    c.values.currency && c.values.currency !== '*' ? c.values.currency : null;
  const shown = (v: number | null, c?: { values: Record<string, string> }) => {
    if (v === null) return t('evid.suppressed');
    const currency = money && c ? currencyOf(c) : null;
    return currency ? formatMoney(v, currency, lng) : formatMeasure(v, table.measure, lng);
  };
  const suppressed = table.suppressed.primary + table.suppressed.complementary;
  return (
    <section aria-live="polite" aria-busy={r.status === 'loading'} data-testid="evidence-results">
      {headline && (
        <p className="evidence-total">
          <span>{t(additive ? 'evid.total' : 'evid.valueFor', { period: periodOf(last) })} </span>
          <strong data-testid="evidence-total">
            {totals.length ? totals.map((c) => shown(c.value, c)).join('; ') : formatNumber(0, lng)}
          </strong>{' '}
          <span className="hint">{table.indicator.title}</span>
        </p>
      )}
      {stale && (
        <p className="hint" data-testid="evidence-previous">
          {t('evid.previousResults')}
        </p>
      )}
      <p className="hint">
        {table.computation === 'on_demand'
          ? t('evid.computedAt', { when: formatDateTime(table.asOf ?? '', lng) })
          : table.asOf
            ? t('evid.asOf', { when: formatDateTime(table.asOf, lng) })
            : t('evid.noData')}{' '}
        {suppressed > 0 && t('evid.suppressedNote', { count: suppressed, threshold: table.threshold })}{' '}
        {table.excluded !== null && table.excluded > 0 && t('evid.excluded', { count: table.excluded })}
        {table.excludedSuppressed && <span data-testid="evidence-excluded-few">{t('evid.excludedFew')}</span>}
        {excludedAmounts.length > 0 && (
          <span data-testid="evidence-excluded-amounts">
            {t('evid.excludedAmounts', { amounts: excludedAmounts.join(', ') })}
          </span>
        )}
      </p>
      {choice.exact && (
        <p className="notice" data-testid="evidence-exact-note">
          {t('evid.exactNote')}
        </p>
      )}
      {choice.view !== 'table' &&
        !choice.exact &&
        (table.chart ? (
          <div
            className="evidence-chart"
            data-testid="evidence-chart"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: SVG drawn by Corridor's server, every text escaped there (evidence/charts)
            dangerouslySetInnerHTML={{ __html: table.chart }}
          />
        ) : (
          <p className="hint">{choice.view === 'map' ? t('evid.noMap') : t('evid.noData')}</p>
        ))}
      <div className="table-wrap">
        <table data-testid="evidence-table">
          <thead>
            <tr>
              <th scope="col">{t('evid.period')}</th>
              {by.map((d) => (
                <th scope="col" key={d}>
                  {t(`evid.dimensions.${d}`)}
                </th>
              ))}
              <th scope="col">{t('evid.value')}</th>
            </tr>
          </thead>
          <tbody>
            {rowsOf(table).map((c) => (
              <tr key={`${c.period}|${by.map((d) => c.values[d]).join('|')}`}>
                <td>{periodOf(c.period)}</td>
                {by.map((d) => (
                  <td key={d}>
                    <bdi>{labelOf(d, c.values[d])}</bdi>
                  </td>
                ))}
                <td className={`nums${c.value === null ? ' suppressed' : ''}`}>{shown(c.value, c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The evidence dashboard: pick an indicator, up to two breakdowns, a period range and a place; see it live. */
export function EvidenceDashboardPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const session = useSignedIn();
  const roles = session.user.roles;
  const list = useResource<{ items: EvidenceIndicatorSummary[] }>(
    `/api/evidence/dashboard/indicators${query({ language: lng })}`,
  );
  // The choice lives in the address too, so that a reload, the browser's back button or a shared link shows the same
  // figures (read once when the page opens; kept in step below).
  const [choice, setChoice] = useState<Choice>(() => choiceOf(window.location.search));
  useEffect(() => {
    const next = `${window.location.pathname}${addressOf(choice)}`;
    if (next !== window.location.pathname + window.location.search) window.history.replaceState(null, '', next);
  }, [choice]);
  const [exportProblem, setExportProblem] = useState<string | null>(null);
  const indicator = list.data?.items.find((i) => i.id === choice.indicator) ?? list.data?.items[0];
  const dims = indicator?.dimensions ?? [];
  const onDemand = indicator?.computation === 'on_demand';
  // Exact counts exist for aggregate cells only; on-demand indicators are always shown published.
  const exact = choice.exact && indicator?.exact === true;
  const by = [choice.by1, choice.by2].filter((d): d is EvidenceBreakdown => d !== '' && dims.includes(d));
  const uniqueBy = [...new Set(by)];
  const byList = uniqueBy.join(',');
  const chart = choice.view === 'table' || (onDemand && choice.view === 'map') ? undefined : choice.view;
  const pcode = onDemand ? '' : choice.pcode.trim().toUpperCase();
  const path = useMemo(
    () =>
      !indicator
        ? null
        : exact
          ? `/api/evidence/indicators/${encodeURIComponent(indicator.id)}/values${query({
              grain: choice.grain,
              from: choice.from,
              to: choice.to,
              by: byList,
              pcode: pcode || undefined,
              scope: choice.scope,
              view: 'exact',
              language: lng,
            })}`
          : `/api/evidence/dashboard/table${query({
              indicator: indicator.id,
              grain: choice.grain,
              from: choice.from,
              to: choice.to,
              by: byList,
              pcodePrefix: pcode || undefined,
              scope: choice.scope,
              chart,
              language: lng,
            })}`,
    [indicator, choice, byList, chart, lng, exact, pcode],
  );
  const set = (patch: Partial<Choice>) => setChoice((c) => ({ ...c, ...patch }));
  const results = useResource<EvidenceTable | ExactValues>(path);
  const tick = useTick(REFRESH_MS);
  const { reload } = results;
  // `tick` is the refresh trigger: each one asks the server again.
  useEffect(() => {
    if (tick > 0) reload();
  }, [tick, reload]);
  // A question the server refused (a period that does not exist, a range that ends before it starts): each issue next
  // to its field, those of no field shown with the problem.
  const problem = results.status === 'error' && results.dataPath !== path ? results.problem : null;
  const { byField, rest } = splitIssues(problem, [
    'indicator',
    'grain',
    'from',
    'to',
    'pcode',
    'pcodePrefix',
    'chart',
    'view',
    'scope',
  ]);
  const pcodeIssues = [...(byField.pcode ?? []), ...(byField.pcodePrefix ?? [])];
  const viewIssues = [...(byField.chart ?? []), ...(byField.view ?? [])];
  const dimOptions = [
    { value: '', label: t('evid.none') },
    ...dims.map((d) => ({ value: d, label: t(`evid.dimensions.${d}`) })),
  ];
  // A sum of money is read per currency: with a first breakdown other than the currency, the second can only be the
  // currency (the server refuses two others).
  const money = indicator?.measure === 'money';
  const secondOptions = dimOptions.filter(
    (o) =>
      o.value === '' ||
      (o.value !== choice.by1 && (!money || choice.by1 === '' || choice.by1 === 'currency' || o.value === 'currency')),
  );

  const exportAs = async (format: EvidenceExportFormat) => {
    if (!indicator) return;
    setExportProblem(null);
    const problem = await downloadExport(
      '/api/evidence/exports',
      {
        indicator: indicator.id,
        grain: choice.grain,
        from: choice.from,
        to: choice.to,
        by: uniqueBy,
        ...(pcode ? { pcodePrefix: pcode } : {}),
        scope: choice.scope,
        format,
        // Column headers and labels in the interface language (codes and HXL/SDMX headers stay as they are).
        language: lng,
      },
      `${indicator.id}.${format === 'xlsx' ? 'xlsx' : 'csv'}`,
    );
    if (problem) setExportProblem(problem.detail ?? t('evid.exportFailed'));
  };

  return (
    <>
      <PageHeading title={t('evid.title')} testId="evidence-heading">
        {t('evid.title')}
      </PageHeading>
      <p>{t('evid.intro')}</p>
      {canUse(roles, 'evidencePublish') && (
        <p>
          <Link to="/evidence/report" data-testid="evidence-report-link">
            {t('evid.report')}
          </Link>
        </p>
      )}
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data ? (
        <Loading />
      ) : (
        <form
          className="form filters evidence-filters"
          data-testid="evidence-choice"
          onSubmit={(e) => e.preventDefault()}
        >
          <SelectField
            label={t('evid.indicator')}
            name="indicator"
            value={indicator?.id ?? ''}
            onChange={(v) => {
              // An indicator with a grain of its own (SDG 10.c.1 by quarter, 10.7.1 by year) starts on it.
              const next = list.data?.items.find((i) => i.id === v);
              set({
                indicator: v,
                ...(next?.grain ? { grain: next.grain, ...rangeOf(next.grain) } : {}),
                // A view the new indicator does not offer (a map of figures computed on demand) goes back to the table.
                ...(viewsOf(next?.computation === 'on_demand').includes(choice.view) ? {} : { view: 'table' }),
              });
            }}
            issues={byField.indicator}
            options={list.data.items.map((i) => ({
              value: i.id,
              label: i.computation === 'on_demand' ? t('evid.onDemandOption', { title: i.title }) : i.title,
            }))}
          />
          <SelectField
            label={t('evid.by1')}
            name="by1"
            value={choice.by1}
            onChange={(v) =>
              // A second breakdown on the same dimension would say nothing more: it goes back to none; so does one
              // that a sum of money cannot have beside the new first (the currency must be one of the two).
              set({
                by1: v as EvidenceBreakdown | '',
                ...((v !== '' && v === choice.by2) ||
                (money && v !== '' && v !== 'currency' && choice.by2 !== '' && choice.by2 !== 'currency')
                  ? { by2: '' }
                  : {}),
              })
            }
            options={dimOptions}
          />
          <SelectField
            label={t('evid.by2')}
            name="by2"
            value={choice.by2}
            onChange={(v) => set({ by2: v as EvidenceBreakdown | '' })}
            options={secondOptions}
          />
          <SelectField
            label={t('evid.grain')}
            name="grain"
            value={choice.grain}
            onChange={(v) => set({ grain: v as EvidenceGrain, ...rangeOf(v as EvidenceGrain) })}
            issues={byField.grain}
            options={(['year', 'quarter', 'month'] as const).map((g) => ({ value: g, label: t(`evid.grains.${g}`) }))}
          />
          <TextField
            label={t('evid.from')}
            name="from"
            value={choice.from}
            onChange={(v) => set({ from: v })}
            issues={periodIssues(choice.from, byField.from)}
          />
          <TextField
            label={t('evid.to')}
            name="to"
            value={choice.to}
            onChange={(v) => set({ to: v })}
            issues={periodIssues(choice.to, byField.to)}
          />
          {!onDemand && (
            <TextField
              label={t('evid.place')}
              name="pcode"
              value={choice.pcode}
              onChange={(v) => set({ pcode: v })}
              maxLength={20}
              issues={pcodeIssues}
            />
          )}
          <SelectField
            label={t('evid.view')}
            name="view"
            value={choice.view}
            onChange={(v) => set({ view: v as View })}
            issues={viewIssues}
            options={viewsOf(onDemand).map((v) => ({
              value: v,
              label: t(`evid.views.${v}`),
            }))}
          />
          {canUse(roles, 'evidenceExact') && !onDemand && (
            <div className="field evidence-exact-field">
              <label>
                <input
                  type="checkbox"
                  name="exact"
                  data-testid="evidence-exact"
                  checked={choice.exact}
                  onChange={(e) => set({ exact: e.target.checked })}
                />{' '}
                {t('evid.exact')}
              </label>
            </div>
          )}
          {roles.includes('platform_admin') && (
            <SelectField
              label={t('evid.scope')}
              name="scope"
              value={choice.scope}
              onChange={(v) => set({ scope: v as Choice['scope'] })}
              issues={byField.scope}
              options={(['organisation', 'platform'] as const).map((s) => ({ value: s, label: t(`evid.scopes.${s}`) }))}
            />
          )}
        </form>
      )}
      {onDemand && indicator && (
        <p className="hint" data-testid="evidence-on-demand-note">
          {t('evid.onDemandNote')}
          {indicator.required.length > 0 &&
            ` ${t('evid.alwaysBy', { dims: indicator.required.map((d) => t(`evid.dimensions.${d}`)).join(t('common.separator')) })}`}
        </p>
      )}
      {!onDemand && indicator && indicator.required.length > 0 && (
        <p className="hint" data-testid="evidence-always-by">
          {t('evid.alwaysBy', {
            dims: indicator.required.map((d) => t(`evid.dimensions.${d}`)).join(t('common.separator')),
          })}
        </p>
      )}
      {path && (
        <>
          <FormStatus problem={problem} rest={rest} />
          <Results
            question={{
              choice: { ...choice, exact },
              path,
              title: indicator?.title ?? '',
              measure: indicator?.measure ?? 'count',
            }}
            resource={results}
          />
        </>
      )}
      {canUse(roles, 'evidencePublish') && indicator && (
        <section aria-labelledby="evidence-export">
          <h2 id="evidence-export">{t('evid.export')}</h2>
          <div className="button-row">
            {EXPORT_FORMATS.map((f) => (
              <button
                key={f.format}
                type="button"
                className="button secondary"
                data-testid={`evidence-export-${f.format}`}
                onClick={() => void exportAs(f.format)}
              >
                {t('evid.exportAs', { format: f.label })}
              </button>
            ))}
          </div>
          {exportProblem && (
            <p role="alert" className="problem">
              {exportProblem}
            </p>
          )}
        </section>
      )}
    </>
  );
}
