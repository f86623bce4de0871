// The public register of recruiters, kept in this server's memory for the public look-up (docs/recruitment.md).
//
// Why: the look-up is a substring search ("part of the name, accents and case ignored"), which no ordinary index
// serves; scanning 10,000 rows with LIKE costs several milliseconds of database time per request, too much at
// hundreds of requests per second. The register's public columns are small (about 200 bytes a recruiter), so
// each server keeps a copy, sorted by name, and scans it in JavaScript (well under a millisecond).
//
// Freshness: before each look-up the server reads the register's generation (one row, recruiter_register_state);
// every change to a recruiter's public facts bumps it in the same transaction (bumpRegister), so as soon as a
// change is committed, on any server, the next look-up reloads the copy. No look-up answers from a copy older
// than the last committed change it can see.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export type RegisterEntry = {
  nameFolded: string;
  licenceFolded: string;
  name: string;
  licenceNumber: string;
  licensingAuthority: string;
  licenceCountry: string;
  licenceExpiresOn: string | null;
  certStatus: string;
  certNumber: string | null;
  /** Milliseconds since the epoch, or null. */
  certExpiresAt: number | null;
  certChangedAt: string | null;
  certReason: string | null;
  corridors: string;
  sectors: string;
};

/**
 * A copy of the register with two indexes: every folded name in one string (a single native indexOf scan finds
 * substrings, much faster than testing entries one by one), and the folded licence numbers sorted (a binary
 * search finds a prefix's range).
 */
type Copy = {
  stamp: string;
  /** Sorted by folded name, so index order is name order. */
  entries: RegisterEntry[];
  names: string;
  /** Where each entry's name starts in `names`. */
  starts: Int32Array;
  /** Entry indexes sorted by folded licence number. */
  byLicence: Int32Array;
  /** Entry indexes by exact folded name. */
  byName: Map<string, number[]>;
};

const copies = new WeakMap<object, { copy: Copy | null; loading: { stamp: string; done: Promise<Copy> } | null }>();

const isoOf = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();

async function load(db: Kysely<DB>, stamp: string): Promise<Copy> {
  const rows = await db
    .selectFrom('recruiters')
    .select([
      'name_folded',
      'licence_folded',
      'name',
      'licence_number',
      'licensing_authority',
      'licence_country',
      'licence_expires_on',
      'cert_status',
      'cert_number',
      'cert_expires_at',
      'cert_changed_at',
      'cert_reason',
      'corridors',
      'sectors',
    ])
    .orderBy('name_folded')
    .orderBy('id')
    .execute();
  const entries: RegisterEntry[] = rows.map((r) => ({
    nameFolded: r.name_folded,
    licenceFolded: r.licence_folded,
    name: r.name,
    licenceNumber: r.licence_number,
    licensingAuthority: r.licensing_authority,
    licenceCountry: r.licence_country.trim(),
    licenceExpiresOn: r.licence_expires_on,
    certStatus: r.cert_status,
    certNumber: r.cert_number,
    certExpiresAt: r.cert_expires_at === null ? null : Date.parse(isoOf(r.cert_expires_at)!),
    certChangedAt: isoOf(r.cert_changed_at),
    certReason: r.cert_reason,
    corridors: r.corridors,
    sectors: r.sectors,
  }));
  // Folded names hold only letters, digits and single spaces, so a newline separates them safely.
  const starts = new Int32Array(entries.length);
  let at = 0;
  for (let i = 0; i < entries.length; i++) {
    starts[i] = at;
    at += entries[i]!.nameFolded.length + 1;
  }
  const names = entries.map((e) => e.nameFolded).join('\n');
  const order = entries.map((_, i) => i).sort((a, b) => cmp(entries[a]!.licenceFolded, entries[b]!.licenceFolded));
  const byName = new Map<string, number[]>();
  for (let i = 0; i < entries.length; i++) {
    const key = entries[i]!.nameFolded;
    const list = byName.get(key);
    if (list) list.push(i);
    else byName.set(key, [i]);
  }
  return { stamp, entries, names, starts, byLicence: Int32Array.from(order), byName };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The entry whose name contains position `pos` of `names`. */
function entryAt(copy: Copy, pos: number): number {
  let lo = 0;
  let hi = copy.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (copy.starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Entries whose folded name contains `name` or whose folded licence starts with `licence` (each ignored when
 * shorter than 2): exact matches (licence, then name) first, then by name; at most `max`, and whether there were
 * more.
 */
export function searchRegister(
  copy: Copy,
  name: string,
  licence: string,
  max: number,
): { entries: RegisterEntry[]; truncated: boolean } {
  const exact = new Set<number>();
  const others = new Set<number>();
  if (licence.length >= 2) {
    // lower bound of the prefix in the sorted licences
    let lo = 0;
    let hi = copy.byLicence.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (copy.entries[copy.byLicence[mid]!]!.licenceFolded < licence) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < copy.byLicence.length && others.size <= max; k++) {
      const i = copy.byLicence[k]!;
      const lic = copy.entries[i]!.licenceFolded;
      if (!lic.startsWith(licence)) break;
      if (lic === licence) exact.add(i);
      else others.add(i);
    }
  }
  const byName: number[] = [];
  if (name.length >= 2) {
    let from = 0;
    while (byName.length <= max) {
      const pos = copy.names.indexOf(name, from);
      if (pos < 0) break;
      const i = entryAt(copy, pos);
      byName.push(i);
      from = copy.starts[i]! + copy.entries[i]!.nameFolded.length + 1;
    }
  }
  const exactName = (name.length >= 2 ? (copy.byName.get(name) ?? []) : []).filter((i) => !exact.has(i));
  for (const i of byName) others.add(i);
  for (const i of exactName) others.delete(i);
  for (const i of exact) others.delete(i);
  const ordered = [...exact, ...exactName, ...[...others].sort((a, b) => a - b)];
  return { entries: ordered.slice(0, max).map((i) => copy.entries[i]!), truncated: ordered.length > max };
}

/** The current public register: this server's copy, reloaded when the table changed since it was taken. */
export async function publicRegister(db: Kysely<DB>): Promise<Copy> {
  let slot = copies.get(db);
  if (!slot) {
    slot = { copy: null, loading: null };
    copies.set(db, slot);
  }
  const head = await db
    .selectFrom('recruiter_register_state')
    .select('generation')
    .where('id', '=', 1)
    .executeTakeFirst();
  const stamp = String(head?.generation ?? 0).padStart(12, '0');
  if (slot.copy && slot.copy.stamp === stamp) return slot.copy;
  // One reload per state of the table; concurrent look-ups that saw the same state wait for it.
  let loading = slot.loading;
  if (!loading || loading.stamp !== stamp) {
    const s = slot;
    const mine: { stamp: string; done: Promise<Copy> } = {
      stamp,
      done: load(db, stamp).finally(() => {
        if (s.loading === mine) s.loading = null;
      }),
    };
    s.loading = mine;
    loading = mine;
  }
  const copy = await loading.done;
  // Keep the newest copy only (a slower, older reload never replaces a newer one).
  if (!slot.copy || slot.copy.stamp <= copy.stamp) slot.copy = copy;
  return copy;
}

/** Marks the register as changed; call in the transaction of every change to a recruiter's public facts. */
export async function bumpRegister(trx: Kysely<DB>): Promise<void> {
  await trx
    .updateTable('recruiter_register_state')
    .set((eb) => ({ generation: eb('generation', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}
