/**
 * The house rules, checked by `npm run lint:layers` (part of `npm test`):
 * the core is pure and imports inward only; the webview takes from the core
 * only types and an explicit list of value modules; no import cycles in the core.
 */
/** Core modules whose values the webview may use (the options table and what it needs). */
const WEBVIEW_CORE_VALUES = ['^src/core/options/', '^src/core/errors\\.ts$', '^src/core/listing/recordFilters\\.ts$', '^src/core/export/exampleNotes\\.ts$', '^src/core/text/formatDistance\\.ts$', '^src/core/text/formatCount\\.ts$', '^src/core/pipeline/', '^src/core/store/remoteUri\\.ts$', '^src/core/curate/exclusion\\.ts$'];

module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core must not reach the extension, the CLI, the protocol or the webview',
      severity: 'error',
      from: { path: '^src/core' },
      to: { path: '^(src/(extension|cli|protocol)|webview-ui)/' },
    },
    {
      name: 'core-without-vscode',
      comment: 'src/core runs in the CLI and the worker: no vscode API',
      severity: 'error',
      from: { path: '^src/core' },
      to: { path: '(^|/)vscode$|@types/vscode' },
    },
    {
      name: 'protocol-imports-core-only',
      severity: 'error',
      from: { path: '^src/protocol' },
      to: { path: '^(src/(extension|cli)|webview-ui)/' },
    },
    {
      name: 'cli-without-extension',
      severity: 'error',
      from: { path: '^src/cli' },
      to: { path: '^(src/extension|webview-ui)/' },
    },
    {
      name: 'webview-takes-core-values-from-the-allow-list',
      comment: 'the webview bundle imports core types freely, values only from WEBVIEW_CORE_VALUES',
      severity: 'error',
      from: { path: '^webview-ui' },
      to: { path: '^src/core', pathNot: WEBVIEW_CORE_VALUES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'webview-without-host',
      severity: 'error',
      from: { path: '^webview-ui' },
      to: { path: '^src/(extension|cli)/|(^|/)vscode$' },
    },
    {
      name: 'no-cycles-in-core',
      severity: 'error',
      comment: 'a type-only import (erased at build) does not make a cycle',
      from: { path: '^src/core' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'] },
  },
};
