/** Ids contributed in package.json (the source of truth); a test keeps the two in step. */
export const Commands = {
  exportTrainingSet: 'lanceCurator.exportTrainingSet',
  previewExport: 'lanceCurator.previewExport',
  addStore: 'lanceCurator.addStore',
  openStats: 'lanceCurator.openStats',
  refreshStores: 'lanceCurator.refreshStores',
  copyStoreUri: 'lanceCurator.copyStoreUri',
  removeStore: 'lanceCurator.removeStore',
  showOlderVersions: 'lanceCurator.showOlderVersions',
  buildDemoStore: 'lanceCurator.buildDemoStore',
  setStoreCredentials: 'lanceCurator.setStoreCredentials',
  showOutput: 'lanceCurator.showOutput',
  showHiddenStores: 'lanceCurator.showHiddenStores',
} as const;

export const Views = {
  container: 'lanceCurator',
  stores: 'lanceCurator.stores',
} as const;

export const Editors = {
  stats: 'lanceCurator.stats',
} as const;

export const Panels = {
  preview: 'lanceCurator.preview',
} as const;

export const Settings = {
  section: 'lanceCurator',
  stores: 'stores',
  discoveryMaxDepth: 'discovery.maxDepth',
  outputDirectory: 'outputDirectory',
  sampleSize: 'preview.sampleSize',
  debounceMs: 'preview.debounceMs',
  versionsPageSize: 'versions.pageSize',
  allowUnmergedWal: 'allowUnmergedWal',
  memoryBudget: 'memoryBudget',
  tempDir: 'tempDir',
  reviewer: 'review.reviewer',
  showRewardsUpFront: 'review.showRewardsUpFront',
  labels: 'review.labels',
} as const;

/** Tree item context values (menus match them with `viewItem`). */
export const ContextValues = {
  localStore: 'lanceCurator.store.local',
  remoteStore: 'lanceCurator.store.remote',
  version: 'lanceCurator.version',
  olderVersions: 'lanceCurator.olderVersions',
  error: 'lanceCurator.error',
  labels: 'lanceCurator.labels',
} as const;
