/**
 * Lance Curator core: store access, curation, export. No VS Code, no DOM.
 * The public API is what this file names; the stage internals (row tables,
 * payload columns, the dedup kernels, the example builders) are imported by
 * path where a test or a benchmark needs them.
 */
export * from './errors';
export * from './store/contextRecord';
export * from './store/contextSchema';
export * from './store/contextStore';
export * from './store/storeLocation';
export * from './store/remoteUri';
export * from './store/storeKind';
export * from './store/inspectDataset';
export * from './store/walStatus';
export * from './listing/lifecycle';
export * from './listing/listRecords';
export * from './listing/recordFilters';
export * from './pipeline/pipelineStages';
export * from './curate/exclusion';
export * from './text/formatCount';
export * from './curate/dedup';
export * from './curate/dedupResult';
export * from './curate/text/normaliseText';
export * from './curate/text/textUnit';
export * from './curate/text/exactTextDedup';
export * from './curate/text/minHashTextDedup';
export { chooseBanding, candidateProbability, type LshBanding } from './curate/text/lshBanding';
export * from './curate/text/benchmarkItems';
export * from './curate/text/ngramIndex';
export * from './curate/text/ngramDecontamination';
export * from './curate/text/groupUnitText';
export * from './curate/leakage';
export * from './curate/text/textLeakage';
export { EmbeddingLeakageMeasure } from './curate/embeddingLeakage';
export * from './export/exportTasks';
export * from './export/outputName';
export * from './export/groupBy';
export * from './export/manifest';
export * from './export/stats';
export * from './split/splitHash';
export * from './options/optionSpecs';
export * from './options/exportOptions';
export * from './options/resolveExportOptions';
export * from './options/optionError';
export * from './plan/curationSession';
export * from './plan/planExport';
export * from './plan/exportTraining';
export type { ExcludedExample, FormattedLine } from './formats/formatStage';
export * from './plan/splitLeakage';
export { leakagePath } from './export/outputFiles';
export * from './plan/holdout';
export * from './import/parseRecordJson';
export * from './import/importRecords';
export * from './time/rfc3339';
export * from './json/rustJson';
export * from './json/serdeValue';
export * from './demo/demoStore';
export * from './text/compareCodePoints';
export * from './export/histograms';
export * from './plan/groupDetail';
export * from './plan/groupUnitTextOf';
export * from './plan/recordLookup';
export type { PipelineProgress, RunHooks } from './plan/curate';
export type { GroupSummary } from './plan/exportRun';
export * from './split/outputSide';
export { exclusionsOf, displayPath } from './plan/exportRun';
export type { ExampleSpec, SkipReason } from './export/examplePlan';
export { exampleObject } from './export/exampleObjects';
