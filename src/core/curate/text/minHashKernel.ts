/**
 * MinHash signatures of shingle hashes: the WebAssembly SIMD module compiled
 * from minHashKernel.wat by the build (12 hash functions per pass over the
 * shingles, 4 per instruction), and a portable JavaScript twin with exactly
 * the same output, used where WebAssembly SIMD is unavailable. The signature
 * is most of the MinHash dedup's time; SIMD makes it several times faster.
 */
export interface MinHashKernel {
  readonly name: 'wasm-simd' | 'portable';
  /** Hash functions per signature: a multiple of {@link HASHES_PER_GROUP}. */
  readonly hashes: number;
  /** A buffer for `count` shingle hashes; valid until the next call. */
  reserve(count: number): Int32Array;
  /** Signs the first `count` values of the reserved buffer into `signature` (length {@link hashes}). */
  sign(count: number, signature: Int32Array): void;
}

/** Hash functions the SIMD kernel computes per pass over the shingles. */
export const HASHES_PER_GROUP = 12;

/**
 * A kernel for hash functions h_i(x) = multipliers[i]·x + offsets[i] mod 2^32
 * (both arrays of a length that is a multiple of 12).
 */
export function minHashKernel(multipliers: Int32Array, offsets: Int32Array, options: { portable?: boolean } = {}): MinHashKernel {
  const module = options.portable ? undefined : kernelModule();
  return module ? new WasmMinHash(module, multipliers, offsets) : new PortableMinHash(multipliers, offsets);
}

let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | undefined {
  if (compiled === undefined) {
    compiled = null;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { MINHASH_KERNEL_WASM_BASE64 } = require('./generated/minHashKernelWasm') as typeof import('./generated/minHashKernelWasm');
      const bytes = Buffer.from(MINHASH_KERNEL_WASM_BASE64, 'base64');
      if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    } catch {
      // No SIMD in this runtime, or a build that did not generate the module: the portable twin serves.
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

const PAGE = 65536;

class WasmMinHash implements MinHashKernel {
  readonly name = 'wasm-simd';
  readonly hashes: number;
  private readonly memory: WebAssembly.Memory;
  private readonly run: (shingles: number, n: number, params: number, groups: number, out: number) => void;
  private readonly groups: number;
  /** Byte offsets: parameters, then the signature, then the shingles. */
  private readonly outAt: number;
  private readonly shinglesAt: number;
  private view: Int32Array;

  constructor(module: WebAssembly.Module, multipliers: Int32Array, offsets: Int32Array) {
    this.hashes = multipliers.length;
    this.groups = this.hashes / HASHES_PER_GROUP;
    this.outAt = this.groups * 96;
    this.shinglesAt = this.outAt + this.groups * 48;
    this.memory = new WebAssembly.Memory({ initial: 1 + Math.ceil((this.shinglesAt + 4096 * 4) / PAGE) });
    this.run = (new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as { sign: WasmMinHash['run'] }).sign;
    const params = new Int32Array(this.memory.buffer, 0, this.groups * 24);
    for (let g = 0; g < this.groups; g++) {
      for (let i = 0; i < HASHES_PER_GROUP; i++) {
        params[24 * g + i] = multipliers[g * HASHES_PER_GROUP + i];
        params[24 * g + HASHES_PER_GROUP + i] = offsets[g * HASHES_PER_GROUP + i];
      }
    }
    this.view = new Int32Array(this.memory.buffer, this.shinglesAt);
  }

  reserve(count: number): Int32Array {
    if (count > this.view.length) {
      const needed = this.shinglesAt + count * 4;
      this.memory.grow(Math.ceil((needed - this.memory.buffer.byteLength) / PAGE) + 1);
      this.view = new Int32Array(this.memory.buffer, this.shinglesAt);
    }
    return this.view;
  }

  sign(count: number, signature: Int32Array): void {
    this.run(this.shinglesAt, count, 0, this.groups, this.outAt);
    signature.set(new Int32Array(this.memory.buffer, this.outAt, this.hashes));
  }
}

class PortableMinHash implements MinHashKernel {
  readonly name = 'portable';
  readonly hashes: number;
  private buffer = new Int32Array(4096);

  constructor(
    private readonly multipliers: Int32Array,
    private readonly offsets: Int32Array,
  ) {
    this.hashes = multipliers.length;
  }

  reserve(count: number): Int32Array {
    if (count > this.buffer.length) this.buffer = new Int32Array(Math.max(count, 2 * this.buffer.length));
    return this.buffer;
  }

  /**
   * Four hash functions per pass: each shingle is loaded once for four
   * independent min chains, which the CPU runs in parallel.
   */
  sign(n: number, signature: Int32Array): void {
    const { multipliers, offsets, buffer: shingles } = this;
    for (let i = 0; i < this.hashes; i += 4) {
      const a0 = multipliers[i], a1 = multipliers[i + 1], a2 = multipliers[i + 2], a3 = multipliers[i + 3];
      const b0 = offsets[i], b1 = offsets[i + 1], b2 = offsets[i + 2], b3 = offsets[i + 3];
      let m0 = 0x7fffffff, m1 = 0x7fffffff, m2 = 0x7fffffff, m3 = 0x7fffffff;
      for (let j = 0; j < n; j++) {
        const x = shingles[j];
        const h0 = (Math.imul(x, a0) + b0) | 0;
        const h1 = (Math.imul(x, a1) + b1) | 0;
        const h2 = (Math.imul(x, a2) + b2) | 0;
        const h3 = (Math.imul(x, a3) + b3) | 0;
        if (h0 < m0) m0 = h0;
        if (h1 < m1) m1 = h1;
        if (h2 < m2) m2 = h2;
        if (h3 < m3) m3 = h3;
      }
      signature[i] = m0;
      signature[i + 1] = m1;
      signature[i + 2] = m2;
      signature[i + 3] = m3;
    }
  }
}
