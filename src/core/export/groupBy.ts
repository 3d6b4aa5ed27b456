import { optionError } from '../options/optionError';
import { RowTable } from '../store/rowTable';

/** How records are grouped into one example (and how a split stays disjoint). */
export type GroupBy =
  | { kind: 'none' }
  | { kind: 'session_id' }
  | { kind: 'run_id' }
  | { kind: 'tenant' }
  | { kind: 'source' }
  | { kind: 'bot_id' }
  | { kind: 'external_id_prefix'; delimiter: string };

export const GROUP_BY_CHOICES = ['none', 'session_id', 'run_id', 'tenant', 'source', 'bot_id', 'external_id_prefix:<delim>'] as const;

/** Parses `none|session_id|run_id|tenant|source|bot_id|external_id_prefix:<delim>`. */
export function parseGroupBy(text: string, option: 'groupBy' | 'splitBy' = 'groupBy'): GroupBy {
  switch (text) {
    case 'none':
    case 'session_id':
    case 'run_id':
    case 'tenant':
    case 'source':
    case 'bot_id':
      return { kind: text };
  }
  const prefix = 'external_id_prefix:';
  if (text.startsWith(prefix) && text.length > prefix.length) {
    return { kind: 'external_id_prefix', delimiter: text.slice(prefix.length) };
  }
  throw optionError(option, `unknown grouping '${text}' (use one of ${GROUP_BY_CHOICES.join(', ')})`);
}

/** The label written to manifests (`session_id`, `external_id_prefix:#`, ...). */
export function groupByLabel(groupBy: GroupBy): string {
  return groupBy.kind === 'external_id_prefix' ? `external_id_prefix:${groupBy.delimiter}` : groupBy.kind;
}

/** A function giving each row's group key; rows without a value get their own `__rec__<id>` group. */
export function groupKeyOf(groupBy: GroupBy, table: RowTable): (row: number) => string {
  const orOwn = (value: string | null, row: number) => value ?? `__rec__${table.id[row]}`;
  switch (groupBy.kind) {
    case 'none':
      return (row) => `__rec__${table.id[row]}`;
    case 'session_id':
      return (row) => orOwn(table.sessionId[row], row);
    case 'run_id':
      return (row) => table.runId[row];
    case 'tenant':
      return (row) => orOwn(table.tenant[row], row);
    case 'source':
      return (row) => orOwn(table.source[row], row);
    case 'bot_id':
      return (row) => orOwn(table.botId[row], row);
    case 'external_id_prefix': {
      const delimiter = groupBy.delimiter;
      return (row) => {
        const externalId = table.externalId[row];
        if (externalId === null) return `__rec__${table.id[row]}`;
        const at = externalId.indexOf(delimiter);
        return at < 0 ? externalId : externalId.slice(0, at);
      };
    }
  }
}
