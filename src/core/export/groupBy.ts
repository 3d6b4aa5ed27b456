import { GROUP_BY_CHOICES, GroupBy, parseGroupBy } from '../options/exportVocabulary';
import { CodedStrings } from '../store/codedStrings';
import { RowTable } from '../store/rowTable';

export { GROUP_BY_CHOICES, parseGroupBy };
export type { GroupBy };

/** The label written to manifests (`session_id`, `external_id_prefix:#`, ...). */
export function groupByLabel(groupBy: GroupBy): string {
  return groupBy.kind === 'external_id_prefix' ? `external_id_prefix:${groupBy.delimiter}` : groupBy.kind;
}

/** What every key of a row that groups alone starts with. */
export const OWN_GROUP_PREFIX = '__rec__';

/** The key of a row without a value under the grouping: a group of its own. */
export function ownGroupKey(table: RowTable, row: number): string {
  return `${OWN_GROUP_PREFIX}${table.id[row]}`;
}

/**
 * A grouping read from a coded column: rows whose value is null group alone,
 * the others by `keyOfValue(value)`. `injective` says distinct values give
 * distinct keys, so a value's code alone names its group.
 */
export interface CodedGrouping {
  column: CodedStrings<string | null> | CodedStrings<string>;
  keyOfValue: (value: string) => string;
  injective: boolean;
}

const asIs = (value: string) => value;

/** The grouping's rule as a coded column, or undefined when every row groups alone (`none`). */
export function codedGroupingOf(groupBy: GroupBy, table: RowTable): CodedGrouping | undefined {
  switch (groupBy.kind) {
    case 'none':
      return undefined;
    case 'session_id':
      return { column: table.sessionId, keyOfValue: asIs, injective: true };
    // Never null: a missing run id reads as ''.
    case 'run_id':
      return { column: table.runId, keyOfValue: asIs, injective: true };
    case 'tenant':
      return { column: table.tenant, keyOfValue: asIs, injective: true };
    case 'source':
      return { column: table.source, keyOfValue: asIs, injective: true };
    case 'bot_id':
      return { column: table.botId, keyOfValue: asIs, injective: true };
    case 'external_id_prefix': {
      const delimiter = groupBy.delimiter;
      const keyOfValue = (externalId: string) => {
        const at = externalId.indexOf(delimiter);
        return at < 0 ? externalId : externalId.slice(0, at);
      };
      return { column: table.externalId, keyOfValue, injective: false };
    }
  }
}

/** A function giving each row's group key; rows without a value get their own `__rec__<id>` group. */
export function groupKeyOf(groupBy: GroupBy, table: RowTable): (row: number) => string {
  const coded = codedGroupingOf(groupBy, table);
  if (!coded) return (row) => ownGroupKey(table, row);
  const { column, keyOfValue } = coded;
  return (row) => {
    const value = column.at(row);
    return value === null ? ownGroupKey(table, row) : keyOfValue(value);
  };
}
