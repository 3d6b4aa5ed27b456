import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDemoStore, CurationSession, exportTraining, ExportOptions, importRecords, planExport } from '../../src/core';
import { rec } from '../helpers/records';
import { appendWithRawText } from '../helpers/rawStore';
import { useTempDir } from '../helpers/tempDir';

// Files are written by the byte writer; previews serialize objects with toRustJson. They must agree byte for byte.
describe('example byte writer', function () {
  this.timeout(60_000);
  const tmp = useTempDir();

  async function assertSameBytes(store: string, options: ExportOptions): Promise<void> {
    const session = await CurationSession.open(store);
    try {
      const out = path.join(tmp(), 'out.jsonl');
      const result = await exportTraining(session, options, out);
      const plan = await planExport(session, options, { limit: 1e9 });
      for (const [output, preview] of result.outputs.map((o, i) => [o, i === 0 ? plan.output : plan.eval!] as const)) {
        const expected = preview.examples.map((e) => e.line + '\n').join('');
        assert.equal(fs.readFileSync(output.path, 'utf8'), expected, `${JSON.stringify(options)} ${output.side}`);
        assert.ok(preview.examples.length > 0 || output.manifest.counts.examples === 0);
      }
    } finally {
      await session.close();
    }
  }

  const cases: ExportOptions[] = [
    { task: 'sft' },
    { task: 'sft', groupBy: 'none', minReward: 0.5 },
    { task: 'preference', form: 'paired' },
    { task: 'preference', form: 'unpaired', minReward: 0.5 },
    { task: 'preference', form: 'ranked' },
    { task: 'rollout' },
    { task: 'rollout', splitEval: 0.3, splitSeed: '11' },
  ];
  for (const options of cases) {
    it(`writes the same bytes as the preview's lines on the demo store: ${JSON.stringify(options)}`, async () => {
      const demo = await buildDemoStore(tmp());
      await assertSameBytes(demo.store, options);
    });
  }

  it('escapes control characters, quotes, backslashes and keeps non-ASCII text as it is', async () => {
    const texts = ['quote " backslash \\ slash /', 'controls \u0000\u0001\u0008\t\n\u000b\u000c\r\u001f\u007f', 'ünïcödé — 😀 \u2028 \u2029', '', 'tab\tend'];
    const store = path.join(tmp(), 'x.lance');
    await importRecords(
      store,
      // Ids with quotes, backslashes and non-ASCII; external ids on some records only (null on the others).
      texts.map((text, i) => rec(`r"${i}\\ü`, i % 2 ? 'assistant' : 'user\n', text, i, { session_id: `s\u0001${i % 2}`, ...(i % 3 ? { external_id: `e\t${i}😀` } : {}), metadata: { reward: i / 3, reward_source: 'j"udge', group_id: 'g\\1' } })),
      { dim: 4 },
    );
    for (const task of ['sft', 'rollout'] as const) await assertSameBytes(store, { task });
    await assertSameBytes(store, { task: 'preference', form: 'ranked' });
  });

  it('decodes blob text payloads that are not valid UTF-8 like from_utf8_lossy, in both paths', async () => {
    const store = path.join(tmp(), 'b.lance');
    await importRecords(store, [rec('a', 'user', 'valid', 1)], { dim: 4, schema: { textPayloadAsBinary: true } });
    await appendWithRawText(store, rec('z', 'assistant', null, 2), Uint8Array.from([0x41, 0xff, 0xfe, 0x22, 0xc3]));
    await assertSameBytes(store, { task: 'sft' });
    const session = await CurationSession.open(store);
    const plan = await planExport(session, {});
    assert.equal(JSON.parse(plan.output.examples[0].line).messages[1].content, 'A\ufffd\ufffd"\ufffd');
    await session.close();
  });
});

describe('JSON byte writer', () => {
  const { JsonByteWriter } = require('../../src/core/json/jsonByteWriter') as typeof import('../../src/core/json/jsonByteWriter');
  const collect = (useWasm: boolean, write: (w: InstanceType<typeof JsonByteWriter>) => void, size = 1 << 16) => {
    const parts: Buffer[] = [];
    const writer = new JsonByteWriter((bytes) => parts.push(Buffer.from(bytes)), size, useWasm);
    write(writer);
    writer.flush();
    return Buffer.concat(parts).toString('utf8');
  };

  it('escapes in WebAssembly SIMD here: the wasm path really runs', () => {
    assert.equal(new JsonByteWriter(() => undefined, 1 << 16, true).escaping, 'wasm-simd');
    assert.equal(new JsonByteWriter(() => undefined, 1 << 16, false).escaping, 'portable');
  });

  it('escapes every byte value exactly as JSON.stringify does, with and without WebAssembly', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const samples: string[] = ['', 'a', '"', '\\', '\u0000', 'x'.repeat(15) + '\n', 'x'.repeat(16) + '\t', 'x'.repeat(33) + '"' + 'y'.repeat(40)];
    for (let i = 0; i < 0x20; i++) samples.push(String.fromCharCode(i).repeat(17));
    for (let n = 0; n < 300; n++) {
      const length = Math.floor(random() * 90);
      let text = '';
      for (let i = 0; i < length; i++) {
        const pick = random();
        text += pick < 0.15 ? String.fromCharCode(Math.floor(random() * 0x20)) : pick < 0.2 ? '"' : pick < 0.25 ? '\\' : pick < 0.35 ? ['é', '😀', '\u2028'][Math.floor(random() * 3)] : String.fromCharCode(0x20 + Math.floor(random() * 95));
      }
      samples.push(text);
    }
    for (const useWasm of [true, false]) {
      for (const text of samples) {
        const bytes = Buffer.from(text, 'utf8');
        assert.equal(collect(useWasm, (w) => w.utf8String(bytes, 0, bytes.length)), JSON.stringify(text), `${useWasm ? 'wasm' : 'js'} ${JSON.stringify(text)}`);
      }
    }
  });

  it('keeps output in order across flushes and memory growth', () => {
    const big = Buffer.from('line "one"\n'.repeat(200_000), 'utf8');
    const text = collect(true, (w) => {
      w.raw('[');
      w.utf8String(big, 0, 5000);
      w.raw(',');
      w.utf8String(big, 0, big.length);
      w.raw(']');
    }, 1 << 24);
    assert.equal(text, JSON.stringify([big.toString('utf8', 0, 5000), big.toString('utf8')]));
  });
});
