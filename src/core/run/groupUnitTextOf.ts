import { TextStage } from '../listing/exclusion';
import { textGroupsOf } from '../curate/textStages';
import { joinGroupText, orderGroupRecords } from '../curate/text/groupUnitText';
import { groupKeyOf } from '../export/groupBy';
import { ExportOptions } from '../options/exportOptions';
import { resolveExportOptions } from '../options/resolveExportOptions';
import { curate, RunHooks } from './curate';
import { CurationSession } from './curationSession';

/** A group as a group-mode text dedup stage compared it (`--dedup-unit group`). */
export interface StageGroupText {
  key: string;
  /** Ids of the group's records the stage saw, in (created_at, id) order. */
  records: string[];
  /**
   * Their texts as written, in that order, joined with '\n'. Normalised
   * (`normaliseText`) it is exactly the unit text the stage compared.
   */
  text: string;
}

/**
 * The text of group `key` as the text dedup stage `stage` compared it under
 * `options`: the group's records still present when that stage ran (after the
 * reward filter, and for MinHash after the exact stage), so a removed
 * conversation can be diffed against the kept one. Undefined when the options
 * are not in group mode, the stage did not run, or no record of the group
 * reached it.
 *
 * @example
 * const kept = await groupUnitTextOf(session, { textDedup: 'minhash', dedupUnit: 'group' }, 'text_minhash', 's1');
 */
export async function groupUnitTextOf(
  session: CurationSession,
  options: ExportOptions,
  stage: TextStage,
  key: string,
  hooks: RunHooks = {},
): Promise<StageGroupText | undefined> {
  const config = resolveExportOptions(options);
  if (config.dedupUnit !== 'group') return undefined;
  const curation = await curate(session, config, hooks);
  const result = curation.stages[stage];
  if (!result) return undefined;
  const groupOf = groupKeyOf(config.groupBy, curation.table);
  // What the stage saw: the rows it kept and the rows it removed.
  const seen = [...result.kept, ...result.excluded.rows].filter((row) => groupOf(row) === key);
  if (seen.length === 0) return undefined;
  const texts = await curation.state.textsFor(seen, curation.listing.rows, { signal: hooks.signal });
  const { groups } = textGroupsOf({ table: curation.table, texts, groupOf }, seen);
  const records = groups[0].records;
  return { key, records: orderGroupRecords(records).map((record) => record.id), text: joinGroupText(records) };
}
