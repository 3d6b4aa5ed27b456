import { strict as assert } from 'node:assert';
import { exampleOutcomes, krippendorffNominal, median, positionBias, reviewerAgreement } from '../../../src/core';
import { labelEvent } from '../../helpers/labelEvents';

describe('review agreement', () => {
  it("Krippendorff's alpha (nominal): 1 for perfect agreement, undefined without variation, by hand otherwise", () => {
    assert.equal(krippendorffNominal([['x', 'x'], ['y', 'y']]), 1);
    assert.equal(krippendorffNominal([['x', 'x'], ['x', 'x']]), null);
    // n = 4; disagreements 2 (a–b both ways); Σ n_c·n_k = 2·(1·1 + 1·2 + 1·2) = 10; α = 1 − 3·2/10.
    assert.ok(Math.abs(krippendorffNominal([['a', 'b'], ['tie', 'tie']])! - 0.4) < 1e-12);
    // Krippendorff, "Computing Krippendorff's alpha-reliability" (2011): 4 observers, 12 units, missing values; nominal α = 0.743.
    const units = ['111', '2232', '3333', '3333', '2222', '1234', '4444', '1121', '2222', '555', '11', '3'].map((u) => [...u]);
    assert.equal(krippendorffNominal(units)!.toFixed(3), '0.743');
  });

  it("each reviewer's value is their latest non-retracted outcome: chosen id, tie, discard or accept; rejecting one of two chooses the other", () => {
    const shown = ['r1', 'r2'];
    const outcomes = exampleOutcomes([
      labelEvent({ reviewer: 'ana', action: 'label', label: 'chosen', record_ids: ['r1'], shown_order: shown, created_at: 1 }),
      labelEvent({ reviewer: 'ana', action: 'tie', record_ids: ['r1', 'r2'], shown_order: shown, created_at: 2 }),
      labelEvent({ reviewer: 'bo', action: 'label', label: 'rejected', record_ids: ['r2'], shown_order: ['r2', 'r1'], created_at: 1 }),
    ]);
    const of = (reviewer: string) => outcomes.find((o) => o.reviewer === reviewer)!.outcome;
    assert.equal(of('ana'), 'tie');
    assert.equal(of('bo'), 'chosen:r1');
    assert.deepEqual(reviewerAgreement(outcomes), { alpha: 0, examples: 1, reviewers: 2 });
  });

  it('agreement counts people only; position bias counts judges too', () => {
    const events = [
      labelEvent({ reviewer: 'ana', action: 'label', label: 'chosen', record_ids: ['a'], shown_order: ['a', 'b'] }),
      labelEvent({ reviewer: 'judge', source: 'model:j', action: 'label', label: 'chosen', record_ids: ['b'], shown_order: ['b', 'a'] }),
      labelEvent({ reviewer: 'judge', source: 'model:j', action: 'label', label: 'chosen', record_ids: ['c'], shown_order: ['d', 'c'] }),
    ];
    const outcomes = exampleOutcomes(events);
    assert.equal(reviewerAgreement(outcomes).examples, 0);
    assert.deepEqual(positionBias(outcomes).get('judge'), { picks: 2, firstShown: 1, rate: 0.5 });
    assert.deepEqual(positionBias(outcomes).get('ana'), { picks: 1, firstShown: 1, rate: 1 });
  });

  it('median of odd and even counts', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), null);
  });
});
