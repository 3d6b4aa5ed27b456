import { strict as assert } from 'node:assert';
import { BenchmarkItem } from '../../../src/core/curate/text/benchmarkItems';
import { groupTextUnits } from '../../../src/core/curate/text/groupUnitText';
import { decontaminateNgrams } from '../../../src/core/curate/text/ngramDecontamination';
import { NgramIndex } from '../../../src/core/curate/text/ngramIndex';

const items = (...texts: string[]): BenchmarkItem[] => texts.map((text, i) => ({ file: 'bench.jsonl', line: i + 1, text }));
const units = (...texts: string[]) => texts.map((text, i) => ({ id: `r${i}`, text }));
const words = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`).join(' ');
const removed = (result: ReturnType<typeof decontaminateNgrams>) => result.matches.map((m) => m.id);

describe('n-gram decontamination', () => {
  const long = words('q', 30);

  it('drops a unit that shares a 13-word sequence with a benchmark item, with file, line and the n-gram', () => {
    const index = NgramIndex.build(items('unrelated words only here', long), 13);
    const shared = long.split(' ').slice(10, 23).join(' ');
    const result = decontaminateNgrams(units(`some prefix ${shared.toUpperCase()} and a suffix`, 'clean text'), index);
    assert.deepEqual(Array.from(result.kept), [0, 1]);
    assert.deepEqual(result.matches, [{ index: 0, id: 'r0', benchmark: { file: 'bench.jsonl', line: 2, ngram: shared } }]);
  });

  it('keeps a unit that shares only 12 consecutive words', () => {
    const index = NgramIndex.build(items(long), 13);
    const twelve = long.split(' ').slice(0, 12).join(' ');
    assert.deepEqual(removed(decontaminateNgrams(units(`x ${twelve} y`), index)), []);
  });

  it('does not match an n-gram that runs across the end of one item into the next', () => {
    const index = NgramIndex.build(items(words('a', 20), words('b', 20)), 13);
    const straddle = `${words('a', 20).split(' ').slice(14).join(' ')} ${words('b', 7)}`;
    assert.deepEqual(removed(decontaminateNgrams(units(straddle), index)), []);
  });

  it('matches an item shorter than n words only when all of its words occur in order, on word boundaries', () => {
    const index = NgramIndex.build(items('What is 2 + 2?'), 13);
    const result = decontaminateNgrams(units('so, what is 2 + 2? four', 'somewhat is 2 + 2?', 'what is 2 + 3?', 'What  IS 2 + 2?'), index);
    assert.deepEqual(removed(result), ['r0', 'r3']);
    assert.equal(result.matches[0].benchmark.ngram, 'what is 2 + 2?');
  });

  it('ignores items of fewer than 3 words and counts them in the report', () => {
    const index = NgramIndex.build(items('yes', 'the answer', 'the answer is'), 13);
    const result = decontaminateNgrams(units('yes the answer', 'so the answer is yes'), index);
    assert.deepEqual(removed(result), ['r1']);
    assert.equal(result.report.ignoredItems, 2);
    assert.deepEqual(result.report.ignored, [
      { file: 'bench.jsonl', line: 1 },
      { file: 'bench.jsonl', line: 2 },
    ]);
    assert.equal(result.report.indexedItems, 1);
  });

  it('normalises items and units alike (case, full-width letters, ligatures, whitespace)', () => {
    const index = NgramIndex.build(items('Find the ﬁnal Ｆｉｅｌｄ'), 13);
    assert.deepEqual(removed(decontaminateNgrams(units('we must FIND\tthe final field now'), index)), ['r0']);
  });

  it('reports the first match in the unit, from the earliest item when several share it', () => {
    const index = NgramIndex.build(items('c d e', 'alpha beta gamma', 'c d e f'), 13);
    const result = decontaminateNgrams(units('alpha beta gamma then c d e f'), index);
    assert.equal(result.matches[0].benchmark.ngram, 'alpha beta gamma');
    const same = NgramIndex.build(items('one two three', 'One two  THREE'), 13);
    assert.equal(decontaminateNgrams(units('one two three'), same).matches[0].benchmark.line, 1);
  });

  it('in group mode, matches an item split across two records of a group', () => {
    const [head, tail] = [long.split(' ').slice(0, 7).join(' '), long.split(' ').slice(7, 14).join(' ')];
    const groups = [
      { key: 's1', records: [{ id: 'b', createdAt: 2, text: tail }, { id: 'a', createdAt: 1, text: head }] },
      { key: 's2', records: [{ id: 'c', createdAt: 1, text: tail }, { id: 'd', createdAt: 2, text: head }] },
    ];
    const index = NgramIndex.build(items(long), 13);
    // s1 reads head then tail (created_at order); s2 reads tail then head, which is not the item's order.
    assert.deepEqual(removed(decontaminateNgrams(groupTextUnits(groups), index)), ['s1']);
  });

  it('stops when the signal has fired', () => {
    const controller = new AbortController();
    controller.abort();
    assert.throws(() => decontaminateNgrams(units('a b c'), NgramIndex.build(items('a b c')), { signal: controller.signal }), { kind: 'cancelled' });
  });

  it('refuses an n below 3', () => {
    assert.throws(() => NgramIndex.build(items('a b c'), 2), { name: 'CuratorError', kind: 'usage' });
  });
});
