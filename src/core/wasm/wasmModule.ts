import { CuratorError } from '../errors';

/**
 * The one loader of the WebAssembly modules the build compiles from the
 * core's `.wat` files (`scripts/buildKernel.mjs` writes each as base64 into
 * `generated/<name>Wasm.js`). `source` requires that generated module with a
 * literal path, so bundles carry it.
 *
 * A build that did not generate the module fails loudly: an internal error
 * naming it, never a silent fall back to the JavaScript twin. The loader
 * returns undefined only when this runtime cannot run the module (no
 * WebAssembly SIMD, or no shared memory when the module needs it); the caller
 * then uses its JavaScript twin.
 *
 * @example
 * const minHashModule = wasmModule('minHashKernel.wat', () => require('./generated/minHashKernelWasm').WASM_BASE64);
 * const module = minHashModule(); // compiled once, on first use
 */
export function wasmModule(name: string, source: () => string, options: { sharedMemory?: boolean } = {}): () => WebAssembly.Module | undefined {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled !== undefined) return compiled ?? undefined;
    let base64: string;
    try {
      base64 = source();
    } catch (cause) {
      throw new CuratorError('internal', `the WebAssembly module of ${name} was not built (run npm run build): ${(cause as Error)?.message ?? cause}`, { cause });
    }
    if (typeof base64 !== 'string' || base64 === '') throw new CuratorError('internal', `the WebAssembly module of ${name} is empty (run npm run build)`);
    const bytes = Buffer.from(base64, 'base64');
    const runnable = (!options.sharedMemory || typeof SharedArrayBuffer === 'function') && WebAssembly.validate(bytes);
    compiled = runnable ? new WebAssembly.Module(bytes) : null;
    return compiled ?? undefined;
  };
}
