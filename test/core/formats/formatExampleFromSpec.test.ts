import * as assert from 'node:assert/strict';
import { CurationSession, resolveExportOptions } from '../../../src/core';
import { Group } from '../../../src/core/export/groupList';
import { ExampleSpec } from '../../../src/core/export/decideExamples';
import { RecordSource } from '../../../src/core/export/recordSource';
import { convertExample } from '../../../src/core/formats/convertExample';
import { formatExampleFromSpec } from '../../../src/core/formats/formatExampleFromSpec';
import { FormatExample } from '../../../src/core/formats/formatExample';
import { provenanceLine } from '../../../src/core/formats/provenanceLine';
import { decideExport } from '../../../src/core/run/decideExport';
import { addRecords, rec } from '../../helpers/records';
import { appendWithRawMetadata } from '../../helpers/rawStore';
import { useTempDir } from '../../helpers/tempDir';
import { OSLO } from './ingestedRecords';

describe('formatExampleFromSpec', function () {
  this.timeout(60_000);
  const tmp = useTempDir();

  /** The Oslo chat stored as ingest_messages stores it: the call-only assistant message as application/json. */
  function osloStore() {
    return OSLO.map((message, i) => {
      const { role, ...rest } = message;
      const json = message.content === null;
      return rec(`r${i + 1}`, String(role), json ? JSON.stringify(rest) : String(message.content), i, {
        content_type: json ? 'application/json' : 'text/plain',
        external_id: `chat#message-${i + 1}`,
        metadata: { raw_message: message, ...(i === 4 ? { reward: 1 } : {}) },
      });
    });
  }

  async function examplesOf(task: 'sft' | 'rollout', escapedKeys = false): Promise<FormatExample[]> {
    const records = osloStore();
    let store: string;
    if (!escapedKeys) store = await addRecords(tmp(), records);
    else {
      // The same metadata with every `raw_message` key spelled `raw\u005fmessage`: JSON reads them alike.
      store = await addRecords(tmp(), records.slice(0, 1));
      for (const record of records) {
        const text = JSON.stringify(record.metadata).replace(/"raw_message"/g, '"raw\\u005fmessage"');
        if (record !== records[0]) await appendWithRawMetadata(store, record, text);
      }
    }
    const session = await CurationSession.open(store);
    try {
      const examples: FormatExample[] = [];
      await decideExport(session, resolveExportOptions({ task }), undefined, {
        begin: (_output, source: RecordSource) => ({ example: (group: Group, spec: ExampleSpec) => void examples.push(formatExampleFromSpec(source, group, spec)) }),
      });
      return examples;
    } finally {
      await session.close();
    }
  }

  it('feeds a stored tool-calling chat to the converters with its calls intact', async () => {
    const [example] = await examplesOf('sft');
    const [outcome] = convertExample(example, { flavour: 'openai' });
    assert.ok('line' in outcome);
    assert.equal(
      JSON.stringify(outcome.line),
      '{"messages":[{"role":"system","content":"You tell the time."},{"role":"user","content":"Time in Oslo?"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"clock","arguments":"{\\"tz\\":\\"Europe/Oslo\\"}"}}]},{"role":"tool","tool_call_id":"c1","content":"14:02"},{"role":"assistant","content":"It is 14:02."}]}',
    );
  });

  it('reads raw_message whose key the metadata text spells with a \\u escape', async () => {
    const [plain] = await examplesOf('sft');
    const [escaped] = await examplesOf('sft', true);
    assert.ok(plain.form === 'sft' && escaped.form === 'sft');
    assert.deepEqual(escaped.records[3].metadata, { raw_message: OSLO[3] });
    assert.deepEqual(escaped.records.map((r) => r.metadata), plain.records.map((r) => r.metadata));
  });

  it('carries the group key, the native provenance and the reward into the sidecar line', async () => {
    const [example] = await examplesOf('sft');
    const [outcome] = convertExample(example, { flavour: 'trl' });
    assert.ok('line' in outcome);
    const sidecar = provenanceLine(example, outcome) as { group: string; reward: number; form: string; provenance: { record_ids: string[]; session_id: string } };
    assert.deepEqual([sidecar.group, sidecar.reward, sidecar.form, sidecar.provenance.session_id], ['s1', 1, 'sft', 's1']);
    assert.deepEqual(sidecar.provenance.record_ids, ['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('drops the rollout the native split makes of it, whose prompt holds a result of a candidate call', async () => {
    const [example] = await examplesOf('rollout');
    assert.deepEqual(
      convertExample(example, { flavour: 'trl' }).map((o) => ('dropped' in o ? o.dropped : 'line')),
      ['tool result r4 has no call to pair with'],
    );
  });
});
