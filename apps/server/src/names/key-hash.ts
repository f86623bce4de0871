// Search keys as stored: a key (`v:muhammad`, `q:hassan.muhammad`, names/name-keys.ts) of one organisation becomes a
// 53-bit integer, so that the key table is one narrow B-tree of (key hash, person number) pairs instead of text keys
// and UUIDs (docs/search.md, "What is stored"). The organisation is part of what is hashed: the same name in two
// organisations gives two unrelated numbers, and a search reads only its own organisation's keys.
//
// The function is a storage format: changing it invalidates every stored key (migration 20261129T0090_search_keys
// holds a frozen copy; a test checks that they agree). Two different keys may, rarely, get the same number; search
// then reads a few more candidates, and scores each on its own names, so a collision never makes a wrong match.

/** Largest hash + 1: hashes are integers in [0, 2^53), exact as JavaScript numbers and as 64-bit integers. */
export const KEY_HASH_LIMIT = 2 ** 53;

/** Mixes one UTF-16 code unit into a 32-bit lane. */
const step = (h: number, c: number, mul: number, rot: number): number => {
  const x = Math.imul(h ^ c, mul);
  return (x << rot) | (x >>> (32 - rot));
};

/** The final avalanche of two lanes into a 53-bit integer. */
function finish(a0: number, b0: number, length: number): number {
  let a = a0 ^ length;
  let b = b0 ^ Math.imul(length, 0x9e3779b1);
  a = Math.imul(a ^ (b >>> 15), 0x2c1b3c6d);
  b = Math.imul(b ^ (a >>> 13), 0x297a2d39);
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  a ^= b >>> 11;
  b ^= a >>> 17;
  return (a >>> 11) * 2 ** 32 + (b >>> 0);
}

/** The lanes after the organisation and a separator: every key of the organisation continues from them. */
function seedOf(organisationId: string): [number, number] {
  let a = 0x6a09e667 | 0;
  let b = 0xbb67ae85 | 0;
  const s = `${organisationId.toLowerCase()}\u0000`;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = step(a, c, 0x9e3779b1, 5);
    b = step(b, c, 0x85ebca77, 7);
  }
  return [a, b];
}

/** A function giving the stored number of each key of one organisation. */
export function keyHasher(organisationId: string): (key: string) => number {
  const [a0, b0] = seedOf(organisationId);
  return (key: string) => {
    let a = a0;
    let b = b0;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = step(a, c, 0x9e3779b1, 5);
      b = step(b, c, 0x85ebca77, 7);
    }
    return finish(a, b, key.length);
  };
}

/** The stored number of one key of one organisation. */
export const keyHash = (organisationId: string, key: string): number => keyHasher(organisationId)(key);

/**
 * A person's key numbers packed for the `beneficiaries.name_key_hashes` column (8 bytes each, big-endian), so
 * that changing or erasing the person deletes exactly the key rows written for them, even after the key rules
 * changed in a later release.
 */
export function packKeyHashes(hashes: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(hashes.length * 8);
  hashes.forEach((h, i) => {
    out.writeUInt32BE(Math.floor(h / 2 ** 32), i * 8);
    out.writeUInt32BE(h % 2 ** 32, i * 8 + 4);
  });
  return out;
}

/** The key numbers of a `name_key_hashes` value (an empty list for null). */
export function unpackKeyHashes(packed: Uint8Array | null | undefined): number[] {
  if (!packed) return [];
  const b = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 8 <= b.length; i += 8) out.push(b.readUInt32BE(i) * 2 ** 32 + b.readUInt32BE(i + 4));
  return out;
}
