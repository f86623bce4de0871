// The public comparison (docs/remittances.md): for a corridor and an amount, the services of the latest quarter
// ranked by what the receiver gets, and the corridor's trend. A corridor's data (two indexed queries) and the lists of
// countries that have prices are kept for a minute in memory: a cache of public facts, never a source of truth.
import type { PublicRemittanceComparison } from '@corridor/contracts';
import type { Db } from '../db/database.ts';
import { indicatorQuote } from './remittances.service.ts';
import { quarterOf } from './rpw-row.ts';
import { CORRIDOR_TARGET_PCT, computeSdg10c1, GLOBAL_TARGET_PCT, type QuoteInput, receivedFor } from './sdg10c1.ts';

type Corridors = { at: number; pairs: Map<string, Set<string>> };
const corridorCache = new WeakMap<object, Corridors>();
const CACHE_MS = 60_000;

/** Sending country -> receiving countries that have quotes or history; cached for a minute per database. */
export async function corridorsWithPrices(db: Db, nowMs: number): Promise<Map<string, Set<string>>> {
  const hit = corridorCache.get(db);
  if (hit && nowMs - hit.at < CACHE_MS) return hit.pairs;
  const pairs = new Map<string, Set<string>>();
  const add = (s: string, d: string) => {
    let set = pairs.get(s);
    if (!set) {
      set = new Set();
      pairs.set(s, set);
    }
    set.add(d);
  };
  for (const r of await db
    .selectFrom('remittance_quotes')
    .select(['source_code', 'destination_code'])
    .where('period', '<=', quarterOf(new Date(nowMs)))
    .distinct()
    .execute())
    add(r.source_code, r.destination_code);
  for (const r of await db
    .selectFrom('remittance_corridor_history')
    .select(['source_code', 'destination_code'])
    .distinct()
    .execute())
    add(r.source_code, r.destination_code);
  corridorCache.set(db, { at: nowMs, pairs });
  return pairs;
}

/** Forgets the cached corridor lists (after an import, so that a new corridor shows at once on this server). */
export const forgetCorridors = (db: object) => {
  corridorCache.delete(db);
  corridorData.delete(db);
};

type Offer = {
  firm: string;
  product: string;
  firmType: string;
  paymentInstrument: string;
  accessPoint: string;
  speed: string;
  bands: QuoteInput['bands'];
};
type CorridorData = { at: number; period: string | null; offers: Offer[]; trend: PublicRemittanceComparison['trend'] };

/**
 * A corridor's offers (latest quarter, excluded bands removed) and trend, kept a minute per database: prices change
 * quarterly, and the public page must answer at hundreds of requests a second. Writes on this server forget the
 * cache at once (forgetCorridors); other servers see them within the minute.
 */
const corridorData = new WeakMap<object, Map<string, CorridorData>>();
const MAX_CACHED_CORRIDORS = 5000;

async function loadCorridor(db: Db, from: string, to: string, nowMs: number): Promise<CorridorData> {
  let perDb = corridorData.get(db);
  if (!perDb) {
    perDb = new Map();
    corridorData.set(db, perDb);
  }
  const key = `${from}-${to}`;
  const hit = perDb.get(key);
  if (hit && nowMs - hit.at < CACHE_MS) return hit;
  const [quotes, history] = await Promise.all([
    db
      .selectFrom('remittance_quotes')
      .select([
        'id',
        'period',
        'source_code',
        'destination_code',
        'firm',
        'product',
        'firm_type',
        'payment_instrument',
        'access_point',
        'speed',
        'speed_days',
        'transparent',
        'accessible',
        'cc1_fx_margin',
        'cc1_total_cost',
        'cc2_fx_margin',
        'cc2_total_cost',
      ])
      .where('source_code', '=', from)
      .where('destination_code', '=', to)
      // A quote for a quarter still to come (stored before such quotes were refused) is never offered.
      .where('period', '<=', quarterOf(new Date(nowMs)))
      .execute(),
    db
      .selectFrom('remittance_corridor_history')
      .select(['period', 'avg_cost_200', 'avg_cost_500'])
      .where('source_code', '=', from)
      .where('destination_code', '=', to)
      .execute(),
  ]);
  const figures = computeSdg10c1(quotes.map(indicatorQuote));
  const trend = new Map<string, PublicRemittanceComparison['trend'][number]>();
  for (const h of history)
    trend.set(h.period, {
      period: h.period,
      average200: h.avg_cost_200 === null ? null : Number(h.avg_cost_200),
      average500: h.avg_cost_500 === null ? null : Number(h.avg_cost_500),
      smart200: null,
      source: 'history',
    });
  for (const p of figures) {
    const c200 = p.bands[0]!.corridors[0];
    const c500 = p.bands[1]!.corridors[0];
    if (!c200 && !c500) continue;
    trend.set(p.period, {
      period: p.period,
      average200: c200?.average ?? null,
      average500: c500?.average ?? null,
      smart200: c200?.smart ?? null,
      source: 'quotes',
    });
  }
  const latest = figures.at(-1);
  const excluded = new Set(latest?.bands.flatMap((b) => b.exclusions.map((e) => `${e.quoteId}:${e.amount}`)) ?? []);
  const offers = quotes
    .filter((q) => q.period === latest?.period)
    .map((q) => {
      const input = indicatorQuote(q);
      // A band left out of the figures (negative, implausible, outlier) is not offered to the public either.
      const bands = Object.fromEntries(
        Object.entries(input.bands).filter(([a]) => !excluded.has(`${q.id}:${a}`)),
      ) as QuoteInput['bands'];
      return {
        firm: q.firm,
        product: q.product,
        firmType: q.firm_type,
        paymentInstrument: q.payment_instrument,
        accessPoint: q.access_point,
        speed: q.speed,
        bands,
      };
    });
  const data: CorridorData = {
    at: nowMs,
    period: latest?.period ?? null,
    offers,
    trend: [...trend.values()].sort((a, b) => (a.period < b.period ? -1 : 1)),
  };
  if (perDb.size >= MAX_CACHED_CORRIDORS) perDb.clear();
  perDb.set(key, data);
  return data;
}

/** The comparison for a corridor and amount; no corridor given gives no providers and no trend. */
export async function compare(
  db: Db,
  from: string | null,
  to: string | null,
  amountUsd: number,
  nowMs = Date.now(),
): Promise<PublicRemittanceComparison> {
  const empty: PublicRemittanceComparison = {
    from,
    to,
    amountUsd,
    period: null,
    providers: [],
    trend: [],
    targets: { globalPct: GLOBAL_TARGET_PCT, corridorPct: CORRIDOR_TARGET_PCT },
  };
  if (!from || !to) return empty;
  const c = await loadCorridor(db, from, to, nowMs);
  const providers = c.offers
    .flatMap((o) => {
      const r = receivedFor(amountUsd, o.bands);
      if (!r) return [];
      const { bands: _b, ...rest } = o;
      return [
        {
          ...rest,
          feeUsd: r.feeUsd,
          fxMarginPct: r.fxMarginPct,
          totalCostUsd: r.totalCostUsd,
          totalCostPct: (r.totalCostUsd / amountUsd) * 100,
          receivedUsd: r.receivedUsd,
        },
      ];
    })
    .sort((a, b) => b.receivedUsd - a.receivedUsd || (a.firm < b.firm ? -1 : 1));
  return { ...empty, period: c.period, providers, trend: c.trend };
}
