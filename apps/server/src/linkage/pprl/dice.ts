// Dice coefficients between two sets of bit-array encodings, all pairs above a threshold, no blocking. Three
// kernels that give identical results: the WebAssembly one (i64.popcnt, unrolled; the one used), a JavaScript SWAR
// popcount on 32-bit words, and the straightforward per-byte table lookup that the benchmark compares against.
import { diceKernelModule, type KernelKind } from './dice-wasm.ts';

/** Encodings packed for matching: each filter in `words` 64-bit words (zero-padded), with its popcount. */
export type PackedFilters = {
  readonly count: number;
  readonly words: number;
  /** count * words * 8 bytes. */
  readonly data: Uint8Array;
  readonly popcounts: Uint32Array;
};

/** Candidate pairs (indices into left and right) with their common-bit count and Dice coefficient. */
export type Candidates = { left: Int32Array; right: Int32Array; common: Int32Array; score: Float64Array };

const BYTE_POPCOUNT = new Uint8Array(256).map((_, i) => {
  let n = 0;
  for (let v = i; v; v &= v - 1) n++;
  return n;
});

/** Packs encodings of `bits` bits each into 64-bit-aligned rows and counts their set bits. */
export function packFilters(filters: readonly Uint8Array[], bits: number): PackedFilters {
  // Rows are padded to 128 bits so that the SIMD kernel can read whole vectors; zeros change no Dice coefficient.
  const words = Math.max(2, 2 * Math.ceil(bits / 128));
  const stride = words * 8;
  const data = new Uint8Array(filters.length * stride);
  const popcounts = new Uint32Array(filters.length);
  filters.forEach((f, i) => {
    if (f.length !== Math.ceil(bits / 8)) throw new Error(`encoding ${i} has ${f.length * 8} bits, not ${bits}`);
    data.set(f, i * stride);
    let n = 0;
    for (const b of f) n += BYTE_POPCOUNT[b]!;
    popcounts[i] = n;
  });
  return { count: filters.length, words, data, popcounts };
}

/** The Dice coefficient 2|A∩B| / (|A|+|B|), 0 when both are empty. */
export const dice = (common: number, pa: number, pb: number): number => (pa + pb === 0 ? 0 : (2 * common) / (pa + pb));

class CandidateBuffer {
  private n = 0;
  private l = new Int32Array(1024);
  private r = new Int32Array(1024);
  private c = new Int32Array(1024);
  push(i: number, j: number, common: number) {
    if (this.n === this.l.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.l = grow(this.l);
      this.r = grow(this.r);
      this.c = grow(this.c);
    }
    this.l[this.n] = i;
    this.r[this.n] = j;
    this.c[this.n++] = common;
  }
  finish(a: PackedFilters, b: PackedFilters): Candidates {
    const score = new Float64Array(this.n);
    for (let k = 0; k < this.n; k++) score[k] = dice(this.c[k]!, a.popcounts[this.l[k]!]!, b.popcounts[this.r[k]!]!);
    return { left: this.l.slice(0, this.n), right: this.r.slice(0, this.n), common: this.c.slice(0, this.n), score };
  }
}

const passes = (common: number, pa: number, pb: number, t: number) => common > 0 && 2 * common >= t * (pa + pb);

/** Straightforward kernel: per-byte AND and a 256-entry popcount table, one thread. The benchmark's baseline. */
export function matchWithByteTable(a: PackedFilters, b: PackedFilters, threshold: number): Candidates {
  const out = new CandidateBuffer();
  const stride = a.words * 8;
  for (let i = 0; i < a.count; i++) {
    const ao = i * stride;
    for (let j = 0; j < b.count; j++) {
      const bo = j * stride;
      let c = 0;
      for (let k = 0; k < stride; k++) c += BYTE_POPCOUNT[a.data[ao + k]! & b.data[bo + k]!]!;
      if (passes(c, a.popcounts[i]!, b.popcounts[j]!, threshold)) out.push(i, j, c);
    }
  }
  return out.finish(a, b);
}

const swar = (v: number): number => {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
};

/** JavaScript kernel: 32-bit words and a SWAR popcount, one thread. */
export function matchWithSwar(a: PackedFilters, b: PackedFilters, threshold: number): Candidates {
  const out = new CandidateBuffer();
  const w32 = a.words * 2;
  const A = new Uint32Array(a.data.buffer, a.data.byteOffset, a.count * w32);
  const B = new Uint32Array(b.data.buffer, b.data.byteOffset, b.count * w32);
  for (let i = 0; i < a.count; i++) {
    const ao = i * w32;
    for (let j = 0; j < b.count; j++) {
      const bo = j * w32;
      let c = 0;
      for (let k = 0; k < w32; k++) c += swar(A[ao + k]! & B[bo + k]!);
      if (passes(c, a.popcounts[i]!, b.popcounts[j]!, threshold)) out.push(i, j, c);
    }
  }
  return out.finish(a, b);
}

const modules = new Map<string, WebAssembly.Module>();
/** The compiled WebAssembly kernel for a filter length and kind (compiled once each). */
export function diceModule(words: number, kind: KernelKind = 'i64'): WebAssembly.Module {
  const key = `${kind}:${words}`;
  let m = modules.get(key);
  if (!m) {
    m = new WebAssembly.Module(diceKernelModule(words, kind));
    modules.set(key, m);
  }
  return m;
}

/** WebAssembly kernel for left rows [from, to), one thread: calls `onPair(i, j, common)` for each pair above t. */
export function scanWithWasm(
  module: WebAssembly.Module,
  a: PackedFilters,
  b: PackedFilters,
  threshold: number,
  from: number,
  to: number,
  onPair: (i: number, j: number, common: number) => void,
): void {
  const stride = a.words * 8;
  const bBytes = b.count * stride;
  const aOff = 0;
  const bOff = stride;
  const bPcOff = bOff + bBytes;
  const outOff = bPcOff + b.count * 4;
  const need = outOff + b.count * 8;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(need / 65536) + 1 });
  const scan = new WebAssembly.Instance(module, { env: { memory } }).exports.scan as (...args: number[]) => number;
  const heap = new Uint8Array(memory.buffer);
  heap.set(b.data.subarray(0, bBytes), bOff);
  new Uint32Array(memory.buffer, bPcOff, b.count).set(b.popcounts);
  const out = new Int32Array(memory.buffer, outOff, b.count * 2);
  for (let i = from; i < to; i++) {
    heap.set(a.data.subarray(i * stride, (i + 1) * stride), aOff);
    const n = scan(aOff, a.popcounts[i]!, bOff, bPcOff, b.count, threshold, outOff);
    for (let k = 0; k < n; k++) onPair(i, out[2 * k]!, out[2 * k + 1]!);
  }
}

/** WebAssembly kernel, one thread. */
export function matchWithWasm(
  a: PackedFilters,
  b: PackedFilters,
  threshold: number,
  kind: KernelKind = 'i64',
): Candidates {
  const out = new CandidateBuffer();
  scanWithWasm(diceModule(a.words, kind), a, b, threshold, 0, a.count, (i, j, c) => out.push(i, j, c));
  return out.finish(a, b);
}

/** Merges candidate lists (from workers) into one, in left-row order as given. */
export function concatCandidates(parts: readonly Candidates[]): Candidates {
  const n = parts.reduce((s, p) => s + p.left.length, 0);
  const out: Candidates = {
    left: new Int32Array(n),
    right: new Int32Array(n),
    common: new Int32Array(n),
    score: new Float64Array(n),
  };
  let at = 0;
  for (const p of parts) {
    out.left.set(p.left, at);
    out.right.set(p.right, at);
    out.common.set(p.common, at);
    out.score.set(p.score, at);
    at += p.left.length;
  }
  return out;
}

export { CandidateBuffer };
