import { strict as assert } from 'node:assert';
import { compareCodePoints, formatMicros, parseRfc3339Micros, parseRfc3339Nanos } from '../../src/core';

describe('timestamps', () => {
  it('prints whole seconds without a fraction', () => assert.equal(formatMicros(1_700_000_000_000_000), '2023-11-14T22:13:20Z'));
  it('prints milliseconds with 3 digits', () => assert.equal(formatMicros(1_700_000_000_120_000), '2023-11-14T22:13:20.120Z'));
  it('prints microseconds with 6 digits', () => assert.equal(formatMicros(1_700_000_000_000_001), '2023-11-14T22:13:20.000001Z'));
  it('prints times before 1970', () => assert.equal(formatMicros(-1), '1969-12-31T23:59:59.999999Z'));

  it('parses offsets and fractions to exact nanoseconds', () => {
    assert.equal(parseRfc3339Nanos('2023-11-14T23:13:20.123456789+01:00'), 1_700_000_000_123_456_789n);
    assert.equal(parseRfc3339Micros('2023-11-14T22:13:20.5Z'), 1_700_000_000_500_000);
  });

  it('rejects dates without a time or offset, and impossible dates', () => {
    assert.equal(parseRfc3339Nanos('2024-01-01'), undefined);
    assert.equal(parseRfc3339Nanos('2024-01-01T00:00:00'), undefined);
    assert.equal(parseRfc3339Nanos('2023-02-29T00:00:00Z'), undefined);
  });
});

describe('string order', () => {
  it('orders by code point like Rust, not by UTF-16 unit', () => {
    // U+FF21 (fullwidth A) is below U+1F600 (emoji, a surrogate pair in UTF-16).
    assert.ok(compareCodePoints('\uff21', '😀') < 0);
    assert.ok('\uff21' > '😀', 'JS < would order them the other way');
    assert.ok(compareCodePoints('a', 'ab') < 0);
    assert.equal(compareCodePoints('x', 'x'), 0);
  });

  it('prints every second the same across minute, day and year boundaries, in any order', () => {
    const starts = [Date.UTC(2023, 11, 31, 23, 58, 30), Date.UTC(1969, 11, 31, 23, 59, 0), Date.UTC(2024, 1, 28, 23, 59, 50)];
    const seconds: number[] = [];
    for (const start of starts) for (let s = 0; s < 150; s++) seconds.push(start / 1000 + s);
    // Jumping back and forth defeats any cached minute that is not checked.
    const order = [...seconds, ...[...seconds].reverse(), ...seconds.filter((_, i) => i % 7 === 0), ...seconds.flatMap((second, i) => [second, seconds[seconds.length - 1 - i], seconds[i >> 1]])];
    for (const second of order) {
      const expected = new Date(second * 1000).toISOString().slice(0, 19);
      assert.equal(formatMicros(second * 1_000_000), `${expected}Z`);
      assert.equal(formatMicros(second * 1_000_000 + 250_000), `${expected}.250Z`);
      assert.equal(formatMicros(second * 1_000_000 + 7), `${expected}.000007Z`);
    }
  });
});
