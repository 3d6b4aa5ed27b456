import { strict as assert } from 'node:assert';
import { candidateProbability, chooseBanding } from '../../../src/core/curate/text/lshBanding';

describe('LSH banding', () => {
  it('uses 12 bands of 5 rows for the default threshold 0.8, as docs/text-curation.md states', () => {
    assert.deepEqual(chooseBanding(0.8), { bands: 12, rows: 5 });
  });

  it('finds pairs at the threshold with probability at least 0.99 for thresholds from 0.5 to 1', () => {
    for (const threshold of [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1]) {
      const banding = chooseBanding(threshold);
      assert.ok(candidateProbability(threshold, banding) >= 0.99, `threshold ${threshold}`);
      assert.ok(banding.bands * banding.rows <= 64, `threshold ${threshold}: at most 64 hashes`);
    }
  });

  it('refuses thresholds outside (0, 1]', () => {
    for (const threshold of [0, -0.1, 1.5, NaN]) {
      assert.throws(() => chooseBanding(threshold), { name: 'CuratorError', kind: 'usage' });
    }
  });
});
