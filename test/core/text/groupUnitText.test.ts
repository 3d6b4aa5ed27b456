import { strict as assert } from 'node:assert';
import { groupTextUnits, groupUnitText, recordsOfRemovedGroups } from '../../../src/core/curate/text/groupUnitText';
import { minHashTextDedup } from '../../../src/core/curate/text/minHashTextDedup';

describe('group unit text', () => {
  it('joins the records in (created_at, id) order, ids by code point, and normalises the whole', () => {
    const text = groupUnitText([
      { id: 'b', createdAt: 5, text: 'THIRD' },
      { id: '\u{1F600}', createdAt: 1, text: 'second' },
      { id: '\uFFFD', createdAt: 1, text: 'First  one' },
    ]);
    // U+FFFD sorts before U+1F600 by code point (UTF-8 bytes), though not by UTF-16 units.
    assert.equal(text, 'first one second third');
  });

  it('lets shingles run across record boundaries, so a group duplicates another split differently', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const groups = [
      { key: 'g1', records: [{ id: 'a', createdAt: 1, text: words.slice(0, 20).join(' ') }, { id: 'b', createdAt: 2, text: words.slice(20).join(' ') }] },
      { key: 'g2', records: [{ id: 'c', createdAt: 1, text: words.slice(0, 11).join(' ') }, { id: 'd', createdAt: 2, text: words.slice(11).join(' ') }] },
    ];
    const result = minHashTextDedup(groupTextUnits(groups));
    assert.deepEqual(result.duplicates.map((d) => [d.id, d.duplicateOf, d.similarity]), [['g2', 'g1', 1]]);
    assert.deepEqual(recordsOfRemovedGroups(groups, result.kept), ['c', 'd']);
  });
});
