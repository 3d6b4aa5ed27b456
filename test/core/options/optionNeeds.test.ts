import { strict as assert } from 'node:assert';
import { applicableDefault, optionAsked, optionDropped, optionShown } from '../../../src/core/options/optionNeeds';
import { resolveExportOptions } from '../../../src/core/options/resolveExportOptions';
import { optionOf } from '../../helpers/optionOf';

describe("what follows from the options' needs", () => {
  it('shows an option where it applies, and one it refuses while it holds a value', () => {
    assert.equal(optionShown('margin', {}), false);
    assert.equal(optionShown('margin', { format: 'trl', task: 'preference', form: 'ranked' }), true);
    assert.equal(optionShown('margin', { margin: true }), true, 'refused without trl: kept on screen with its reason');
    assert.equal(optionShown('form', { task: 'sft', form: 'ranked' }), false, 'ignored under sft: hidden, value kept');
    assert.equal(optionShown('holdout', {}), true, 'a holdout needs a distance, but applies alone');
  });

  it('drops a setting of something no longer there, and nothing else', () => {
    assert.equal(optionDropped('shingleSize', { textDedup: 'exact', shingleSize: 3 }), true);
    assert.equal(optionDropped('shingleSize', { textDedup: 'minhash', shingleSize: 3 }), false);
    assert.equal(optionDropped('leakage', { leakage: 'report' }), true, 'the leakage check goes with the split');
    assert.equal(optionDropped('margin', { margin: true }), false, 'a refused choice stays, with its reason');
    assert.equal(optionDropped('decontaminateThreshold', { decontaminateThreshold: 0.1 }), false);
  });

  it('asks a step only where its option applies, and no distance for a holdout passed over', () => {
    assert.equal(optionAsked('form', ['task'], { task: 'sft' }), false);
    assert.equal(optionAsked('form', ['task'], { task: 'preference' }), true);
    assert.equal(optionAsked('holdout', ['task'], {}), true);
    assert.equal(optionAsked('decontaminateThreshold', ['holdout'], {}), false);
    assert.equal(optionAsked('decontaminateThreshold', ['holdout'], { holdout: 'h.jsonl' }), true);
  });

  it('writes a default to the run record only where the door takes it', () => {
    assert.equal(applicableDefault('splitSeed', {}), undefined);
    assert.equal(applicableDefault('splitSeed', { splitEval: 0.1 }), '0');
    assert.equal(applicableDefault('pairScope', { task: 'sft' }), undefined);
    assert.equal(applicableDefault('form', { task: 'sft' }), 'paired');
  });

  it('refuses the cross-option mistakes the table declares, naming the option to fix', () => {
    assert.equal(optionOf(() => resolveExportOptions({ format: 'openai', task: 'preference', form: 'unpaired' })), 'format');
    assert.equal(optionOf(() => resolveExportOptions({ tools: 'tools.json' })), 'tools');
    assert.equal(optionOf(() => resolveExportOptions({ chatTemplate: 't.jinja' })), 'tokenizer');
    assert.equal(optionOf(() => resolveExportOptions({ maxTokens: 10 })), 'tokenizer');
    assert.equal(optionOf(() => resolveExportOptions({ splitBy: 'tenant' })), 'splitEval');
    assert.doesNotThrow(() => resolveExportOptions({ tools: '  ', margin: false, form: 'unpaired' }), 'blank, off and ignored values are not refused');
  });
});
