import { buildExamples } from '../export/exampleObjects';
import { SkipReason } from '../export/decideExamples';
import { RecordSource } from '../export/recordSource';
import { groupKeyOf } from '../export/groupBy';
import { groupRows } from '../export/groupRows';
import { toRustJson } from '../json/rustJson';
import { formatMicros } from '../time/rfc3339';
import { CurationSession } from './curationSession';
import { curate, RunHooks } from './curate';
import type { OutputSide } from '../split/outputSide';
import { exclusionsOf } from './exclusionsOf';
import { partition, splitSideOf } from './partition';
import { checkSplitLeakage } from './splitLeakage';
import { ExportOptions } from '../options/exportOptions';
import { resolveExportOptions } from '../options/resolveExportOptions';

/** One record of a group, with the signals a person looks at. */
export interface RecordSummary {
  id: string;
  role: string;
  text: string | null;
  created_at: string;
  external_id: string | null;
  session_id: string | null;
  run_id: string;
  tenant: string | null;
  source: string | null;
  lifecycle_status: string;
  reward?: number;
  reward_source?: string;
  label?: string;
  rank?: number;
  group_id?: string;
  tokens_used?: number;
}

/** A group's records and the examples it yields. */
export interface GroupDetail {
  key: string;
  side: OutputSide;
  records: RecordSummary[];
  /** Example lines exactly as written. */
  examples: string[];
  skipped?: SkipReason;
  /**
   * Turns of this conversation that curation dropped (lifecycle, reward, dedup,
   * decontamination, text stages), with the stage and the reason, in
   * (created_at, id) order: what the transcript above is missing, and why.
   */
  dropped: DroppedTurn[];
}

export interface DroppedTurn {
  id: string;
  role: string;
  created_at: string;
  stage: string;
  reason: string;
}

/** The records and examples of the group `key` under `options` (undefined when no such group). */
export async function describeGroup(
  session: CurationSession,
  options: ExportOptions,
  key: string,
  side: OutputSide = 'all',
  hooks: RunHooks = {},
): Promise<GroupDetail | undefined> {
  const config = resolveExportOptions(options);
  const curation = await curate(session, config, hooks);
  // A leakage move changes the sides, so the detail must see the same move as the run.
  const sideOf = config.leakage?.mode === 'move' ? splitSideOf(curation, config) : undefined;
  const leakage = sideOf && (await checkSplitLeakage(curation, config, sideOf, hooks));
  const rows = partition(curation, config, leakage && new Set(leakage.moved)).find((s) => s.side === side)?.rows;
  if (!rows) return undefined;
  const keyOf = groupKeyOf(config.groupBy, curation.table);
  const members = Int32Array.from(Array.from(rows).filter((row) => keyOf(row) === key));
  if (members.length === 0) return undefined;
  const group = groupRows(curation.table, members, config.groupBy).at(0);
  const texts = await curation.state.textsFor(group.rows, curation.listing.rows, { signal: hooks.signal });
  const store = curation.state.store;
  const source: RecordSource = { table: curation.table, signals: curation.signals, texts, contextUri: store.uri, version: store.version };
  const built = buildExamples(source, group, { task: config.task, form: config.form, minReward: config.minReward });
  return {
    key,
    side,
    records: Array.from(group.rows, (row) => summarizeRecord(source, row)),
    examples: built.examples.map((example) => toRustJson(example)),
    skipped: built.skipped,
    dropped: droppedTurns(curation, keyOf, key),
  };
}

/** The turns of group `key` that a curation stage (not the listing) removed. */
function droppedTurns(curation: Awaited<ReturnType<typeof curate>>, keyOf: (row: number) => string, key: string): DroppedTurn[] {
  const { table } = curation;
  const dropped: (DroppedTurn & { row: number })[] = [];
  for (const [stage, exclusions] of Object.entries(exclusionsOf(curation))) {
    if (stage === 'listing' || !exclusions) continue;
    // Only this group's evidence is made.
    for (let k = 0; k < exclusions.length; k++) {
      if (keyOf(exclusions.rows[k]) !== key) continue;
      const exclusion = exclusions.at(k);
      dropped.push({ id: exclusion.id, role: table.role.at(exclusion.row), created_at: formatMicros(table.createdAt[exclusion.row]), stage, reason: exclusion.reason, row: exclusion.row });
    }
  }
  // One key, so one group (or none): its rows in (created_at, id) order.
  const sorted = groupRows(table, Int32Array.from(dropped.map((d) => d.row)), () => key).rows;
  const byRow = new Map(dropped.map((d) => [d.row, d]));
  return Array.from(sorted, (row) => {
    const { row: _row, ...turn } = byRow.get(row)!;
    return turn;
  });
}

/** A record's display fields from the loaded columns. */
export function summarizeRecord(source: RecordSource, row: number): RecordSummary {
  const { table, signals } = source;
  const optional = <T>(value: T | undefined, keep: (v: T) => boolean) => (value !== undefined && keep(value) ? value : undefined);
  return {
    id: table.id.at(row),
    role: table.role.at(row),
    text: source.texts.text(row),
    created_at: formatMicros(table.createdAt[row]),
    external_id: table.externalId.at(row),
    session_id: table.sessionId.at(row),
    run_id: table.runId.at(row),
    tenant: table.tenant.at(row),
    source: table.source.at(row),
    lifecycle_status: table.lifecycleStatus.at(row),
    reward: optional(signals.reward.at(row), (v) => !Number.isNaN(v)),
    reward_source: signals.rewardSource.at(row),
    label: signals.label.at(row),
    rank: optional(signals.rank.at(row), (v) => !Number.isNaN(v)),
    group_id: signals.groupId.at(row),
    tokens_used: optional(table.tokensUsed.at(row), (v) => !Number.isNaN(v)),
  };
}
