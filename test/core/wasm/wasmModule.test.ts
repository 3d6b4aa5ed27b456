import { strict as assert } from 'node:assert';
import { CuratorError } from '../../../src/core';
import { wasmModule } from '../../../src/core/wasm/wasmModule';

describe('the WebAssembly module loader', () => {
  it('fails loudly, naming the kernel, when the build did not generate its module', () => {
    const load = wasmModule('missingKernel.wat', () => require('./generated/missingKernelWasm').WASM_BASE64);
    assert.throws(load, (error: unknown) => CuratorError.is(error, 'internal') && /missingKernel\.wat was not built \(run npm run build\)/.test(error.message));
  });

  it('compiles a generated module once', () => {
    const load = wasmModule('jsonEscape.wat', () => require('../../../src/core/json/escape/generated/jsonEscapeWasm').WASM_BASE64);
    const module = load();
    assert.ok(module instanceof WebAssembly.Module);
    assert.equal(load(), module);
  });
});
