// Cryptographic long-term keys (CLKs, Schnell, Bachteler and Reiher 2011): every field's tokens set bits in one
// Bloom filter per record. Bit positions come from keyed HMAC-SHA256 (an independent pseudo-random stream per
// token, per feature key), never from plain double hashing, whose linear structure Kroll and Steinmetzer's
// cryptanalysis exploits. Feature keys are derived with HKDF from the linkage project's secret, so the same name
// sets different bits in every project. Optional hardening: XOR folding (the filter's halves XORed together) and
// balancing (the filter concatenated with its complement, then permuted with a key), which give every encoding the
// same number of set bits and blur the bit frequencies that frequency and pattern-mining attacks read.
import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { encodedFeatures, type LinkageSchema } from './schema.ts';
import { bitsPerToken, FieldFormatError, featureTokens } from './tokens.ts';

/** The least secret length accepted (bytes): 128 bits. */
export const MIN_SECRET_BYTES = 16;

/** A record that cannot be encoded: each field that breaks the schema's format, with the rule it breaks. */
export class RecordFormatError extends Error {
  constructor(readonly problems: { field: string; message: string }[]) {
    super(problems.map((p) => `${p.field} ${p.message}`).join('; '));
  }
}

/** Encodes records into CLKs with one schema and one secret. */
export type ClkEncoder = {
  /** Length of every encoding, in bits (after folding; doubled when balanced). */
  readonly bits: number;
  /** Encodes one record (values by feature identifier; absent means empty). */
  encode(values: Readonly<Record<string, string | null | undefined>>): Uint8Array;
};

const fromBase64 = (s: string | undefined): Buffer => Buffer.from(s ?? '', 'base64');

/** Derives one key per purpose from the project secret (HKDF with the schema's salt and info). */
function deriveKey(schema: LinkageSchema, secret: Uint8Array, label: string): KeyObject {
  const { kdf } = schema.clkConfig;
  const info = Buffer.concat([fromBase64(kdf.info), Buffer.from([0]), Buffer.from(label, 'utf8')]);
  const hash = kdf.hash === 'SHA512' ? 'sha512' : 'sha256';
  return createSecretKey(Buffer.from(hkdfSync(hash, secret, fromBase64(kdf.salt), info, kdf.keySize)));
}

const setBit = (a: Uint8Array, i: number) => {
  a[i >>> 3]! |= 0x80 >>> (i & 7);
};
const getBit = (a: Uint8Array, i: number): number => (a[i >>> 3]! >>> (7 - (i & 7))) & 1;

/** A keyed pseudo-random permutation of 0..n-1 (Fisher-Yates driven by an HMAC counter stream). */
function keyedPermutation(key: KeyObject, n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  let block: Buffer = Buffer.alloc(0);
  let at = 32;
  let counter = 0;
  const counterBuf = Buffer.alloc(4);
  for (let i = n - 1; i > 0; i--) {
    if (at === 32) {
      counterBuf.writeUInt32BE(counter++);
      block = createHmac('sha256', key).update(counterBuf).digest();
      at = 0;
    }
    const j = block.readUInt32BE(at) % (i + 1);
    at += 4;
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** Builds the encoder of a schema with a secret (at least 16 bytes). */
export function createEncoder(schema: LinkageSchema, secret: Uint8Array): ClkEncoder {
  if (secret.length < MIN_SECRET_BYTES)
    throw new Error(`The linkage secret must be at least ${MIN_SECRET_BYTES} bytes long.`);
  const features = encodedFeatures(schema).map((f) => ({
    f,
    key: deriveKey(schema, secret, `feature:${f.identifier}`),
  }));
  const { l, xorFolds, balanced } = schema.clkConfig;
  const rawBits = l * 2 ** xorFolds;
  const bits = balanced ? 2 * l : l;
  const permutation = balanced ? keyedPermutation(deriveKey(schema, secret, 'balance'), 2 * l) : null;
  const counterBuf = Buffer.alloc(4);

  // Bit positions of a token depend only on (feature key, token, k): cached per encoder, since q-grams repeat a
  // great deal across records (the cache is dropped when it grows past a bound).
  const cache = new Map<string, Uint32Array>();
  const positions = (featureIndex: number, key: KeyObject, token: string, k: number): Uint32Array => {
    const id = `${featureIndex}\u0001${k}\u0001${token}`;
    let p = cache.get(id);
    if (p) return p;
    p = new Uint32Array(k);
    const tokenBytes = Buffer.from(token, 'utf8');
    for (let counter = 0, done = 0; done < k; counter++) {
      counterBuf.writeUInt32BE(counter);
      const h = createHmac('sha256', key).update(counterBuf).update(tokenBytes).digest();
      for (let w = 0; w < 32 && done < k; w += 4) p[done++] = h.readUInt32BE(w) % rawBits;
    }
    if (cache.size >= 200_000) cache.clear();
    cache.set(id, p);
    return p;
  };

  return {
    bits,
    encode(values) {
      let raw = new Uint8Array(Math.ceil(rawBits / 8));
      const problems: { field: string; message: string }[] = [];
      for (let fi = 0; fi < features.length; fi++) {
        const { f, key } = features[fi]!;
        let tokens: string[];
        try {
          tokens = featureTokens(f, values[f.identifier] ?? '');
        } catch (e) {
          if (!(e instanceof FieldFormatError)) throw e;
          problems.push({ field: f.identifier, message: e.message });
          continue;
        }
        const k = bitsPerToken(f, tokens.length);
        for (const t of tokens) for (const i of positions(fi, key, t, k)) setBit(raw, i);
      }
      if (problems.length) throw new RecordFormatError(problems);
      let len = rawBits;
      for (let fold = 0; fold < xorFolds; fold++) {
        const half = len / 2;
        const folded = new Uint8Array(Math.ceil(half / 8));
        for (let i = 0; i < half; i++) if (getBit(raw, i) ^ getBit(raw, i + half)) setBit(folded, i);
        raw = folded;
        len = half;
      }
      if (!permutation) return raw;
      const out = new Uint8Array(Math.ceil(bits / 8));
      for (let i = 0; i < 2 * l; i++) {
        const source = permutation[i]!;
        const bit = source < l ? getBit(raw, source) : 1 - getBit(raw, source - l);
        if (bit) setBit(out, i);
      }
      return out;
    },
  };
}
