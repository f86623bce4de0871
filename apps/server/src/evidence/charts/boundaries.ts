// The administrative boundaries the product ships (apps/server/assets/geo, licences in its README): which country and
// admin level each file covers and how its features name their p-codes. Loaded and projected on first use only.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeTopology, type Polygon } from './topojson.ts';

/** One shipped boundary file. */
type BoundarySet = {
  id: string;
  /** ISO 3166-1 alpha-3 of the country. */
  country: string;
  level: 1 | 2;
  /** What every p-code of the set starts with (the country's p-code prefix). */
  prefix: string;
  file: string;
  object: string;
  pcodeOf(properties: Record<string, unknown>): string;
  nameOf(properties: Record<string, unknown>): string;
  attribution: string;
};

const BOUNDARY_SETS: readonly BoundarySet[] = [
  {
    id: 'BGD-adm1',
    country: 'BGD',
    level: 1,
    prefix: 'BD',
    file: 'bgd_adm1_cod_ab_2015.topojson',
    object: 'adm1_boundaries',
    // The file carries the division code without the country prefix; OCHA's p-code list writes BD10, BD20...
    pcodeOf: (p) => `BD${String(p.ADM1_PCODE ?? '')}`,
    nameOf: (p) => String(p.ADM1_EN ?? ''),
    attribution: 'Boundaries: OCHA COD-AB, Bangladesh, 2015 (CC BY-IGO)',
  },
];

/** An area ready to draw: its p-code, name and outline, projected to a unit square (y down). */
export type Area = { pcode: string; name: string; polygons: Polygon[] };
/** `height` is the drawing's height when its longer side is 1. */
export type Boundaries = { id: string; attribution: string; areas: Area[]; width: number; height: number };

const ASSETS = fileURLToPath(new URL('../../../assets/geo/', import.meta.url));
const cache = new Map<string, Boundaries>();

/** Drops points closer than `tolerance` to the last kept one (in projected units): the maps are small. */
function thin(ring: [number, number][], tolerance: number): [number, number][] {
  if (ring.length <= 4) return ring;
  const out: [number, number][] = [ring[0]!];
  for (let i = 1; i < ring.length - 1; i++) {
    const p = ring[i]!;
    const last = out[out.length - 1]!;
    if (Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) >= tolerance) out.push(p);
  }
  out.push(ring[ring.length - 1]!);
  return out.length >= 4 ? out : ring;
}

function load(set: BoundarySet): Boundaries {
  const hit = cache.get(set.id);
  if (hit) return hit;
  const features = decodeTopology(JSON.parse(fs.readFileSync(ASSETS + set.file, 'utf8')), set.object);
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const f of features)
    for (const poly of f.polygons)
      for (const ring of poly)
        for (const [x, y] of ring) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
  // Equirectangular with the longitude shrunk by cos(mid-latitude): true enough in shape for a country.
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const w = (maxX - minX) * k;
  const h = maxY - minY;
  const s = Math.max(w, h);
  const areas = features.map((f) => ({
    pcode: set.pcodeOf(f.properties),
    name: set.nameOf(f.properties),
    polygons: f.polygons.map((poly) =>
      poly.map((ring) =>
        thin(
          ring.map(([x, y]) => [((x - minX) * k) / s, (maxY - y) / s] as [number, number]),
          0.003,
        ),
      ),
    ),
  }));
  const b: Boundaries = { id: set.id, attribution: set.attribution, areas, width: w / s, height: h / s };
  cache.set(set.id, b);
  return b;
}

/** The boundaries for a set of p-codes: the shipped set holding most of them, or null when none is shipped. */
export function boundariesFor(pcodes: readonly string[]): Boundaries | null {
  const wanted = pcodes.filter((p) => p.length > 0);
  if (wanted.length === 0) return null;
  let best: { set: BoundarySet; hits: number } | null = null;
  for (const set of BOUNDARY_SETS) {
    // Cheap check on the prefix first, so that an unrelated country never loads a file.
    if (!wanted.some((p) => p.startsWith(set.prefix))) continue;
    const known = new Set(load(set).areas.map((a) => a.pcode));
    const hits = wanted.filter((p) => known.has(p)).length;
    if (hits > 0 && (!best || hits > best.hits)) best = { set, hits };
  }
  return best ? load(best.set) : null;
}

/** The countries and admin levels maps can be drawn for. */
export function shippedBoundaries(): { id: string; country: string; level: number }[] {
  return BOUNDARY_SETS.map((s) => ({ id: s.id, country: s.country, level: s.level }));
}
