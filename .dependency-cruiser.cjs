/**
 * The house rules, checked by `npm run lint:layers` (part of `npm test`):
 * the core is pure and imports inward only, its layers point down
 * (store < listing < curate < export < formats < run, options below export,
 * vocabulary at the bottom); the webview takes from the core only types and an
 * explicit list of value modules; no import cycle anywhere, type-only included.
 */
/** Core modules whose values the webview may use (the options table and what it needs). */
const WEBVIEW_CORE_VALUES = ['^src/core/options/', '^src/core/errors\\.ts$', '^src/core/listing/recordFilters\\.ts$', '^src/core/export/exampleNotes\\.ts$', '^src/core/strings/formatDistance\\.ts$', '^src/core/strings/formatCount\\.ts$', '^src/core/pipeline/', '^src/core/store/remoteUri\\.ts$'];

/** The core's layers, lowest first: a layer imports only the layers below it. */
const CORE_LAYERS = ['store', 'listing', 'curate', 'export', 'formats', 'run'];

function layerRules() {
  return CORE_LAYERS.slice(0, -1).map((layer, i) => ({
    name: `layer-${layer}-imports-only-below`,
    comment: `layer order ${CORE_LAYERS.join(' < ')}: ${layer} imports none of ${CORE_LAYERS.slice(i + 1).join(', ')}`,
    severity: 'error',
    from: { path: `^src/core/${layer}/` },
    to: { path: `^src/core/(${CORE_LAYERS.slice(i + 1).join('|')})/` },
  }));
}

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
    ...layerRules(),
    {
      name: 'options-below-export-formats-run',
      comment: 'the options table and its vocabulary sit below the stages that act on them',
      severity: 'error',
      from: { path: '^src/core/options/' },
      to: { path: '^src/core/(export|formats|run)/' },
    },
    {
      name: 'spill-sits-under-the-store',
      comment: 'the memory budget and spill files are used by every layer and use none',
      severity: 'error',
      from: { path: '^src/core/spill/' },
      to: { path: '^src/core/', pathNot: ['^src/core/spill/', '^src/core/errors\\.ts$'] },
    },
    {
      name: 'store-is-the-lowest-layer',
      severity: 'error',
      from: { path: '^src/core/store/' },
      to: { path: '^src/core/(import|listing|curate|export|formats|run|options)/' },
    },
    {
      name: 'vocabulary-at-the-bottom',
      comment: 'json/, strings/, time/, pipeline/, wasm/ and errors import no layer of the core',
      severity: 'error',
      from: { path: '^src/core/((json|strings|time|pipeline|wasm)/|errors)' },
      to: { path: '^src/core/(store|import|listing|curate|export|formats|run|options|split|labels|demo)/' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'anywhere, type-only imports included',
      from: {},
      to: { circular: true },
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
