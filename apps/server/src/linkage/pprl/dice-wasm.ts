// A WebAssembly kernel for Dice coefficients, emitted as bytes here (no toolchain needed): for one left filter held
// in registers, it scans every right filter, counts the common bits with i64.popcnt (one machine instruction on
// x86-64 with POPCNT and on ARMv8), and writes out (right index, common bits) wherever 2c >= t * (|a| + |b|).
// The body is unrolled for the filter length, so there is no inner loop over words. Layout of the binary format:
// https://webassembly.github.io/spec/core/binary/.

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(Buffer.from(s, 'utf8'))];

const I32 = 0x7f;
const I64 = 0x7e;
const F64 = 0x7c;
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  i32Store: 0x36,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Ne: 0x47,
  i32LtU: 0x49,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32And: 0x71,
  i32Shl: 0x74,
  i64Popcnt: 0x7b,
  i64Add: 0x7c,
  i64And: 0x83,
  f64Mul: 0xa2,
  i32WrapI64: 0xa7,
  f64ConvertI32U: 0xb8,
  void: 0x40,
} as const;
// SIMD instructions: the 0xfd prefix, then the opcode as LEB128.
const V128 = 0x7b;
const simd = {
  load: 0x00,
  i32x4ExtractLane: 0x1b,
  and: 0x4e,
  i8x16Popcnt: 0x62,
  i8x16Add: 0x6e,
  i16x8ExtaddPairwiseI8x16U: 0x7d,
  i32x4ExtaddPairwiseI16x8U: 0x7f,
} as const;

/** How the kernel counts bits: scalar i64.popcnt, or 128-bit SIMD (i8x16.popcnt, then a horizontal sum). */
export type KernelKind = 'i64' | 'simd';

/** The kernel module for filters of `words` 64-bit words. Export `scan(aPtr, pa, bOff, bPcOff, nB, t, outOff)`
 * returns how many (j, c) pairs of i32 it wrote at outOff. Memory is imported as env.memory. */
export function diceKernelModule(words: number, kind: KernelKind = 'i64'): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(words) || words < 1 || words > 1024) throw new Error('filter length out of range');
  if (kind === 'simd' && words % 2 !== 0) throw new Error('the SIMD kernel needs an even number of words');
  const lanes = kind === 'simd' ? words / 2 : words;
  // params: 0 aPtr, 1 pa, 2 bOff, 3 bPcOff, 4 nB, 5 t (f64), 6 outOff; locals: 7 j, 8 count, 9 bPtr, 10 c, 11.. a words
  const [aPtr, pa, bOff, bPcOff, nB, t, outOff, j, count, bPtr, c] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const aWord = (k: number) => 11 + k;
  // SIMD: the accumulator is the local after the left filter's vectors.
  const acc = 11 + (kind === 'simd' ? words / 2 : words);
  if (kind === 'simd' && words / 2 > 31) throw new Error('the SIMD kernel handles filters up to 3968 bits');
  const get = (i: number) => [op.localGet, ...uleb(i)];
  const set = (i: number) => [op.localSet, ...uleb(i)];
  const i32c = (n: number) => [op.i32Const, ...sleb(n)];
  const memarg = (align: number, offset: number) => [...uleb(align), ...uleb(offset)];

  const sx = (code: number, ...imm: number[]) => [0xfd, ...uleb(code), ...imm];
  const body: number[] = [];
  if (kind === 'simd')
    for (let k = 0; k < lanes; k++) body.push(...get(aPtr), ...sx(simd.load, ...memarg(4, 16 * k)), ...set(aWord(k)));
  else for (let k = 0; k < words; k++) body.push(...get(aPtr), op.i64Load, ...memarg(3, 8 * k), ...set(aWord(k)));
  body.push(...get(bOff), ...set(bPtr));
  body.push(op.block, op.void, ...get(nB), op.i32Eqz, op.brIf, 0);
  body.push(op.loop, op.void);
  if (kind === 'simd') {
    // Per-byte counts stay below 256: at most 8 bits per byte times lanes <= 31 vectors is checked below.
    for (let k = 0; k < lanes; k++) {
      body.push(...get(aWord(k)), ...get(bPtr), ...sx(simd.load, ...memarg(4, 16 * k)), ...sx(simd.and));
      body.push(...sx(simd.i8x16Popcnt));
      if (k > 0) body.push(...sx(simd.i8x16Add));
    }
    body.push(...sx(simd.i16x8ExtaddPairwiseI8x16U), ...sx(simd.i32x4ExtaddPairwiseI16x8U), ...set(acc));
    body.push(...get(acc), ...sx(simd.i32x4ExtractLane, 0));
    for (let lane = 1; lane < 4; lane++) body.push(...get(acc), ...sx(simd.i32x4ExtractLane, lane), op.i32Add);
    body.push(op.localTee, ...uleb(c));
  } else {
    for (let k = 0; k < words; k++) {
      body.push(...get(aWord(k)), ...get(bPtr), op.i64Load, ...memarg(3, 8 * k), op.i64And, op.i64Popcnt);
      if (k > 0) body.push(op.i64Add);
    }
    body.push(op.i32WrapI64, op.localTee, ...uleb(c));
  }
  // f64(2c) >= t * f64(pa + pb[j])
  body.push(...i32c(1), op.i32Shl, op.f64ConvertI32U);
  body.push(...get(t), ...get(pa), ...get(bPcOff), ...get(j), ...i32c(2), op.i32Shl, op.i32Add);
  body.push(op.i32Load, ...memarg(2, 0), op.i32Add, op.f64ConvertI32U, op.f64Mul, op.f64Ge);
  body.push(...get(c), ...i32c(0), op.i32Ne, op.i32And);
  body.push(op.if, op.void);
  for (const [value, offset] of [
    [j, 0],
    [c, 4],
  ] as const) {
    body.push(...get(outOff), ...get(count), ...i32c(3), op.i32Shl, op.i32Add, ...get(value));
    body.push(op.i32Store, ...memarg(2, offset));
  }
  body.push(...get(count), ...i32c(1), op.i32Add, ...set(count));
  body.push(op.end);
  body.push(...get(bPtr), ...i32c(8 * words), op.i32Add, ...set(bPtr));
  body.push(...get(j), ...i32c(1), op.i32Add, op.localTee, ...uleb(j), ...get(nB), op.i32LtU, op.brIf, 0);
  body.push(op.end, op.end);
  body.push(...get(count), op.end);

  const locals =
    kind === 'simd'
      ? vec([
          [...uleb(4), I32],
          [...uleb(lanes + 1), V128],
        ])
      : vec([
          [...uleb(4), I32],
          [...uleb(words), I64],
        ]);
  const funcBody = [...locals, ...body];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [F64], [I32]]), ...vec([[I32]])]])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([uleb(0)])),
    ...section(7, vec([[...name('scan'), 0x00, ...uleb(0)]])),
    ...section(10, vec([[...uleb(funcBody.length), ...funcBody]])),
  ];
  return Uint8Array.from(bytes);
}
