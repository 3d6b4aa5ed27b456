import type { RecordDetailView } from '../../../src/protocol/messages';
import { el } from '../elements';
import { messageView } from './transcript';

function time(micros: number | null): string {
  return micros === null ? '—' : new Date(micros / 1000).toISOString();
}

/** Every field of one record, text shown literally. */
export function recordDetail(record: RecordDetailView): HTMLElement {
  const fields: [string, string][] = [
    ['id', record.id],
    ['external_id', record.external_id ?? '—'],
    ['session_id', record.session_id ?? '—'],
    ['run_id', record.run_id],
    ['bot_id', record.bot_id ?? '—'],
    ['tenant', record.tenant ?? '—'],
    ['source', record.source ?? '—'],
    ['created_at', time(record.created_at)],
    ['lifecycle_status', record.lifecycle_status],
    ['expires_at', time(record.expires_at)],
    ['retired_at', time(record.retired_at)],
    ['retired_reason', record.retired_reason ?? '—'],
    ['supersedes_id', record.supersedes_id ?? '—'],
    ['superseded_by_id', record.superseded_by_id ?? '—'],
    ['content_type', record.content_type],
    ['embedding', record.embedding ? `${record.embedding.dim}-d [${record.embedding.head.map((x) => x.toFixed(3)).join(', ')}, …]` : '—'],
  ];
  if (record.state_metadata) fields.push(['state_metadata', JSON.stringify(record.state_metadata)]);
  if (record.binary_payload_bytes !== null) fields.push(['binary_payload', `${record.binary_payload_bytes} bytes`]);
  if (record.payload_uri) fields.push(['payload_uri', record.payload_uri]);
  return el(
    'div',
    { class: 'record-detail' },
    messageView({ role: record.role, content: record.text_payload ?? '' }),
    el('table', { class: 'kv' }, el('tbody', null, ...fields.map(([k, v]) => el('tr', null, el('th', { attrs: { scope: 'row' } }, k), el('td', null, v))))),
    record.metadata !== null && record.metadata !== undefined ? el('div', null, el('h4', null, 'metadata'), el('pre', { class: 'json' }, JSON.stringify(record.metadata, null, 2))) : null,
    record.relationships.length ? el('div', null, el('h4', null, 'relationships'), el('pre', { class: 'json' }, JSON.stringify(record.relationships, null, 2))) : null,
  );
}
