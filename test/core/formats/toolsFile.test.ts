import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CuratorError } from '../../../src/core/errors';
import { loadToolsFile } from '../../../src/core/formats/toolsFile';
import { collectRecordTools } from '../../../src/core/formats/toolSchemas';

describe('loadToolsFile', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(path.join(tmpdir(), 'tools-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function file(text: string): Promise<string> {
    const out = path.join(dir, 'tools.json');
    await writeFile(out, text);
    return out;
  }

  it('reads a list of nested and flat tools into the nested shape', async () => {
    const tools = await loadToolsFile(await file('[{"type":"function","function":{"name":"clock","parameters":{}}},{"name":"weather","description":"Forecast"}]'));
    assert.deepEqual(tools, [
      { type: 'function', function: { name: 'clock', parameters: {} } },
      { type: 'function', function: { name: 'weather', description: 'Forecast' } },
    ]);
  });

  it('reads an object holding a tools list', async () => {
    assert.deepEqual(await loadToolsFile(await file('{"tools":[{"name":"clock"}]}')), [{ type: 'function', function: { name: 'clock' } }]);
  });

  it('refuses a file that is not JSON, naming the file', async () => {
    const bad = await file('[{');
    await assert.rejects(loadToolsFile(bad), (e: unknown) => CuratorError.is(e, 'input') && e.details.file === bad && /not valid JSON/.test(e.message));
  });

  it('refuses a tool without a name, naming its position', async () => {
    await assert.rejects(loadToolsFile(await file('[{"name":"a"},{"parameters":{}}]')), (e: unknown) => CuratorError.is(e, 'input') && e.details.field === 'tools[1]');
  });

  it('refuses a file that holds no tools list', async () => {
    await assert.rejects(loadToolsFile(await file('{"functions":[]}')), /neither a list of tools nor an object with a "tools" list/);
  });

  it('refuses a missing file', async () => {
    await assert.rejects(loadToolsFile(path.join(dir, 'none.json')), /cannot be read/);
  });
});

describe('collectRecordTools', () => {
  it('takes tools from raw_message and metadata, first definition of each name kept', () => {
    const tools = collectRecordTools([
      { id: 'a', role: 'system', text: '', contentType: 'text/plain', metadata: { raw_message: { role: 'system', tools: [{ name: 'clock', description: 'first' }] } } },
      { id: 'b', role: 'user', text: '', contentType: 'text/plain', metadata: { tools: [{ type: 'function', function: { name: 'clock', description: 'second' } }, { name: 'weather' }] } },
    ]);
    assert.deepEqual(tools, [
      { type: 'function', function: { name: 'clock', description: 'first' } },
      { type: 'function', function: { name: 'weather' } },
    ]);
  });
});
