/** The typed arrays that grow as they fill. */
export type GrowableArray = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

/**
 * `values` copied into a new array of the same type, `length` long (twice as
 * long by default): how a typed array that has filled up grows.
 */
export function grownArray<T extends GrowableArray>(values: T, length = values.length * 2): T {
  const out = new (values.constructor as new (length: number) => T)(length);
  (out as GrowableArray).set(values);
  return out;
}
