import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
// vsce's own listing: the files `npm run package` puts in the .vsix, by the same .vscodeignore rules.
import { listFiles, PackageManager } from '@vscode/vsce';

const ROOT = path.resolve(__dirname, '../..');
/** The .vsix `npm run package` writes (the e2e suite packages before it runs). */
const VSIX = path.join(ROOT, 'lance-curator-linux-x64.vsix');
/** docs/performance.md "The package": 73.9 MiB when set (89.6 MB before); lancedb's native library is most of it. */
const VSIX_BUDGET_MIB = 80;
/** Packages esbuild bundles into dist/ (scripts/build.mjs keeps only lancedb and apache-arrow external). */
const BUNDLED = ['gpt-tokenizer', '@huggingface/tokenizers', '@huggingface/jinja', 'lossless-json', 'commander', 'cli-progress', '@vscode/codicons'];

describe('the .vsix', () => {
  it(`stays within its size budget (${VSIX_BUDGET_MIB} MiB)`, () => {
    assert.ok(fs.existsSync(VSIX), `${VSIX} missing: npm run test:e2e packages it first`);
    const mib = fs.statSync(VSIX).size / 2 ** 20;
    console.log(`      .vsix: ${mib.toFixed(1)} MiB`);
    assert.ok(mib <= VSIX_BUDGET_MIB, `the .vsix is ${mib.toFixed(1)} MiB, past its ${VSIX_BUDGET_MIB} MiB budget: ship only what runs`);
  });

  it('ships only what runs: no bundled package a second time, the external ones once', async () => {
    const files = await listFiles({ cwd: ROOT, packageManager: PackageManager.Npm });
    for (const name of BUNDLED) assert.ok(!files.some((file) => file.startsWith(`node_modules/${name}/`)), `${name} is bundled into dist/ but shipped again`);
    for (const name of ['@lancedb/lancedb', 'apache-arrow']) assert.ok(files.some((file) => file.startsWith(`node_modules/${name}/`)), `${name} (external to the bundles) must ship`);
    assert.ok(files.includes('dist/extension.js') && files.includes('dist/curatorWorker.js'));
    // The webviews' icon font, copied beside webview.css by the build.
    assert.ok(files.some((file) => /^dist\/webview\/codicon-[\w-]+\.ttf$/.test(file)), 'the codicon font ships in dist/webview');
  });
});
