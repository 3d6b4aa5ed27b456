import { GroupBy } from '../export/groupBy';
import { GroupIndex } from '../export/groupIndex';
import { GroupList } from '../export/groupList';
import { groupRows } from '../export/groupRows';
import { Curation } from './curate';

/** Group indexes of a preview session, per superset (a memoised stage result, so per listing) and grouping. */
const indexes = new WeakMap<Int32Array, Map<string, GroupIndex>>();

/**
 * The groups of `rows` (a curated output side). A preview session groups the
 * records before the reward filter once and filters those groups on each
 * recount; one-shot runs group only what they export.
 */
export function groupsOfRun(curation: Curation, groupBy: GroupBy, rows: Int32Array): GroupList {
  if (!curation.state.cachePayloads) return groupRows(curation.table, rows, groupBy);
  // What the reward filter (and every later stage) chooses from: it does not change with the slider.
  const superset = curation.stages.review?.kept ?? curation.stages.lifecycle.kept;
  let byGrouping = indexes.get(superset);
  if (!byGrouping) indexes.set(superset, (byGrouping = new Map()));
  const key = JSON.stringify(groupBy);
  let index = byGrouping.get(key);
  if (!index) byGrouping.set(key, (index = GroupIndex.build(curation.table, superset, groupBy)));
  return index.groupsOf(rows) ?? groupRows(curation.table, rows, groupBy);
}
