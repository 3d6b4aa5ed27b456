import { strict as assert } from 'node:assert';
import { stepProblem } from '../../src/extension/commands/stepProblem';

describe('a step of Export Training Set checks its answer where it is asked', () => {
  it('refuses an empty decontamination distance once a holdout is chosen, saying so with the option\'s label', () => {
    assert.equal(
      stepProblem('decontaminateThreshold', undefined, { task: 'sft', holdout: 'holdout.jsonl' }),
      'Decontamination distance: decontamination needs a distance (the cosine distance that counts as a match)',
    );
  });

  it('accepts a distance for the holdout, and an empty one without a holdout', () => {
    assert.equal(stepProblem('decontaminateThreshold', 0.05, { holdout: 'holdout.jsonl' }), undefined);
    assert.equal(stepProblem('decontaminateThreshold', undefined, {}), undefined);
  });

  it('says a value\'s own problem with the option\'s label', () => {
    assert.match(stepProblem('decontaminateThreshold', 3, { holdout: 'holdout.jsonl' }) ?? '', /^Decontamination distance: /);
    assert.match(stepProblem('minReward', Number('high'), {}) ?? '', /^Min reward: /);
  });

  it('leaves a rule that names a later step to that step (a holdout before its distance is asked)', () => {
    assert.equal(stepProblem('holdout', 'holdout.jsonl', { task: 'sft' }), undefined);
  });
});
