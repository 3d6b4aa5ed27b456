/**
 * The part of the WebAssembly JavaScript API the core uses (its dedup kernel and JSON escaper).
 * The core is type-checked without the DOM library (src/core/tsconfig.json) so that no browser
 * API can slip in; Node provides WebAssembly itself, but @types/node leaves its types to lib.dom.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: BufferSource);
  }
  interface Exports {
    [name: string]: unknown;
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Exports;
  }
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
  function validate(bytes: BufferSource): boolean;
}
type BufferSource = ArrayBufferView | ArrayBuffer;
