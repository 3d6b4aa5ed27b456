import { strict as assert } from 'node:assert';
import { decideLabels, tieKey } from '../../../src/core';
import { labelEvent } from '../../helpers/labelEvents';

const T0 = 1_770_000_000_000_000;

describe('label decisions', () => {
  describe('latest wins, per record and per field', () => {
    it('the latest event by created_at wins across reviewers, whatever order the events were appended in', () => {
      const late = labelEvent({ reviewer: 'bo', action: 'label', label: 'rejected', created_at: T0 + 2 });
      const early = labelEvent({ reviewer: 'ana', action: 'label', label: 'chosen', created_at: T0 + 1 });
      const decisions = decideLabels([late, early]);
      assert.equal(decisions.records.get('r1')?.label?.value, 'rejected');
      assert.equal(decisions.records.get('r1')?.label?.reviewer, 'bo');
      assert.equal(decideLabels([early, late]).records.get('r1')?.label?.value, 'rejected');
    });

    it('equal times are ordered by event_id in byte order', () => {
      const a = labelEvent({ event_id: 'a', action: 'label', label: 'chosen', created_at: T0 });
      const b = labelEvent({ event_id: 'b', action: 'label', label: 'rejected', created_at: T0 });
      // 'Ａ' (U+FF21) is below '😀' in UTF-8 byte order though not in UTF-16 order.
      const fullwidth = labelEvent({ event_id: '\uff21', action: 'rank', rank: 2, created_at: T0 });
      const emoji = labelEvent({ event_id: '😀', action: 'rank', rank: 5, created_at: T0 });
      const decisions = decideLabels([b, a, emoji, fullwidth]);
      assert.equal(decisions.records.get('r1')?.label?.value, 'rejected');
      assert.equal(decisions.records.get('r1')?.rank?.value, 5);
    });

    it('fields are independent: a later label keeps an earlier rank, edit and discard', () => {
      const decisions = decideLabels([
        labelEvent({ action: 'rank', rank: 3, created_at: T0 + 1 }),
        labelEvent({ action: 'edit', text: 'fixed', created_at: T0 + 2 }),
        labelEvent({ action: 'discard', reason: 'broken', created_at: T0 + 3 }),
        labelEvent({ action: 'label', label: 'chosen', created_at: T0 + 4 }),
      ]);
      const r1 = decisions.records.get('r1')!;
      assert.deepEqual([r1.rank?.value, r1.text?.value, r1.discard?.reason, r1.label?.value], [3, 'fixed', 'broken', 'chosen']);
      assert.equal(decisions.eventsInEffect, 4);
    });

    it('an event about several records sets the field of each', () => {
      const decisions = decideLabels([labelEvent({ action: 'label', label: 'rejected', record_ids: ['r1', 'r2'] })]);
      assert.equal(decisions.records.get('r2')?.label?.value, 'rejected');
      assert.equal(decisions.records.get('r1')?.label?.value, 'rejected');
    });

    it('accept sets nothing', () => {
      const decisions = decideLabels([labelEvent({ action: 'accept' })]);
      assert.equal(decisions.records.size, 0);
      assert.equal(decisions.eventsInEffect, 0);
    });

    it('a superseded event is not in effect', () => {
      const decisions = decideLabels([
        labelEvent({ action: 'label', label: 'chosen', created_at: T0 + 1 }),
        labelEvent({ action: 'label', label: 'rejected', created_at: T0 + 2 }),
      ]);
      assert.equal(decisions.eventsInEffect, 1);
    });
  });

  describe('suggestions', () => {
    it('model: events change nothing, even when they are the latest', () => {
      const human = labelEvent({ action: 'label', label: 'chosen', created_at: T0 });
      const judge = labelEvent({ source: 'model:judge-1', reviewer: 'judge', action: 'label', label: 'rejected', created_at: T0 + 9 });
      const decisions = decideLabels([human, judge, labelEvent({ source: 'model:judge-1', action: 'discard', record_ids: ['r2'] })]);
      assert.equal(decisions.records.get('r1')?.label?.value, 'chosen');
      assert.equal(decisions.records.has('r2'), false);
    });
  });

  describe('retracts', () => {
    it('a retracted event is ignored, and the previous decision shows through', () => {
      const first = labelEvent({ action: 'label', label: 'chosen', created_at: T0 + 1 });
      const second = labelEvent({ action: 'label', label: 'rejected', created_at: T0 + 2 });
      const undo = labelEvent({ action: 'retract', retracts: second.event_id, record_ids: [], created_at: T0 + 3 });
      assert.equal(decideLabels([first, second, undo]).records.get('r1')?.label?.value, 'chosen');
    });

    it('anyone can retract, and a retract dated before its target still retracts it', () => {
      const decision = labelEvent({ reviewer: 'ana', action: 'discard', created_at: T0 + 5 });
      const undo = labelEvent({ reviewer: 'bo', action: 'retract', retracts: decision.event_id, created_at: T0 });
      assert.equal(decideLabels([undo, decision]).records.get('r1')?.discard, undefined);
    });

    it('a retract of an unknown event changes nothing', () => {
      const decision = labelEvent({ action: 'discard' });
      const undo = labelEvent({ action: 'retract', retracts: 'no-such-event' });
      assert.ok(decideLabels([decision, undo]).records.get('r1')?.discard);
    });

    it('a retract of a suggestion changes nothing', () => {
      const suggestion = labelEvent({ source: 'model:j', action: 'discard' });
      const human = labelEvent({ action: 'discard', reason: 'mine' });
      const undo = labelEvent({ action: 'retract', retracts: suggestion.event_id });
      assert.equal(decideLabels([suggestion, human, undo]).records.get('r1')?.discard?.reason, 'mine');
    });

    it('a retract of a retract changes nothing: the first stays retracted; undoing an undo means deciding again', () => {
      const decision = labelEvent({ action: 'discard' });
      const undo = labelEvent({ action: 'retract', retracts: decision.event_id });
      const undoUndo = labelEvent({ action: 'retract', retracts: undo.event_id });
      assert.equal(decideLabels([decision, undo, undoUndo]).records.get('r1')?.discard, undefined);
      const again = labelEvent({ action: 'discard', reason: 'again' });
      assert.equal(decideLabels([decision, undo, undoUndo, again]).records.get('r1')?.discard?.reason, 'again');
    });

    it("a suggestion's retract changes nothing", () => {
      const decision = labelEvent({ action: 'discard' });
      const undo = labelEvent({ source: 'model:j', action: 'retract', retracts: decision.event_id });
      assert.ok(decideLabels([decision, undo]).records.get('r1')?.discard);
    });

    it('a retracted tie no longer holds', () => {
      const tie = labelEvent({ action: 'tie', record_ids: ['r2', 'r1'], reason: 'same' });
      const decisions = decideLabels([tie]);
      assert.deepEqual(decisions.ties.get(tieKey('r1', 'r2'))?.records, ['r1', 'r2']);
      const undo = labelEvent({ action: 'retract', retracts: tie.event_id });
      assert.equal(decideLabels([tie, undo]).ties.size, 0);
    });
  });

  describe('ties', () => {
    it('a later label does not undo a tie', () => {
      const decisions = decideLabels([
        labelEvent({ action: 'tie', record_ids: ['a', 'b'], created_at: T0 }),
        labelEvent({ action: 'label', label: 'chosen', record_ids: ['a'], created_at: T0 + 1 }),
      ]);
      assert.ok(decisions.ties.has(tieKey('b', 'a')));
      assert.equal(decisions.records.get('a')?.label?.value, 'chosen');
    });
  });

  it('an event id repeated counts once, as its first occurrence', () => {
    const first = labelEvent({ event_id: 'x', action: 'label', label: 'chosen', created_at: T0 + 1 });
    const copy = { ...first, label: 'rejected' as const, created_at: T0 + 2 };
    assert.equal(decideLabels([first, copy]).records.get('r1')?.label?.value, 'chosen');
  });
});
