import * as assert from 'node:assert/strict';
import { convertExample } from '../../../src/core/formats/convertExample';
import { provenanceLine } from '../../../src/core/formats/provenanceLine';
import { rankedExample } from './exampleFixtures';

describe('provenanceLine', () => {
  const provenance = { context_uri: 'file:///ctx.lance', version: 3, record_ids: ['m-r1', 'm-r2', 'm-r3', 'm-r4', 'm-r5'], run_id: 'run' };

  it('gives each ranked pair its own line naming its own records and reward', () => {
    const outcomes = convertExample(rankedExample(), { flavour: 'trl', rankedPairs: 'adjacent' });
    const sidecar = outcomes.map((o) => ('line' in o ? JSON.stringify(provenanceLine({ group: 's1', provenance }, o)) : o.dropped));
    assert.deepEqual(sidecar, [
      '{"provenance":{"context_uri":"file:///ctx.lance","version":3,"record_ids":["m-r1","m-r2","m-r3","m-r4","m-r5"],"run_id":"run"},"group":"s1","reward":0.9,"form":"ranked","record_ids":["m-r1","m-r2","m-r3","m-r5"]}',
      '{"provenance":{"context_uri":"file:///ctx.lance","version":3,"record_ids":["m-r1","m-r2","m-r3","m-r4","m-r5"],"run_id":"run"},"group":"s1","reward":0.5,"form":"ranked","record_ids":["m-r1","m-r2","m-r5","m-r4"]}',
    ]);
  });

  it('leaves reward out when the line has none', () => {
    const line = provenanceLine({ group: 'g', provenance: {} }, { line: {}, form: 'sft', recordIds: ['r'] });
    assert.equal(JSON.stringify(line), '{"provenance":{},"group":"g","form":"sft","record_ids":["r"]}');
  });
});
