import { IdHasher } from '../../src/core/store/idColumn';

/** Every value hashes alike: each lookup must fall back to comparing bytes. */
export const sameHash: IdHasher = (_bytes, _start, _end, out, at) => {
  out[at] = 7;
  out[at + 1] = 9;
};

/** Only the length is hashed: values of one length collide, values of different lengths do not. */
export const lengthHash: IdHasher = (_bytes, start, end, out, at) => {
  out[at] = end - start;
  out[at + 1] = 0;
};
