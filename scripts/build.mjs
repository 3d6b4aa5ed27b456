// Bundles the CLI, the extension host, the curation worker and the webviews with esbuild.
import * as esbuild from 'esbuild';
import { generateKernelSources } from './buildKernel.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** lancedb (it loads a platform binary) and Arrow stay in node_modules; vscode is the host's. */
const external = ['@lancedb/lancedb', 'apache-arrow', 'vscode'];

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  external,
  logLevel: 'warning',
};

const builds = [
  { ...node, entryPoints: { cli: 'src/cli/index.ts', extension: 'src/extension/extension.ts', curatorWorker: 'src/extension/worker/curatorWorker.ts' }, outdir: 'dist' },
  {
    bundle: true,
    platform: 'browser',
    target: 'chrome114',
    format: 'esm',
    sourcemap: production ? false : 'inline',
    minify: production,
    logLevel: 'warning',
    entryPoints: { preview: 'webview-ui/src/preview/main.ts', stats: 'webview-ui/src/stats/main.ts', webview: 'webview-ui/src/styles/webview.css' },
    outdir: 'dist/webview',
  },
];

// The kernels' generated sources (every .wat, the dedup worker) come first: the bundles below import them.
await generateKernelSources();

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
