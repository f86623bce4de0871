// A lossy cache of comparison levels keyed by a pair of value indices: open addressing over typed arrays, no
// allocation per entry (a Map keyed by x * width + y spends more time hashing heap numbers than comparing).
// A full probe sequence overwrites its first slot; a miss only costs a recomputation.

const PROBES = 4;

export class LevelCache {
  private readonly xs: Int32Array;
  private readonly ys: Int32Array;
  private readonly levels: Int8Array;
  private readonly mask: number;

  /** `bits`: log2 of the number of slots. */
  constructor(bits = 20) {
    const size = 1 << bits;
    this.xs = new Int32Array(size).fill(-1);
    this.ys = new Int32Array(size);
    this.levels = new Int8Array(size);
    this.mask = size - 1;
  }

  private slot(x: number, y: number): number {
    return (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77)) & this.mask;
  }

  /** The cached level of (x, y), or -1. */
  get(x: number, y: number): number {
    let s = this.slot(x, y);
    for (let i = 0; i < PROBES; i++, s = (s + 1) & this.mask) {
      const sx = this.xs[s]!;
      if (sx === x && this.ys[s] === y) return this.levels[s]!;
      if (sx === -1) return -1;
    }
    return -1;
  }

  /** Remembers the level of (x, y). */
  set(x: number, y: number, level: number): void {
    const first = this.slot(x, y);
    let s = first;
    for (let i = 0; i < PROBES; i++, s = (s + 1) & this.mask) {
      if (this.xs[s] === -1 || (this.xs[s] === x && this.ys[s] === y)) break;
    }
    if (this.xs[s] !== -1 && !(this.xs[s] === x && this.ys[s] === y)) s = first;
    this.xs[s] = x;
    this.ys[s] = y;
    this.levels[s] = level;
  }
}
