import * as assert from 'node:assert/strict';
import * as arrow from 'apache-arrow';
import { ByteStrings } from '../../src/core/store/byteStrings';
import { RowTable } from '../../src/core/store/rowTable';
import { scanMetadata } from '../../src/core/listing/metadataScan';
import { CodedStrings } from '../../src/core/store/codedStrings';
import { extractSignals, extractSignalsByParse, RecordSignals } from '../../src/core/listing/recordSignals';

/** A table whose `metadata` holds exactly these bytes (null for a null row). */
function tableOf(values: (Uint8Array | null)[]): RowTable {
  const offsets = new Int32Array(values.length + 1);
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let total = 0;
  values.forEach((value, i) => {
    if (value) {
      total += value.length;
      bitmap[i >> 3] |= 1 << (i & 7);
    }
    offsets[i + 1] = total;
  });
  const bytes = new Uint8Array(total);
  values.forEach((value, i) => value && bytes.set(value, offsets[i]));
  const nullCount = values.filter((value) => !value).length;
  const data = arrow.makeData({ type: new arrow.Utf8(), length: values.length, nullCount, nullBitmap: bitmap, valueOffsets: offsets, data: bytes });
  return { length: values.length, metadata: ByteStrings.fromData(data, values.length) } as unknown as RowTable;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

function assertSameSignals(table: RowTable, rows?: number[]): void {
  const scanned = extractSignals(table, rows);
  const parsed = extractSignalsByParse(table, rows);
  const columns: (keyof Omit<RecordSignals, 'invalid'>)[] = ['reward', 'rank', 'rewardSource', 'groupId', 'label'];
  const texts = (row: number) => table.metadata.text(row);
  for (let row = 0; row < table.length; row++) {
    for (const column of columns) {
      const a = scanned[column].at(row);
      const b = parsed[column].at(row);
      assert.ok(Object.is(a, b), `row ${row} ${JSON.stringify(texts(row))}: ${column} ${String(a)} (scan) against ${String(b)} (parse)`);
    }
  }
  assert.deepEqual([...scanned.invalid].sort(), [...parsed.invalid].sort());
}

/** mulberry32: the same cases every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['reward', 'reward_source', 'group_id', 'label', 'rank', 're\\u0077ard', 'lab\\u0065l', 'rank\\n', '__proto__', 'x', 'ré', 'rewards', 'ran', ''];
const NUMBERS = [
  '0', '-0', '1', '-1', '7', '0.5', '0.572', '-0.0', '1e3', '1E-3', '1e+2', '1.0', '2.50', '3.0e0', '123456789012345678901', '9007199254740991',
  '9007199254740993', '-9007199254740992', '1e400', '-1e-400', '0.1', '3.14159265358979323846', '0.30000000000000004', '1234567.0000000000000000000001',
  '5e-324', '1.7976931348623157e308', '0.0000000000000000000001', '2e-1', '-12.5E+1', '100000000000000000000000',
];
const BAD_NUMBERS = ['07', '1.', '-', '.5', '+1', '1e', '0x1', '1_0', 'NaN', 'Infinity', '--1', '-01'];
const STRINGS = ['""', '"verifier"', '"grp-sess-000000"', '"a\\"b"', '"\\u00e9t\\u00E9"', '"\\ud800"', '"é日本🙂"', '"tab\\there"', '"\\/"', '"\\b\\f\\r\\\\"'];
const BAD_STRINGS = ['"\\x"', '"\\u12"', '"raw\ttab"', '"unterminated', "'single'"];
const LITERALS = ['true', 'false', 'null'];
const BAD_LITERALS = ['tru', 'nul', 'True', 'undefined'];
const SPACES = ['', ' ', '\n', '\r\n\t '];
const BAD_SPACES = ['\u00a0', '\f', '\v'];

function generate(next: () => number, depth: number, object = false): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const space = () => (next() < 0.7 ? '' : next() < 0.98 ? pick(SPACES) : pick(BAD_SPACES));
  const roll = object ? 1 : next();
  const bad = next() < 0.01;
  if (depth > 3 || roll < 0.35) return pick(bad ? BAD_NUMBERS : NUMBERS);
  if (roll < 0.6) return pick(bad ? BAD_STRINGS : STRINGS);
  if (roll < 0.68) return pick(bad ? BAD_LITERALS : LITERALS);
  if (roll < 0.78) {
    const items = Array.from({ length: Math.floor(next() * 4) }, () => space() + generate(next, depth + 1) + space());
    return `[${items.join(next() < 0.99 ? ',' : ',,')}]`;
  }
  const members = Array.from({ length: Math.floor(next() * 7) }, () => `${space()}"${pick(KEYS)}"${space()}:${space()}${generate(next, depth + 1)}${space()}`);
  return `{${members.join(next() < 0.99 ? ',' : ';')}${next() < 0.01 ? ',' : ''}}`;
}

/** Occasionally breaks the bytes: a byte dropped, replaced, or inserted (invalid UTF-8 among them). */
function mutate(bytes: Buffer, next: () => number): Buffer {
  if (bytes.length === 0 || next() < 0.8) return bytes;
  const at = Math.floor(next() * bytes.length);
  const noise = [0xff, 0xc3, 0xe2, 0xf0, 0xed, 0x80, 0x22, 0x5c, 0x7b, 0x7d, 0x2c, 0x00, 0x1f, 0x20, 0x65, 0x2e][Math.floor(next() * 16)];
  const roll = next();
  if (roll < 0.33) return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
  if (roll < 0.66) return Buffer.concat([bytes.subarray(0, at), Buffer.from([noise]), bytes.subarray(at + 1)]);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from([noise]), bytes.subarray(at)]);
}

describe('signal extraction by scan', () => {
  it('reads the same signals as JSON.parse over generated metadata, valid and not', function () {
    this.timeout(60_000);
    const next = random(21);
    const values: (Uint8Array | null)[] = [];
    for (let i = 0; i < 30_000; i++) {
      if (next() < 0.02) {
        values.push(null);
        continue;
      }
      const text = generate(next, 0, next() > 0.1);
      const spaced = next() < 0.1 ? ` ${text}\n` : text;
      values.push(mutate(utf8(spaced), next));
    }
    const table = tableOf(values);
    assertSameSignals(table);
    // The cases reach both paths: most scan, many are invalid, and signals are found.
    const signals = extractSignals(table);
    let scanned = 0;
    for (let row = 0; row < table.length; row++) {
      const bytes = table.metadata.buffer(row);
      if (bytes && scanMetadata(bytes, table.metadata.start(row), table.metadata.end(row))) scanned++;
    }
    const found = (column: { at(row: number): unknown }) => values.filter((_, row) => ![undefined, null].includes(column.at(row) as null) && !Number.isNaN(column.at(row))).length;
    for (const column of [signals.reward, signals.rank, signals.rewardSource, signals.groupId, signals.label]) assert.ok(found(column) > 100, `${found(column)}`);
        assert.ok(scanned > 10_000 && signals.invalid.size > 3_000, `${scanned} scanned, ${signals.invalid.size} invalid`);
  });

  it('reads the same signals over short random texts of JSON characters', () => {
    const next = random(7);
    const alphabet = ['{', '}', '[', ']', '"', ':', ',', '0', '1', '9', '-', '+', '.', 'e', 'E', ' ', '\\', 'u', 't', 'r', 'n', '"rank"', '"reward"', '"label"', 'true', 'null', '\n'];
    const values = Array.from({ length: 20_000 }, () => utf8(Array.from({ length: Math.floor(next() * 14) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')));
    assertSameSignals(tableOf(values));
  });

  it('reads the same signals for the hand-picked cases', () => {
    const nested = (depth: number) => `{"reward":1,"deep":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)},"label":"${'x'.repeat(150)}"}`;
    const cases: (string | Uint8Array | null)[] = [
      '{"reward":0.5,"reward_source":"verifier","group_id":"g","label":"good","rank":2}',
      '{"reward":1,"reward":"x"}',
      '{"reward":"x","reward":-0}',
      '{"rank":1,"rank":2.0}',
      '{"rank":3,"note":"v1.2"}',
      '{"rank":3,"note":"vE"}',
      '{"rank":1e2}',
      '{"rank":9007199254740993}',
      '{"rank":-0}',
      '{"re\\u0077ard":3}',
      '{"label":"a\\u0000b","group_id":"\\ud83d\\ude42"}',
      '{"label":{"label":"inner"},"reward":[1,2]}',
      '[{"reward":1}]',
      '"reward"',
      '5',
      '',
      ' ',
      '{}',
      '{"reward":1}x',
      '{"reward":1',
      '\ufeff{"reward":1}',
      nested(127),
      nested(128),
      '['.repeat(200),
      `{"a":${'{"b":'.repeat(130)}1${'}'.repeat(130)}}`,
      Buffer.from([0x7b, 0x22, 0x6c, 0x61, 0x62, 0x65, 0x6c, 0x22, 0x3a, 0x22, 0xe2, 0x22, 0x7d]),
      Buffer.from([0x7b, 0x22, 0x6c, 0x61, 0x62, 0x65, 0x6c, 0x22, 0x3a, 0x22, 0xc3, 0xa9, 0xff, 0x22, 0x7d]),
      Buffer.from([0x7b, 0xff, 0x7d]),
      null,
    ];
    const table = tableOf(cases.map((value) => (typeof value === 'string' ? utf8(value) : value)));
    assertSameSignals(table);
    assertSameSignals(table, [3, 1, 25, 0]);
  });

  it('keeps the last of a repeated rank, as serde_json does, where lossless-json used to fail the whole extraction', () => {
    const table = tableOf([utf8('{"rank":1,"rank":2,"reward_source":"verifier"}'), utf8('{"rank":1,"rank":2.0,"label":"e"}')]);
    for (const signals of [extractSignals(table), extractSignalsByParse(table)]) {
      assert.equal(signals.rank.at(0), 2);
      assert.ok(Number.isNaN(signals.rank.at(1)));
      assert.equal(signals.rewardSource.at(0), 'verifier');
    }
  });

  it('codes a value set as bytes like the same value set as a string, in runs and between them', () => {
    const values = ['a', 'a', 'b', 'a', 'b', 'b', 'é', 'a', '', 'a'];
    const asStrings = CodedStrings.writer<string | undefined>(values.length + 1, undefined);
    const mixed = CodedStrings.writer<string | undefined>(values.length + 1, undefined);
    values.forEach((value, row) => {
      asStrings.set(row, value);
      const bytes = utf8(`xx${value}yy`);
      if (row % 3 === 1) mixed.set(row, value);
      else mixed.setBytes(row, bytes, 2, bytes.length - 2);
    });
    const [a, b] = [asStrings.build(), mixed.build()];
    for (let row = 0; row <= values.length; row++) assert.equal(b.at(row), a.at(row));
  });
});
