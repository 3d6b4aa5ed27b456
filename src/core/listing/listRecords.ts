import { throwIfAborted } from '../errors';
import { Exclusions, RuleCounts } from './exclusions';
import { RowsBuilder } from '../store/rowsBuilder';
import { grownArray } from '../store/grownArray';
import { RecordSignals } from './recordSignals';
import { isTombstoneContentType } from '../store/contextRecord';
import { RowTable } from '../store/rowTable';
import { formatMicros, nowMicros } from '../time/rfc3339';
import { parseSerdeValue, SerdeValue } from '../json/serdeValue';
import { ListingOrder } from './listingOrder';
import { isVisibleStatus, LifecycleOptions } from './lifecycle';
import { orderByCreatedAt } from './orderByCreatedAt';
import { compileFilters, describeFilterMiss, FilterSubject, isEmptyFilters, RecordFilters } from './recordFilters';

export interface ListOptions extends LifecycleOptions {
  filters?: RecordFilters;
  /** Fail on a record whose metadata is not valid JSON instead of skipping it. */
  strict?: boolean;
  /** Order of the visible rows: `scan` (default here: the read's order) or `created_at`. */
  order?: ListingOrder;
  signal?: AbortSignal;
}

/** The records a lance-context listing returns, plus the ones it hides and why. */
export interface Listing {
  /** Visible rows, in the requested order (scan order: a record sits where its last written row is). */
  rows: Int32Array;
  /** Records hidden by the listing: tombstoned, expired, retired, superseded, filtered out, unreadable. */
  hidden: Exclusions;
  /** The reference time used for expiry, microseconds. */
  referenceTime: number;
}

export class InvalidMetadataError extends Error {
  constructor(
    readonly row: number,
    readonly recordId: string,
    readonly detail: string,
  ) {
    super(`record ${recordId}: metadata is not valid JSON (${detail})`);
  }
}

/**
 * Applies lance-context's listing rules to every physical row: the last row of
 * each id wins, tombstones hide their id, a record named by another surviving
 * row's `supersedes_id` is hidden, lifecycle visibility, then filters.
 */
export function listRecords(table: RowTable, signals: RecordSignals, options: ListOptions = {}): Listing {
  const referenceTime = options.referenceTime ?? nowMicros();
  // The last written row of each id, by hash (bytes compared only when two hashes match).
  const survivors = table.id.lastRowOfEach();

  const successors = new Map<string, string>();
  for (const row of survivors) {
    const target = table.supersedesId.at(row);
    if (target === null || successors.has(target)) continue;
    const id = table.id.at(row);
    if (target !== id) successors.set(target, id);
  }
  // A row's id is decoded only when its hash is one of the few targets'.
  const supersededBy = table.id.keyedLookup(successors);

  const filter = isEmptyFilters(options.filters) ? undefined : compileFilters(options.filters!);
  const tombstones = new Map<string, boolean>();
  // The hidden rows and each one's rule; the reasons are made from the columns when someone asks.
  const hiddenRows = new RowsBuilder();
  let hiddenRules = new Uint8Array(256);
  const rules: RuleCounts = {};
  // Typed, not a JS array: ten million visible rows are 40 MB here, not 80 MB plus its growth.
  const visible = new Int32Array(survivors.length);
  let visibleCount = 0;
  let hiddenCount = 0;
  const hide = (row: number, rule: ListingRule) => {
    hiddenRows.push(row);
    if (hiddenCount === hiddenRules.length) hiddenRules = grownArray(hiddenRules);
    hiddenRules[hiddenCount++] = LISTING_RULES.indexOf(rule);
    rules[rule] = (rules[rule] ?? 0) + 1;
  };

  for (let i = 0; i < survivors.length; i++) {
    if ((i & 0xffff) === 0) throwIfAborted(options.signal);
    const row = survivors[i];
    const contentType = table.contentType.at(row);
    let tombstone = tombstones.get(contentType);
    if (tombstone === undefined) tombstones.set(contentType, (tombstone = isTombstoneContentType(contentType)));
    if (tombstone) {
      hide(row, 'tombstone');
      continue;
    }
    const expiresAt = table.expiresAt.at(row);
    if (!options.includeExpired && !Number.isNaN(expiresAt) && expiresAt <= referenceTime) {
      hide(row, 'expired');
      continue;
    }
    if (!options.includeRetired) {
      const rule = lifecycleHiddenRule(table, row, supersededBy);
      if (rule) {
        hide(row, rule);
        continue;
      }
    }
    const invalid = signals.invalid.get(row);
    if (invalid !== undefined) {
      if (options.strict) throw new InvalidMetadataError(row, table.id.at(row), invalid);
      hide(row, 'invalid_metadata');
      continue;
    }
    if (filter) {
      const miss = filter(filterSubject(table, row));
      if (miss !== undefined) {
        hide(row, 'filter');
        continue;
      }
    }
    visible[visibleCount++] = row;
  }
  const rows = visible.slice(0, visibleCount);
  const removed = hiddenRows.build();
  // What each rule's reason reads: the row's columns, and what the listing fixed (filters, successors, reference time).
  const reasonOf = (row: number, rule: ListingRule): string => {
    switch (rule) {
      case 'tombstone':
        return `deleted (tombstone written ${formatMicros(table.createdAt[row])})`;
      case 'expired':
        return `expired ${formatMicros(table.expiresAt.at(row))}`;
      case 'invalid_metadata':
        return `metadata is not valid JSON (${signals.invalid.get(row)})`;
      case 'filter':
        return `filtered out: ${describeFilterMiss(options.filters!, filter!(filterSubject(table, row))!)}`;
      default:
        return lifecycleHiddenReason(table, row, rule, supersededBy);
    }
  };
  const hidden = new Exclusions('listing', table, removed, rules, (k) => {
    const rule = LISTING_RULES[hiddenRules[k]];
    return { rule, reason: reasonOf(removed[k], rule) };
  });
  return { rows: options.order === 'created_at' ? orderByCreatedAt(table, rows) : rows, hidden, referenceTime };
}

/** The rules a listing hides records by. */
const LISTING_RULES = ['tombstone', 'expired', 'retired', 'status', 'superseded', 'invalid_metadata', 'filter'] as const;
type ListingRule = (typeof LISTING_RULES)[number];

/** Why lifecycle visibility hides `row` (retired, status, superseded), or undefined when it shows it. */
function lifecycleHiddenRule(table: RowTable, row: number, supersededBy: (row: number) => string | undefined): ListingRule | undefined {
  if (!Number.isNaN(table.retiredAt.at(row))) return 'retired';
  if (!isVisibleStatus(table.lifecycleStatus.at(row))) return 'status';
  if (table.supersededById.at(row) !== null || supersededBy(row) !== undefined) return 'superseded';
  return undefined;
}

/** The sentence for a row {@link lifecycleHiddenRule} hid by `rule`. */
function lifecycleHiddenReason(table: RowTable, row: number, rule: ListingRule, supersededBy: (row: number) => string | undefined): string {
  if (rule === 'retired') {
    const why = table.retiredReason.at(row);
    return `retired ${formatMicros(table.retiredAt.at(row))}${why ? ` (${why})` : ''}`;
  }
  if (rule === 'status') return `lifecycle status '${table.lifecycleStatus.at(row)}'`;
  const by = table.supersededById.at(row);
  if (by !== null) return `superseded by ${by}`;
  return `superseded by ${supersededBy(row)} (its supersedes_id)`;
}

function filterSubject(table: RowTable, row: number): FilterSubject {
  let parsed: SerdeValue | undefined;
  let done = false;
  return {
    bot_id: table.botId.at(row),
    // Decoded only when a filter reads it (session ids may be a large dictionary's bytes).
    get session_id() {
      return table.sessionId.at(row);
    },
    tenant: table.tenant.at(row),
    source: table.source.at(row),
    role: table.role.at(row),
    content_type: table.contentType.at(row),
    created_at: table.createdAt[row],
    metadata: () => {
      if (!done) {
        done = true;
        const text = table.metadata.text(row);
        parsed = text === null ? undefined : parseSerdeValue(text);
      }
      return parsed;
    },
  };
}
