// All-pairs matching of two sets of encodings on every core (worker_threads, each running the WebAssembly kernel on
// a share of the left rows, with the right side in cache-sized tiles), and the greedy one-to-one solver that turns
// candidate pairs into links. The matcher sees bit arrays only: no names, no identifiers beyond row indices.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  CandidateBuffer,
  type Candidates,
  concatCandidates,
  dice,
  diceModule,
  type PackedFilters,
  scanWithWasm,
} from './dice.ts';

// Plain JavaScript run in each worker (eval'd, so it needs no TypeScript loader). It mirrors scanWithWasm, over a
// tile of the right side at a time so that the tile stays in the core's cache.
const WORKER_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const stride = w.words * 8;
const nB = w.bCount;
const bOff = stride;
const bPcOff = bOff + nB * stride;
const outOff = bPcOff + nB * 4;
const need = outOff + nB * 8;
const memory = new WebAssembly.Memory({ initial: Math.ceil(need / 65536) + 1 });
const scan = new WebAssembly.Instance(w.module, { env: { memory } }).exports.scan;
const heap = new Uint8Array(memory.buffer);
heap.set(w.bData, bOff);
new Uint32Array(memory.buffer, bPcOff, nB).set(w.bPop);
const out = new Int32Array(memory.buffer, outOff, nB * 2);
let L = new Int32Array(4096), R = new Int32Array(4096), C = new Int32Array(4096), n = 0;
const grow = (a) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
const tile = Math.max(64, Math.floor(w.tileBytes / stride));
for (let t0 = 0; t0 < nB; t0 += tile) {
  const tn = Math.min(tile, nB - t0);
  for (let i = 0; i < w.aCount; i++) {
    heap.set(w.aData.subarray(i * stride, (i + 1) * stride), 0);
    const k = scan(0, w.aPop[i], bOff + t0 * stride, bPcOff + t0 * 4, tn, w.threshold, outOff);
    for (let p = 0; p < k; p++) {
      if (n === L.length) { L = grow(L); R = grow(R); C = grow(C); }
      L[n] = w.from + i; R[n] = t0 + out[2 * p]; C[n] = out[2 * p + 1]; n++;
    }
  }
}
const l = L.slice(0, n), r = R.slice(0, n), c = C.slice(0, n);
parentPort.postMessage({ left: l, right: r, common: c }, [l.buffer, r.buffer, c.buffer]);
`;

/** Options of the all-pairs matcher. */
export type MatchOptions = {
  /** Worker threads; default: every available core. 0 runs in the calling thread. */
  threads?: number;
  /** Right-side tile size in bytes (default 256 KiB, about a core's L2 share). */
  tileBytes?: number;
};

/** Every pair (left i, right j) with Dice(i, j) >= threshold, computed on all cores. */
export async function matchAllPairs(
  a: PackedFilters,
  b: PackedFilters,
  threshold: number,
  options: MatchOptions = {},
): Promise<Candidates> {
  if (a.words !== b.words) throw new Error('the two sides were encoded with different lengths');
  if (!(threshold > 0 && threshold <= 1)) throw new Error('the Dice threshold must be in (0, 1]');
  const threads = Math.min(options.threads ?? availableParallelism(), Math.max(1, a.count));
  const module = diceModule(a.words);
  if (threads === 0 || a.count * b.count < 2_000_000 || options.threads === 0) {
    const out = new CandidateBuffer();
    scanWithWasm(module, a, b, threshold, 0, a.count, (i, j, c) => out.push(i, j, c));
    return out.finish(a, b);
  }
  const stride = a.words * 8;
  const per = Math.ceil(a.count / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, w) => {
      const from = w * per;
      const to = Math.min(a.count, from + per);
      return new Promise<Candidates>((resolve, reject) => {
        if (from >= to) {
          resolve({
            left: new Int32Array(0),
            right: new Int32Array(0),
            common: new Int32Array(0),
            score: new Float64Array(0),
          });
          return;
        }
        const worker = new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: {
            module,
            words: a.words,
            threshold,
            from,
            aCount: to - from,
            aData: a.data.subarray(from * stride, to * stride),
            aPop: a.popcounts.subarray(from, to),
            bCount: b.count,
            bData: b.data,
            bPop: b.popcounts,
            tileBytes: options.tileBytes ?? 256 * 1024,
          },
        });
        worker.once('message', (m: { left: Int32Array; right: Int32Array; common: Int32Array }) => {
          const score = new Float64Array(m.left.length);
          for (let k = 0; k < score.length; k++)
            score[k] = dice(m.common[k]!, a.popcounts[m.left[k]!]!, b.popcounts[m.right[k]!]!);
          resolve({ ...m, score });
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`a matching worker stopped with code ${code}`));
        });
      });
    }),
  );
  return concatCandidates(parts);
}

/** A one-to-one link: left and right row indices and their Dice coefficient. */
export type Link = { left: number; right: number; score: number };

/** Greedy one-to-one assignment: pairs by descending score (ties by left, then right index), each row used once. */
export function greedyOneToOne(c: Candidates): Link[] {
  const order = Array.from({ length: c.left.length }, (_, k) => k);
  order.sort((x, y) => c.score[y]! - c.score[x]! || c.left[x]! - c.left[y]! || c.right[x]! - c.right[y]!);
  const usedLeft = new Set<number>();
  const usedRight = new Set<number>();
  const links: Link[] = [];
  for (const k of order) {
    const l = c.left[k]!;
    const r = c.right[k]!;
    if (usedLeft.has(l) || usedRight.has(r)) continue;
    usedLeft.add(l);
    usedRight.add(r);
    links.push({ left: l, right: r, score: c.score[k]! });
  }
  return links;
}
