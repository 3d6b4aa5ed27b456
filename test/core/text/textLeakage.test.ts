import { strict as assert } from 'node:assert';
import { findTextLeakage, moveTextLeakage, SplitTextUnit } from '../../../src/core/curate/text/textLeakage';
import { seeded } from '../../helpers/vectors';
import { plantedUnits, referenceJaccard, referenceShingles } from './textFixtures';

const words = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const unit = (id: string, group: string, split: 'train' | 'eval', text: string): SplitTextUnit => ({ id, group, split, text });

describe('text leakage across a split', () => {
  it('lists near-duplicate pairs with one side in train and one in eval, not pairs within a side', () => {
    const a = words('a', 50).join(' ');
    const b = words('b', 50).join(' ');
    const units = [unit('t1', 'g1', 'train', a), unit('t2', 'g2', 'train', a), unit('e1', 'g3', 'eval', a.toUpperCase()), unit('e2', 'g4', 'eval', b), unit('e3', 'g5', 'eval', b)];
    const pairs = findTextLeakage(units);
    assert.deepEqual(
      pairs.map((p) => [p.trainId, p.evalId, p.trainGroup, p.evalGroup, p.similarity]),
      [
        ['t1', 'e1', 'g1', 'g3', 1],
        ['t2', 'e1', 'g2', 'g3', 1],
      ],
    );
  });

  it('finds every straddling pair the exact O(n²) comparison finds, on planted near-duplicates', () => {
    const random = seeded(77);
    const units = plantedUnits(600, { seed: 31, words: 80 }).map((u, i) => ({ ...u, group: `g${i >> 1}`, split: random() < 0.3 ? ('eval' as const) : ('train' as const) }));
    for (let i = 1; i < units.length; i += 2) units[i].split = units[i - 1].split;
    const sets = units.map((u) => referenceShingles(u.text, 5));
    const expected: string[] = [];
    units.forEach((e, ei) => {
      if (e.split !== 'eval') return;
      units.forEach((t, ti) => {
        if (t.split === 'train' && referenceJaccard(sets[ti], sets[ei]) >= 0.8) expected.push(`${t.id}-${e.id}`);
      });
    });
    const actual = findTextLeakage(units).map((p) => `${p.trainId}-${p.evalId}`);
    assert.ok(expected.length > 20, `fixture has leaks (${expected.length})`);
    assert.deepEqual(actual, expected);
  });

  it('moves each leaking train group to eval in one pass and lists what straddles afterwards', () => {
    const x = words('x', 40).join(' ');
    const y = words('y', 40).join(' ');
    const units = [
      // g1 (train) holds x and y; x also sits in eval (g9), so g1 moves; y then leaks against g2's y.
      unit('a', 'g1', 'train', x),
      unit('b', 'g1', 'train', y),
      unit('c', 'g2', 'train', y),
      unit('d', 'g9', 'eval', x),
    ];
    const move = moveTextLeakage(units);
    assert.deepEqual(move.before.map((p) => [p.trainId, p.evalId]), [['a', 'd']]);
    assert.deepEqual(move.moved, ['g1']);
    assert.deepEqual(move.after.map((p) => [p.trainId, p.evalId]), [['c', 'b']]);
  });

  it('gives the same moves whatever order the pairs were found in', () => {
    const x = words('x', 40).join(' ');
    const units = [unit('e', 'ge', 'eval', x), unit('t3', 'gB', 'train', x), unit('t1', 'gA', 'train', x), unit('t2', 'g\u{1F600}', 'train', x), unit('t4', 'g\uFFFD', 'train', x)];
    const forward = moveTextLeakage(units);
    const backward = moveTextLeakage([...units].reverse());
    assert.deepEqual(forward.moved, ['gA', 'gB', 'g\uFFFD', 'g\u{1F600}']);
    assert.deepEqual(backward.moved, forward.moved);
    assert.deepEqual(forward.after, []);
  });
});
