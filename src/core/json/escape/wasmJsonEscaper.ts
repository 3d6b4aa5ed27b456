/**
 * JSON string escaping of UTF-8 bytes in WebAssembly SIMD (jsonEscape.wat):
 * 16 bytes per step, so an export escapes hundreds of megabytes of text at
 * memory speed without turning it into JS strings. The output region is the
 * JSON writer's buffer, so escaped bytes are written where they will be flushed.
 */
import { wasmModule } from '../../wasm/wasmModule';

/** Tables live below this offset in the module's memory. */
const OUTPUT_BASE = 1024;
const PAGE = 65536;

/** The compiled escaper, or undefined without WebAssembly SIMD (the JavaScript escaping serves); a missing build throws. */
const escapeModule = wasmModule('jsonEscape.wat', () => (require('./generated/jsonEscapeWasm') as typeof import('./generated/jsonEscapeWasm')).WASM_BASE64);

export class WasmJsonEscaper {
  private readonly memory: WebAssembly.Memory;
  private readonly escapeFn: (src: number, len: number, dst: number) => number;
  private inputBase: number;
  /** The output region, `outputSize` bytes (refreshed when the memory grows). */
  output: Buffer;

  private constructor(
    instance: WebAssembly.Instance,
    readonly outputSize: number,
  ) {
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.escapeFn = instance.exports.escape as (src: number, len: number, dst: number) => number;
    this.inputBase = OUTPUT_BASE + outputSize + 64;
    this.grow(this.inputBase + (1 << 20));
    this.output = this.view();
  }

  /** An escaper whose output region holds `outputSize` bytes, or undefined without WebAssembly SIMD. */
  static create(outputSize: number): WasmJsonEscaper | undefined {
    const module = escapeModule();
    if (!module) return undefined;
    return new WasmJsonEscaper(new WebAssembly.Instance(module, {}), outputSize);
  }

  private view(): Buffer {
    return Buffer.from(this.memory.buffer, OUTPUT_BASE, this.outputSize);
  }

  private grow(bytes: number): void {
    const missing = bytes - this.memory.buffer.byteLength;
    if (missing <= 0) return;
    this.memory.grow(Math.ceil(missing / PAGE));
    this.output = this.view();
  }

  /**
   * Escapes `source[start, end)` into the output region at `at`; returns the
   * bytes written. The caller leaves room for 6·(end − start) + 16 bytes.
   */
  escape(source: Uint8Array, start: number, end: number, at: number): number {
    const length = end - start;
    this.grow(this.inputBase + length + 16);
    new Uint8Array(this.memory.buffer, this.inputBase, length).set(source.subarray(start, end));
    return this.escapeFn(this.inputBase, length, OUTPUT_BASE + at);
  }
}
