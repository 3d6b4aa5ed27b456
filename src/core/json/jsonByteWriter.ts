import { WasmJsonEscaper } from './escape/wasmJsonEscaper';
import { formatF64 } from './rustJson';

/**
 * A copy of `bytes` a writer's sink may keep (the writer reuses its buffer).
 * `Buffer.from` would zero the new memory before copying into it: on a 2 GB
 * export that was 2.7 s of 60.
 */
export function copyOf(bytes: Uint8Array): Buffer {
  const copy = Buffer.allocUnsafe(bytes.length);
  copy.set(bytes);
  return copy;
}

/** Characters JSON.stringify escapes (controls, quote, backslash, lone surrogates). */
const STRING_NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Writes JSON text as UTF-8 bytes into a reusable buffer, handing full buffers
 * to `sink`. Text payloads are escaped straight from their UTF-8 bytes, so an
 * export never turns them into JS strings; the output is byte-identical to
 * `toRustJson` (serde_json's escapes: `\"`, `\\`, `\b\f\n\r\t`, `\u00XX`).
 */
/** A column whose values can be read as UTF-8 bytes: texts, ids, external ids. */
export interface Utf8Values {
  /** The buffer holding row `row`'s value as valid UTF-8 (`start(row)` to `end(row)`), or undefined. */
  utf8(row: number): Buffer | undefined;
  start(row: number): number;
  end(row: number): number;
}

export class JsonByteWriter {
  private buffer: Buffer;
  private pos = 0;
  /** SIMD escaping whose output region is `buffer` (when WebAssembly SIMD is available). */
  private readonly escaper: WasmJsonEscaper | undefined;

  constructor(
    private readonly sink: (bytes: Buffer) => void,
    size = 1 << 22,
    useWasm = true,
  ) {
    this.escaper = useWasm ? WasmJsonEscaper.create(size) : undefined;
    this.buffer = this.escaper ? this.escaper.output : Buffer.allocUnsafe(size);
  }

  /** Which escaping runs: the WebAssembly SIMD escaper or the JavaScript one. */
  get escaping(): 'wasm-simd' | 'portable' {
    return this.escaper ? 'wasm-simd' : 'portable';
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buffer.length) return;
    this.flush();
    if (bytes > this.buffer.length) {
      if (this.escaper) throw new Error('JsonByteWriter: value larger than the wasm output region');
      this.buffer = Buffer.allocUnsafe(bytes * 2);
    }
  }

  /** Hands the buffered bytes to the sink, which must consume them before returning (the buffer is reused). */
  flush(): void {
    if (this.pos === 0) return;
    this.sink(this.buffer.subarray(0, this.pos));
    this.pos = 0;
  }

  /** Text that is already JSON (punctuation, keys, numbers); ASCII or UTF-8. */
  raw(text: string): void {
    this.room(text.length * 3);
    this.pos += this.buffer.write(text, this.pos, 'utf8');
  }

  /** Pre-encoded bytes. */
  rawBytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buffer.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** A JS string as a JSON string literal. */
  string(value: string): void {
    if (STRING_NEEDS_ESCAPE.test(value)) {
      this.raw(JSON.stringify(value));
      return;
    }
    this.room(value.length * 3 + 2);
    const buffer = this.buffer;
    buffer[this.pos++] = 0x22;
    this.pos += buffer.write(value, this.pos, 'utf8');
    buffer[this.pos++] = 0x22;
  }

  /**
   * Valid UTF-8 bytes `[start, end)` of `source` as a JSON string literal.
   * Read as latin1, every byte is one character: JSON.stringify (native and
   * fast) then escapes exactly the bytes JSON needs escaped (controls, `"`,
   * `\\`) and leaves bytes 0x80–0xff alone, and writing latin1 turns every
   * character back into its byte. No per-byte JavaScript.
   */
  utf8String(source: Buffer, start: number, end: number): void {
    const room = (end - start) * 6 + 18;
    if (this.escaper && room <= this.buffer.length) {
      this.room(room);
      const written = this.escaper.escape(source, start, end, this.pos + 1);
      this.buffer = this.escaper.output; // the memory may have grown: take the current view
      this.buffer[this.pos] = 0x22;
      this.buffer[this.pos + 1 + written] = 0x22;
      this.pos += written + 2;
      return;
    }
    const json = JSON.stringify(source.toString('latin1', start, end));
    this.room(json.length);
    this.pos += this.buffer.write(json, this.pos, 'latin1');
  }

  /**
   * Row `row` of a column of strings as a JSON string literal: escaped from
   * its UTF-8 bytes when they are valid, else from its `decoded` string (what
   * a reader of the column decodes, replacement characters and all).
   */
  columnString(values: Utf8Values, row: number, decoded: () => string): void {
    const bytes = values.utf8(row);
    if (bytes) this.utf8String(bytes, values.start(row), values.end(row));
    else this.string(decoded());
  }

  /** An integer. */
  int(value: number): void {
    this.raw(String(value));
  }

  /** An f64, printed as serde_json prints it (`1.0`, `1e-7`). */
  f64(value: number): void {
    this.raw(formatF64(value));
  }
}

/** Encodes a JSON fragment once, for fragments written for every example. */
export function fragment(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}
