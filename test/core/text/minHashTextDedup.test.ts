import { strict as assert } from 'node:assert';
import { LshBanding } from '../../../src/core/curate/text/lshBanding';
import { LshIndex } from '../../../src/core/curate/text/lshIndex';
import { MinHashSketcher } from '../../../src/core/curate/text/minHashSketcher';
import { minHashTextDedup } from '../../../src/core/curate/text/minHashTextDedup';
import { TextDedupResult, TextUnit } from '../../../src/core/curate/text/textUnit';
import { plantedUnits, referenceDedup, referenceJaccard, referenceShingles } from './textFixtures';

const units = (...texts: string[]) => texts.map((text, i) => ({ id: `r${i}`, text }));
const words = (from: number, count: number) => Array.from({ length: count }, (_, i) => `w${from + i}`);

/** The greedy with kept units filed in a band index one by one, each unit's candidates looked up as it comes: what the bulk grouping must equal. */
function onlineDedup(input: readonly TextUnit[], banding: LshBanding, threshold: number, keep: ReadonlySet<string>): TextDedupResult {
  const sketcher = new MinHashSketcher(5, banding);
  const index = new LshIndex(banding.bands);
  const keys = new Int32Array(banding.bands);
  const result: TextDedupResult = { kept: new Uint8Array(input.length), duplicates: [] };
  input.forEach(({ id, text }, i) => {
    if (!sketcher.bandKeysOfRaw(text, keys)) {
      result.kept[i] = 1;
      return;
    }
    for (const c of keep.has(id) ? [] : index.candidates(keys)) {
      const similarity = sketcher.similarityOfRaw(input[c].text);
      if (similarity >= threshold) {
        result.duplicates.push({ index: i, id, duplicateOf: input[c].id, duplicateOfIndex: c, similarity });
        return;
      }
    }
    result.kept[i] = 1;
    index.add(i, keys);
  });
  return result;
}

/** Recall of the reference's removals, and whether every removal we made is one the reference made too. */
function compare(result: TextDedupResult, reference: Map<number, { of: number; similarity: number }>) {
  const ours = new Set(result.duplicates.map((d) => d.index));
  let found = 0;
  for (const i of reference.keys()) if (ours.has(i)) found++;
  const extra = [...ours].filter((i) => !reference.has(i));
  return { recall: reference.size === 0 ? 1 : found / reference.size, extra };
}

describe('MinHash text dedup', () => {
  for (const [threshold, maxEdits] of [[0.8, 4], [0.7, 8], [0.9, 2]] as const) {
    it(`finds at least 95% of the exact greedy removals at threshold ${threshold}, and only those`, () => {
      const input = plantedUnits(1000, { seed: 21 + maxEdits, maxEdits, words: 100 });
      const reference = referenceDedup(input, { threshold, shingleSize: 5 });
      const result = minHashTextDedup(input, { threshold });
      const { recall, extra } = compare(result, reference);
      assert.ok(reference.size > 120, `the fixture plants enough duplicates (${reference.size})`);
      assert.ok(recall >= 0.95, `recall ${recall}`);
      assert.deepEqual(extra, [], 'precision 1: no removal the exact greedy would not make');
    });
  }

  it('decides exactly as looking up each unit in an index of the kept units so far', () => {
    const input = [...plantedUnits(1500, { seed: 17, words: 30, maxEdits: 6 }), { id: 'empty', text: ' ' }, ...plantedUnits(300, { seed: 18, words: 8 })].map((u, i) => ({ ...u, id: `${u.id}-${i}` }));
    const keep = new Set(input.filter((_, i) => i % 37 === 5).map((u) => u.id));
    // Narrow bands too: many false candidates and large groups.
    for (const banding of [{ bands: 12, rows: 5 }, { bands: 6, rows: 2 }]) {
      for (const threshold of [0.5, 0.8]) {
        const online = onlineDedup(input, banding, threshold, keep);
        assert.ok(online.duplicates.length > 80, `${online.duplicates.length} removals`);
        assert.deepEqual(minHashTextDedup(input, { banding, threshold, keep }), online);
      }
    }
  });

  it('names the earliest kept unit and its exact Jaccard similarity as evidence', () => {
    const input = plantedUnits(800, { seed: 5 });
    const reference = referenceDedup(input, { threshold: 0.8, shingleSize: 5 });
    const result = minHashTextDedup(input);
    for (const d of result.duplicates) {
      assert.equal(result.kept[d.duplicateOfIndex], 1, `${d.id} names a kept unit`);
      assert.ok(d.duplicateOfIndex < d.index);
      assert.equal(d.duplicateOf, input[d.duplicateOfIndex].id);
      const expected = referenceJaccard(referenceShingles(input[d.index].text, 5), referenceShingles(input[d.duplicateOfIndex].text, 5));
      assert.equal(d.similarity, expected);
      assert.ok(d.similarity >= 0.8);
      assert.deepEqual({ of: d.duplicateOfIndex, similarity: d.similarity }, reference.get(d.index));
    }
  });

  it('treats case, whitespace, full-width letters and ligatures as the same words', () => {
    const result = minHashTextDedup(units('the first fine fish swam in the fifth field today', 'THE  ﬁrst ＦＩＮＥ fish\tswam in the ﬁfth field today\n'));
    assert.deepEqual(result.duplicates.map((d) => [d.id, d.duplicateOf, d.similarity]), [['r1', 'r0', 1]]);
  });

  it('finds CJK and emoji texts that differ by one word', () => {
    const cjk = '数据 模型 训练 评估 文本 去重 相似 集合 哈希 分片 样本 记录 会话 代理 上下文'.split(' ');
    const emoji = ['🙂', '🚀', '👍🏽', '🇫🇷', '👨‍👩‍👧', '🔥', '✨', '🧪'];
    // 15 × 8 coprime: 100 distinct words, so one edit changes 5 of 96 shingles (J = 91/101).
    const tokens = Array.from({ length: 100 }, (_, i) => cjk[i % 15] + emoji[i % 8]);
    const base = tokens.join(' ');
    tokens[50] = '🧯';
    const edited = tokens.join(' ');
    const result = minHashTextDedup(units(base, edited, '完全 不同 的 文本'));
    assert.deepEqual(result.duplicates.map((d) => d.id), ['r1']);
    assert.ok(result.duplicates[0].similarity >= 0.8 && result.duplicates[0].similarity < 1);
  });

  it('compares a unit only with kept units, so similarity does not chain through a removed one', () => {
    // b = a with 2 words replaced, c = b with 2 more: J(a, b) = J(b, c) = 86/106 ≥ 0.8, J(a, c) = 76/116 < 0.8.
    const a = words(0, 100);
    const b = [...a];
    b[20] = 'x1';
    b[60] = 'x2';
    const c = [...b];
    c[40] = 'y1';
    c[80] = 'y2';
    const t = 0.8;
    const sim = (x: string[], y: string[]) => referenceJaccard(referenceShingles(x.join(' '), 5), referenceShingles(y.join(' '), 5));
    assert.ok(sim(a, b) >= t && sim(b, c) >= t && sim(a, c) < t, `fixture: ${sim(a, b)} ${sim(b, c)} ${sim(a, c)}`);
    const result = minHashTextDedup(units(a.join(' '), b.join(' '), c.join(' ')), { threshold: t });
    assert.deepEqual(Array.from(result.kept), [1, 0, 1]);
  });

  it('never removes a kept id, and judges later units against it as kept', () => {
    const text = words(0, 60).join(' ');
    const result = minHashTextDedup(units(text, text, text), { keep: new Set(['r1']) });
    assert.deepEqual(Array.from(result.kept), [1, 1, 0]);
    assert.equal(result.duplicates[0].duplicateOf, 'r0');
    const kept = minHashTextDedup(units(text, `${text} more`), { keep: new Set(['r0']) });
    assert.deepEqual(kept.duplicates.map((d) => [d.id, d.duplicateOf]), [['r1', 'r0']]);
  });

  it('compares texts shorter than the shingle size as one shingle, and never removes empty texts', () => {
    const result = minHashTextDedup(units('Hi there', 'hi  THERE', 'hi there friend', '', ' \n'));
    assert.deepEqual(Array.from(result.kept), [1, 0, 1, 1, 1]);
  });

  it('makes the same decisions on every run', () => {
    const input = plantedUnits(600, { seed: 9 });
    assert.deepEqual(minHashTextDedup(input), minHashTextDedup(input));
  });

  it('stops when the signal has fired', () => {
    const controller = new AbortController();
    controller.abort();
    assert.throws(() => minHashTextDedup(units('a b c'), { signal: controller.signal }), { name: 'CuratorError', kind: 'cancelled' });
  });

  it('refuses a shingle size that is not a positive integer', () => {
    assert.throws(() => minHashTextDedup(units('a'), { shingleSize: 0 }), { name: 'CuratorError', kind: 'usage' });
  });
});
