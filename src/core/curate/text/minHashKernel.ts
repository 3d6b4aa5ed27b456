import { wasmModule } from '../../wasm/wasmModule';
import { mix32 } from './mix32';

/**
 * The MinHash text dedup's per-text work on UTF-8 bytes: word scan and
 * hashing, shingle hashes, the one-permutation sketch, band keys, and the
 * exact distinct-shingle counts of the verification. Two implementations
 * with the same functions, arguments, memory layout and bit-identical
 * results: the WebAssembly SIMD module compiled from minHashKernel.wat by the
 * build, and a portable JavaScript twin used where WebAssembly SIMD is
 * unavailable (and by the tests, which compare the two).
 *
 * Arguments are byte offsets into {@link MinHashKernel.bytes}, past its first
 * {@link KERNEL_CONSTANTS} bytes; i32 arrays are 4-byte aligned. `scan`
 * writes 32 bytes of spaces after the text (room for them is the caller's).
 * minHashKernel.wat documents each function.
 */
export interface MinHashKernel {
  readonly name: 'wasm-simd' | 'portable';
  /** The memory, as bytes; a new view after {@link grow}. */
  readonly bytes: Uint8Array;
  /** The same memory as i32 values (index = byte offset / 4). */
  readonly ints: Int32Array;
  /** The same memory as a Buffer, for `write` (UTF-8 straight from a JS string). */
  readonly buffer: Buffer;
  /** Grows the memory to at least `size` bytes, keeping its contents. */
  grow(size: number): void;
  scan(input: number, n: number, starts: number, ends: number, hashes: number, seed: number, size: number, shingles: number): number;
  sign(shingles: number, m: number, shift: number, work: number, signature: number, seed: number, bands: number, rows: number, keys: number): void;
  table(input: number, starts: number, ends: number, shingles: number, m: number, width: number, table: number, mask: number, slotOf: number): number;
  compare(
    inputA: number, startsA: number, endsA: number, shinglesA: number, mA: number,
    table: number, mask: number, slotOf: number, marks: number, stamp: number,
    inputB: number, startsB: number, endsB: number, shinglesB: number, mB: number,
    width: number, touched: number, out: number,
  ): number;
}

/** Bytes at the start of the kernel's memory that hold its constants: the caller's data goes after. */
export const KERNEL_CONSTANTS = 256;

/** A kernel with at least `size` bytes of memory: WebAssembly SIMD when available, unless `portable`. */
export function minHashKernel(size: number, options: { portable?: boolean } = {}): MinHashKernel {
  const module = options.portable ? undefined : minHashModule();
  return module ? new WasmKernel(module, size) : new PortableKernel(size);
}

/** The compiled MinHash kernel, or undefined without WebAssembly SIMD (the portable twin serves); a missing build throws. */
const minHashModule = wasmModule('minHashKernel.wat', () => (require('./generated/minHashKernelWasm') as typeof import('./generated/minHashKernelWasm')).WASM_BASE64);

const PAGE = 65536;

type Exports = Pick<MinHashKernel, 'scan' | 'sign' | 'table' | 'compare'>;

class WasmKernel implements MinHashKernel {
  readonly name = 'wasm-simd';
  bytes!: Uint8Array;
  ints!: Int32Array;
  buffer!: Buffer;
  readonly scan: Exports['scan'];
  readonly sign: Exports['sign'];
  readonly table: Exports['table'];
  readonly compare: Exports['compare'];
  private readonly memory: WebAssembly.Memory;

  constructor(module: WebAssembly.Module, size: number) {
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(size / PAGE) });
    const exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as Exports;
    ({ scan: this.scan, sign: this.sign, table: this.table, compare: this.compare } = exports);
    this.views();
  }

  grow(size: number): void {
    const have = this.memory.buffer.byteLength;
    if (size <= have) return;
    this.memory.grow(Math.ceil((Math.max(size, 2 * have) - have) / PAGE));
    this.views();
  }

  private views(): void {
    const buffer = this.memory.buffer;
    this.bytes = new Uint8Array(buffer);
    this.ints = new Int32Array(buffer);
    this.buffer = Buffer.from(buffer);
  }
}

/** Little-endian 32-bit value at a byte offset (unaligned), as the WebAssembly `i32.load`. */
function load32(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
}

/** Mask of the low `r` bytes, r in 1..3. */
const tailMask = (r: number) => (1 << (r << 3)) - 1;

/** The low `r` bytes of a little-endian word: none for r ≤ 0, all for r ≥ 4. */
const lowBytes = (r: number) => (r <= 0 ? 0 : r >= 4 ? -1 : tailMask(r));

const step = (h: number, c: number) => rotl15(Math.imul(h ^ c, 0xcc9e2d51));

/** The kernel's word hash (minHashKernel.wat, $wordHash): three masked 4-byte chunks, then one step per further 4 bytes. */
function wordHash(bytes: Uint8Array, q: number, length: number, seed: number): number {
  let h = (seed + length) | 0;
  h = step(h, load32(bytes, q) & lowBytes(length));
  h = step(h, load32(bytes, q + 4) & lowBytes(length - 4));
  h = step(h, load32(bytes, q + 8) & lowBytes(length - 8));
  for (let r = length - 12, at = q + 12; r > 0; r -= 4, at += 4) h = step(h, load32(bytes, at) & lowBytes(r));
  return h;
}

class PortableKernel implements MinHashKernel {
  readonly name = 'portable';
  bytes: Uint8Array;
  ints: Int32Array;
  buffer: Buffer;

  constructor(size: number) {
    this.bytes = new Uint8Array(Math.ceil(size / PAGE) * PAGE);
    this.ints = new Int32Array(this.bytes.buffer);
    this.buffer = Buffer.from(this.bytes.buffer);
  }

  grow(size: number): void {
    const have = this.bytes.length;
    if (size <= have) return;
    const bytes = new Uint8Array(Math.ceil(Math.max(size, 2 * have) / PAGE) * PAGE);
    bytes.set(this.bytes);
    this.bytes = bytes;
    this.ints = new Int32Array(bytes.buffer);
    this.buffer = Buffer.from(bytes.buffer);
  }

  scan(input: number, n: number, starts: number, ends: number, hashes: number, seed: number, size: number, shingles: number): number {
    const count = this.words(input, n, starts, ends, hashes, seed);
    if (count > 0) this.shingles(hashes, count, Math.min(size, count), shingles);
    return count;
  }

  sign(shingles: number, m: number, shift: number, work: number, signature: number, seed: number, bands: number, rows: number, keys: number): void {
    this.sketch(shingles, m, shift, work, signature, bands * rows, seed);
    this.bandKeys(signature, bands, rows, keys);
  }

  private words(input: number, n: number, starts: number, ends: number, hashes: number, seed: number): number {
    const { bytes, ints } = this;
    bytes.fill(32, input + n, input + n + 32);
    let count = 0;
    let inWord = false;
    // Byte n is a space, so the last word ends.
    for (let p = 0; p <= n; p++) {
      const c = bytes[input + p];
      if (c === 32 || (c - 9) >>> 0 < 5) {
        if (inWord) {
          ints[(ends >> 2) + count++] = p;
          inWord = false;
        }
        continue;
      }
      if ((c - 65) >>> 0 < 26) bytes[input + p] = c | 32;
      if (!inWord) {
        ints[(starts >> 2) + count] = p;
        inWord = true;
      }
    }
    for (let k = 0; k < count; k++) {
      const start = ints[(starts >> 2) + k];
      ints[(hashes >> 2) + k] = wordHash(bytes, input + start, ints[(ends >> 2) + k] - start, seed);
    }
    return count;
  }

  private shingles(hashes: number, count: number, width: number, out: number): number {
    const ints = this.ints;
    const m = count - width + 1;
    for (let i = 0; i < m; i++) {
      let s = width;
      for (let j = 0; j < width; j++) s = Math.imul(((s << 5) | (s >>> 27)) ^ ints[(hashes >> 2) + i + j], 0x9e3779b1);
      ints[(out >> 2) + i] = mix32(s);
    }
    return m;
  }

  private sketch(shingles: number, m: number, shift: number, work: number, signature: number, used: number, seed: number): void {
    const ints = this.ints;
    const w = work >> 2;
    const bins = 2 ** (32 - shift);
    ints.fill(-1, w, w + bins);
    for (let i = 0; i < m; i++) {
      const h = ints[(shingles >> 2) + i];
      const at = w + (h >>> shift);
      const v = h >>> 1;
      const current = ints[at];
      if (current === -1 || v < current) ints[at] = v;
    }
    for (let b = 0; b < used; b++) {
      let v = ints[w + b];
      for (let a = 1; v === -1 && a <= 4096; a++) v = ints[w + (mix32(seed ^ ((b << 16) + a)) >>> shift)];
      for (let j = b; v === -1; ) {
        j = j + 1 >= bins ? 0 : j + 1;
        v = ints[w + j];
      }
      ints[(signature >> 2) + b] = v;
    }
  }

  private bandKeys(signature: number, bands: number, rows: number, keys: number): void {
    const ints = this.ints;
    for (let b = 0; b < bands; b++) {
      let h = b;
      for (let r = b * rows, end = r + rows; r < end; r++) h = Math.imul(h ^ ints[(signature >> 2) + r], 0x9e3779b1) ^ (h >>> 15);
      ints[(keys >> 2) + b] = mix32(h);
    }
  }

  table(input: number, starts: number, ends: number, shingles: number, m: number, width: number, table: number, mask: number, slotOf: number): number {
    const ints = this.ints;
    const t = table >> 2;
    ints.fill(0, t, t + mask + 1);
    let distinct = 0;
    for (let i = 0; i < m; i++) {
      const h = ints[(shingles >> 2) + i];
      let slot = h & mask;
      for (; ; slot = (slot + 1) & mask) {
        const e = ints[t + slot];
        if (e === 0) {
          ints[t + slot] = i + 1;
          distinct++;
          break;
        }
        if (ints[(shingles >> 2) + e - 1] === h && this.same(input, starts, ends, i, input, starts, ends, e - 1, width)) break;
      }
      ints[(slotOf >> 2) + i] = slot;
    }
    return distinct;
  }

  /** The kernel's counts, without its shortcut along runs of shared shingles (it changes the work, not the counts). */
  compare(
    inputA: number, startsA: number, endsA: number, shinglesA: number, _mA: number,
    table: number, mask: number, _slotOf: number, marks: number, stamp: number,
    inputB: number, startsB: number, endsB: number, shinglesB: number, mB: number,
    width: number, touched: number, out: number,
  ): number {
    const ints = this.ints;
    const t = table >> 2;
    let common = 0;
    let novel = 0;
    let filled = 0;
    for (let i = 0; i < mB; i++) {
      const h = ints[(shinglesB >> 2) + i];
      for (let slot = h & mask; ; slot = (slot + 1) & mask) {
        const e = ints[t + slot];
        if (e === 0) {
          ints[t + slot] = -1 - i;
          ints[(touched >> 2) + filled++] = slot;
          novel++;
          break;
        }
        if (e > 0) {
          if (ints[(shinglesA >> 2) + e - 1] === h && this.same(inputA, startsA, endsA, e - 1, inputB, startsB, endsB, i, width)) {
            if (ints[(marks >> 2) + slot] !== stamp) {
              ints[(marks >> 2) + slot] = stamp;
              common++;
            }
            break;
          }
        } else if (ints[(shinglesB >> 2) - 1 - e] === h && this.same(inputB, startsB, endsB, -1 - e, inputB, startsB, endsB, i, width)) break;
      }
    }
    while (filled > 0) ints[t + ints[(touched >> 2) + --filled]] = 0;
    ints[out >> 2] = common + novel;
    return common;
  }

  /** Whether shingle i of text X and shingle j of text Y are the same words, byte for byte. */
  private same(inX: number, stX: number, enX: number, i: number, inY: number, stY: number, enY: number, j: number, width: number): boolean {
    const { bytes, ints } = this;
    for (let t = 0; t < width; t++) {
      let px = ints[(stX >> 2) + i + t];
      let py = ints[(stY >> 2) + j + t];
      let r = ints[(enX >> 2) + i + t] - px;
      if (r !== ints[(enY >> 2) + j + t] - py) return false;
      px += inX;
      py += inY;
      for (; r >= 4; r -= 4, px += 4, py += 4) if (load32(bytes, px) !== load32(bytes, py)) return false;
      if (r > 0 && ((load32(bytes, px) ^ load32(bytes, py)) & tailMask(r)) !== 0) return false;
    }
    return true;
  }
}

const rotl15 = (x: number) => (x << 15) | (x >>> 17);

