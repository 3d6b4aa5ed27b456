import { isUtf8 } from 'node:buffer';
import { wasmModule } from '../wasm/wasmModule';

/**
 * Counts words separated by Unicode White_Space, on UTF-8 bytes, like Rust's
 * `str::split_whitespace().count()` (invalid bytes count as word characters,
 * as their U+FFFD replacement would).
 */
export function countWords(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  let inWord = 0;
  let i = from;
  while (i < to) {
    const b = bytes[i];
    const kind = BYTE_KIND[b];
    if (kind !== MULTI_BYTE) {
      // ASCII, branch-free: a word starts at a word byte after a space (or at the start).
      count += (kind ^ 1) & (inWord ^ 1);
      inWord = kind ^ 1;
      i++;
      continue;
    }
    let space: boolean;
    let width = 1;
    if (b === 0xc2 && i + 1 < to) {
      const c = bytes[i + 1];
      space = c === 0x85 || c === 0xa0; // U+0085, U+00A0
      width = 2;
    } else if (b === 0xe1 && i + 2 < to) {
      space = bytes[i + 1] === 0x9a && bytes[i + 2] === 0x80; // U+1680
      width = 3;
    } else if (b === 0xe2 && i + 2 < to) {
      const c = bytes[i + 1];
      const d = bytes[i + 2];
      // U+2000..U+200A, U+2028, U+2029, U+202F, U+205F
      space = (c === 0x80 && ((d >= 0x80 && d <= 0x8a) || d === 0xa8 || d === 0xa9 || d === 0xaf)) || (c === 0x81 && d === 0x9f);
      width = 3;
    } else if (b === 0xe3 && i + 2 < to) {
      space = bytes[i + 1] === 0x80 && bytes[i + 2] === 0x80; // U+3000
      width = 3;
    } else {
      space = false;
      width = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    }
    if (space) inWord = 0;
    else if (inWord === 0) {
      inWord = 1;
      count++;
    }
    i += width;
  }
  return count;
}

/** 0: an ASCII word byte; 1: ASCII white space (tab, LF, VT, FF, CR, space); 2: a byte of a multi-byte character. */
const MULTI_BYTE = 2;
const BYTE_KIND = new Uint8Array(256).fill(MULTI_BYTE, 0x80);
for (const b of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]) BYTE_KIND[b] = 1;

const wordCountModule = wasmModule('wordCount.wat', () => (require('./generated/wordCountWasm') as typeof import('./generated/wordCountWasm')).WASM_BASE64);

const PAGE = 65536;

/** The WebAssembly counter (wordCount.wat): one instance, its memory grown to the largest block asked. */
class WasmWordCounter {
  private readonly memory: WebAssembly.Memory;
  private readonly countRanges: (base: number, starts: number, ends: number, n: number, out: number) => void;

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, {});
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.countRanges = instance.exports.countRanges as WasmWordCounter['countRanges'];
  }

  count(block: Uint8Array, starts: ArrayLike<number>, ends: ArrayLike<number>, n: number, out: Uint32Array): void {
    // Layout: starts, ends, counts (u32 each), then the block (16 bytes of slack after it).
    const words = 4 * n;
    const base = 3 * words;
    const needed = base + block.length + 16;
    if (needed > this.memory.buffer.byteLength) this.memory.grow(Math.ceil((needed - this.memory.buffer.byteLength) / PAGE));
    const memory = this.memory.buffer;
    const u32 = new Uint32Array(memory, 0, 3 * n);
    for (let k = 0; k < n; k++) {
      u32[k] = starts[k];
      u32[n + k] = ends[k];
    }
    new Uint8Array(memory, base, block.length).set(block);
    this.countRanges(base, 0, words, n, 2 * words);
    out.set(u32.subarray(2 * n, 3 * n));
  }
}

let counter: WasmWordCounter | null | undefined;

function wasmCounter(): WasmWordCounter | undefined {
  if (counter === undefined) {
    const module = wordCountModule();
    counter = module ? new WasmWordCounter(module) : null;
  }
  return counter ?? undefined;
}

/** Whether block counts run in WebAssembly SIMD on this runtime. */
export function usesWasmWordCounter(): boolean {
  return wasmCounter() !== undefined;
}

/**
 * `countWords` of `n` ranges of one block (`starts[k]..ends[k]`) into
 * `out[k]`: with WebAssembly SIMD, 16 bytes at a time, when the block is
 * valid UTF-8 (what a text column holds); else, or without SIMD, `countWords`
 * range by range. Both count the same (test/core/strings/countWords.test.ts).
 */
export function countWordsOfRanges(block: Uint8Array, starts: ArrayLike<number>, ends: ArrayLike<number>, n: number, out: Uint32Array): void {
  const wasm = wasmCounter();
  if (wasm && n > 0 && isUtf8(block)) {
    wasm.count(block, starts, ends, n, out);
    return;
  }
  for (let k = 0; k < n; k++) out[k] = countWords(block, starts[k], ends[k]);
}
