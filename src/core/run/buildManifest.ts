import type { GroupList } from '../export/groupList';
import { groupByLabel } from '../export/groupBy';
import { EXPORT_SCHEMA_VERSION } from '../export/exportTasks';
import { ExportCounts, ExportManifest, ManifestWal, manifestWithIds, RecordIds, SplitManifest } from '../export/manifest';
import { manifestLabels } from '../labels/applyLabels';
import type { ResolvedExportOptions } from '../options/resolveExportOptions';
import type { OutputSide } from '../split/outputSide';
import type { WalStatus } from '../store/walStatus';
import { formatMicros } from '../time/rfc3339';
import type { Curation } from './curate';
import { WAL_NOT_INCLUDED } from './runWarnings';

/** The `.manifest.json` of one output, as export.rs writes it (split and WAL blocks only when they apply). */
export function buildManifest(
  curation: Curation,
  config: ResolvedExportOptions,
  groups: GroupList,
  counts: ExportCounts,
  side: OutputSide,
  complementPath: string | undefined,
  wal: WalStatus,
): ExportManifest {
  const { table, state } = curation;
  let start = Infinity;
  let end = -Infinity;
  // Every group's rows, group after group.
  const rows = groups.rows;
  for (let i = 0; i < rows.length; i++) {
    const createdAt = table.createdAt[rows[i]];
    if (createdAt < start) start = createdAt;
    if (createdAt > end) end = createdAt;
  }
  // The ids stay in the table: the manifest's writer encodes them from the rows one by one (`writeManifestJson`).
  const ids: RecordIds = {
    count: rows.length,
    forEach(visit) {
      for (let i = 0; i < rows.length; i++) visit(table.id.at(rows[i]));
    },
    rows: { ids: table.id, rows },
  };
  const split: SplitManifest | undefined =
    config.split && side !== 'all'
      ? {
          side,
          eval_fraction: config.split.evalFraction,
          by: groupByLabel(config.split.by),
          seed: config.split.seed,
          complement_path: complementPath ?? '',
        }
      : undefined;
  return manifestWithIds({
    context_uri: state.store.uri,
    version: state.store.version,
    task: config.task,
    group_by: groupByLabel(config.groupBy),
    schema_version: EXPORT_SCHEMA_VERSION,
    preference_form: config.task === 'preference' ? config.form : undefined,
    filters: config.filterValue,
    dedup_threshold: config.dedupThreshold,
    decontaminate_threshold: config.decontaminateThreshold,
    min_reward: config.minReward,
    split,
    created_at_start: rows.length > 0 ? formatMicros(start) : undefined,
    created_at_end: rows.length > 0 ? formatMicros(end) : undefined,
    counts,
    order: config.order === 'created_at' ? 'created_at' : undefined,
    wal: manifestWal(wal),
    format: config.format === 'native' ? undefined : config.format,
    ranked_pairs: config.format !== 'native' && config.task === 'preference' && config.form === 'ranked' ? config.rankedPairs : undefined,
    margin: config.margin || undefined,
    tools: config.tools,
    tokenizer: config.tokenizer,
    chat_template: config.chatTemplate,
    max_tokens: config.maxTokens,
    labels: curation.labels && manifestLabels(curation.labels),
  }, ids);
}


/** Present only when the log held records: included ones are counted, left-out ones explained. */
function manifestWal(wal: WalStatus): ManifestWal | undefined {
  if (!wal.memWal || wal.walRecords === 0) return undefined;
  return wal.included ? { included: true, records: wal.walRecords } : { included: false, note: WAL_NOT_INCLUDED };
}
