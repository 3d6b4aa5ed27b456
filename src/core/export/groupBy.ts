import { GROUP_BY_CHOICES, GroupBy, parseGroupBy } from '../options/exportVocabulary';
import { RowTable } from '../store/rowTable';

export { GROUP_BY_CHOICES, parseGroupBy };
export type { GroupBy };

/** The label written to manifests (`session_id`, `external_id_prefix:#`, ...). */
export function groupByLabel(groupBy: GroupBy): string {
  return groupBy.kind === 'external_id_prefix' ? `external_id_prefix:${groupBy.delimiter}` : groupBy.kind;
}

/** A function giving each row's group key; rows without a value get their own `__rec__<id>` group. */
export function groupKeyOf(groupBy: GroupBy, table: RowTable): (row: number) => string {
  const orOwn = (value: string | null, row: number) => value ?? `__rec__${table.id.at(row)}`;
  switch (groupBy.kind) {
    case 'none':
      return (row) => `__rec__${table.id.at(row)}`;
    case 'session_id':
      return (row) => orOwn(table.sessionId.at(row), row);
    case 'run_id':
      return (row) => table.runId.at(row);
    case 'tenant':
      return (row) => orOwn(table.tenant.at(row), row);
    case 'source':
      return (row) => orOwn(table.source.at(row), row);
    case 'bot_id':
      return (row) => orOwn(table.botId.at(row), row);
    case 'external_id_prefix': {
      const delimiter = groupBy.delimiter;
      return (row) => {
        const externalId = table.externalId.at(row);
        if (externalId === null) return `__rec__${table.id.at(row)}`;
        const at = externalId.indexOf(delimiter);
        return at < 0 ? externalId : externalId.slice(0, at);
      };
    }
  }
}
