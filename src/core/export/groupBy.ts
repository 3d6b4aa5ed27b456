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
  return `${OWN_GROUP_PREFIX}${table.id.at(row)}`;
}

/**
 * A grouping's rule. `record`: every row groups alone. `code`: rows group by
 * their value in a coded column, so a value's code names its group; rows
 * whose value is null group alone. `value`: rows group by a key made of their
 * value (null: alone).
 */
export type GroupRule =
  | { by: 'record' }
  | { by: 'code'; column: CodedStrings<string | null> | CodedStrings<string> }
  | { by: 'value'; valueOf: (row: number) => string | null; keyOfValue: (value: string) => string };

export function groupRuleOf(groupBy: GroupBy, table: RowTable): GroupRule {
  switch (groupBy.kind) {
    case 'none':
      return { by: 'record' };
    case 'session_id':
      return { by: 'code', column: table.sessionId };
    // Never null: a missing run id reads as ''.
    case 'run_id':
      return { by: 'code', column: table.runId };
    case 'tenant':
      return { by: 'code', column: table.tenant };
    case 'source':
      return { by: 'code', column: table.source };
    case 'bot_id':
      return { by: 'code', column: table.botId };
    case 'external_id_prefix': {
      const delimiter = groupBy.delimiter;
      const keyOfValue = (externalId: string) => {
        const at = externalId.indexOf(delimiter);
        return at < 0 ? externalId : externalId.slice(0, at);
      };
      return { by: 'value', valueOf: (row) => table.externalId.at(row), keyOfValue };
    }
  }
}

/** A function giving each row's group key; rows without a value get their own `__rec__<id>` group. */
export function groupKeyOf(groupBy: GroupBy, table: RowTable): (row: number) => string {
  const rule = groupRuleOf(groupBy, table);
  switch (rule.by) {
    case 'record':
      return (row) => ownGroupKey(table, row);
    case 'code': {
      const column = rule.column;
      return (row) => column.at(row) ?? ownGroupKey(table, row);
    }
    case 'value': {
      const { valueOf, keyOfValue } = rule;
      return (row) => {
        const value = valueOf(row);
        return value === null ? ownGroupKey(table, row) : keyOfValue(value);
      };
    }
  }
}
