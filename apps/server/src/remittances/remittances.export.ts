// Exports of remittance prices and of the two indicators, as CSV or XLSX: a header row, an HXL row (core hashtags
// and attributes only: #date, #country+code+origin/+dest, #org, #value+pct, #indicator...), then the rows. SDG 10.7.1
// is exported as the indicator per corridor, never as the workers' individual answers.
import type { TableFormat } from '@corridor/contracts';
import type { Trx } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import { hxlDate } from '../imports/hxl.ts';
import { type TableCell, writeTable } from '../imports/tabular.ts';
import { listQuotes, presentQuote, sdg10c1Report, sdg1071Report } from './remittances.service.ts';

const fmt = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n * 1e6) / 1e6);

export async function exportRemittances(
  trx: Trx,
  p: Principal,
  maxRows: number,
  now: Date,
  b: {
    list: 'quotes' | 'sdg10c1' | 'sdg1071';
    format: TableFormat;
    period?: string | undefined;
    source?: string | undefined;
    destination?: string | undefined;
  },
): Promise<{ data: Buffer; rows: number }> {
  let table: TableCell[][];
  if (b.list === 'quotes') {
    const { rows, next } = await listQuotes(trx, {
      period: b.period,
      source: b.source,
      destination: b.destination,
      limit: maxRows,
    });
    if (next !== null)
      throw new DomainError('export_too_large', 'More quotes match than an export may hold; narrow the filters.');
    table = [
      [
        'period',
        'source_code',
        'destination_code',
        'firm',
        'firm_type',
        'product',
        'payment instrument',
        'access point',
        'speed actual',
        'cc1 lcu amount',
        'cc1 lcu fee',
        'cc1 fx margin',
        'cc1 total cost %',
        'cc2 lcu amount',
        'cc2 lcu fee',
        'cc2 fx margin',
        'cc2 total cost %',
        'smart eligible',
        'quarter',
      ],
      [
        '#meta+period',
        '#country+code+origin',
        '#country+code+dest',
        '#org+name',
        '#org+type',
        '#service+name',
        '#channel+payment',
        '#channel+delivery',
        '#channel+speed',
        '#value+cc1+amount',
        '#value+cc1+fee',
        '#value+cc1+fx+pct',
        '#value+cc1+total+pct',
        '#value+cc2+amount',
        '#value+cc2+fee',
        '#value+cc2+fx+pct',
        '#value+cc2+total+pct',
        '#status+smart',
        '#date+quarter',
      ],
      ...rows.map((r) => {
        const q = presentQuote(r, p);
        return [
          q.period,
          q.sourceCode,
          q.destinationCode,
          q.firm,
          q.firmType,
          q.product,
          q.paymentInstrument,
          q.accessPoint,
          q.speed,
          fmt(q.usd200.amountLcu),
          fmt(q.usd200.feeLcu),
          fmt(q.usd200.fxMarginPct),
          fmt(q.usd200.totalCostPct),
          fmt(q.usd500?.amountLcu),
          fmt(q.usd500?.feeLcu),
          fmt(q.usd500?.fxMarginPct),
          fmt(q.usd500?.totalCostPct),
          q.smartEligible ? 'yes' : 'no',
          hxlDate(q.period),
        ];
      }),
    ];
  } else if (b.list === 'sdg10c1') {
    const r = await sdg10c1Report(trx, b, now);
    table = [
      [
        'period',
        'amount_usd',
        'source_code',
        'destination_code',
        'quotes',
        'excluded',
        'average_total_cost_pct',
        'smart_pct',
        'smart_services',
        'smart_above_5pct',
        'global_average_pct',
        'quarter',
      ],
      [
        '#meta+period',
        '#value+amount',
        '#country+code+origin',
        '#country+code+dest',
        '#meta+count',
        '#meta+count+excluded',
        '#indicator+value+pct+average',
        '#indicator+value+pct+smart',
        '#meta+count+smart',
        '#status+target',
        '#indicator+value+pct+global',
        '#date+quarter',
      ],
      ...r.periods.flatMap((per) =>
        per.bands.flatMap((band) =>
          band.corridors.map((c) => [
            per.period,
            band.amount,
            c.source,
            c.destination,
            c.quotes,
            c.excluded,
            fmt(c.average),
            fmt(c.smart),
            c.smartServices,
            c.smartAboveTarget === null ? '' : c.smartAboveTarget ? 'yes' : 'no',
            fmt(band.globalAverage),
            hxlDate(per.period),
          ]),
        ),
      ),
    ];
  } else {
    const r = await sdg1071Report(trx, p, { origin: b.source, destination: b.destination });
    table = [
      [
        'origin_code',
        'destination_code',
        'year',
        'responses',
        'indicator_pct_of_monthly_income',
        'mean_months',
        'median_months',
        'share_without_costs',
        'mean_costs_usd',
        'mean_earnings_usd',
      ],
      [
        '#country+code+origin',
        '#country+code+dest',
        '#date+year',
        '#meta+count',
        '#indicator+value+pct',
        '#indicator+value+mean',
        '#indicator+value+median',
        '#indicator+value+pct+zero',
        '#value+cost+usd',
        '#value+income+usd',
      ],
      ...r.corridors.map((c) => [
        c.origin,
        c.destination,
        c.year,
        c.responses,
        fmt(c.indicatorPct),
        fmt(c.meanRatio),
        fmt(c.medianRatio),
        fmt(c.shareWithoutCosts),
        fmt(c.meanCostsUsd),
        fmt(c.meanEarningsUsd),
      ]),
    ];
  }
  return { data: await writeTable(b.format, b.list, table), rows: table.length - 2 };
}
