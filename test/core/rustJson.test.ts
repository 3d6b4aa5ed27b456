import { strict as assert } from 'node:assert';
import { f32, f64, formatF32, formatF64, OrderedMap, toRustJson } from '../../src/core';

describe('Rust-compatible JSON', () => {
  const f64Cases: [number, string][] = [
    [1, '1.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.5, '0.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e16'],
    [1.5e16, '1.5e16'],
    [123456789.125, '123456789.125'],
    [0.0001, '0.0001'],
    [0.00001, '0.00001'],
    [0.000001, '1e-6'],
    [1.5e-7, '1.5e-7'],
    [-2.5, '-2.5'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e308'],
  ];
  for (const [value, expected] of f64Cases) {
    it(`prints f64 ${value} as ${expected}, as serde_json does`, () => assert.equal(formatF64(value), expected));
  }

  const f32Cases: [number, string][] = [
    [0.05, '0.05'],
    [0.1, '0.1'],
    [0.01, '0.01'],
    [1, '1.0'],
    [1 / 3, '0.33333334'],
    [16777217, '16777216.0'],
  ];
  for (const [value, expected] of f32Cases) {
    it(`prints f32 ${value} as ${expected}`, () => assert.equal(formatF32(value), expected));
  }

  it('prints plain numbers as integers, wrapped ones as floats, and skips undefined fields', () => {
    assert.equal(toRustJson({ a: 1, b: f64(1), c: f32(0.05), d: undefined, e: 'x"\n' }), '{"a":1,"b":1.0,"c":0.05,"e":"x\\"\\n"}');
  });

  it('pretty-prints like serde_json::to_string_pretty', () => {
    assert.equal(toRustJson({ a: [1, 2], b: {}, c: [], d: { e: null } }, true), '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {},\n  "c": [],\n  "d": {\n    "e": null\n  }\n}');
  });

  it('keeps the given key order of an ordered map, even for integer-like keys', () => {
    assert.equal(toRustJson(new OrderedMap([['10', 1], ['9', 2], ['a', 3]])), '{"10":1,"9":2,"a":3}');
  });
});
