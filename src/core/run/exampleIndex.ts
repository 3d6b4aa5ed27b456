import { ExampleSpec } from '../export/decideExamples';
import { RecordSource } from '../export/recordSource';
import { Group } from '../export/groupRows';
import { FormatStage } from '../formats/formatStage';
import type { OutputSide } from '../split/outputSide';
import { DecidedExample, PlannedExample, plannedExampleOf } from './plannedExample';

/** What the examples list can be sorted by; `order` is output order. */
export const EXAMPLE_SORTS = ['order', 'reward', 'margin', 'tokens', 'groupSize'] as const;
export type ExampleSort = (typeof EXAMPLE_SORTS)[number];

export interface ExampleQuery {
  side: OutputSide;
  /** Case-insensitive text every listed example's messages contain. */
  search?: string;
  sort?: ExampleSort;
  descending?: boolean;
}

/** A group a search found, and what of it matched. */
export interface GroupMatch {
  /** `key`: the key is the text typed; `key-prefix`/`key-contains`: the key starts with / contains it; `text`: no key does, a message of the group does. */
  matched: 'key' | 'key-prefix' | 'key-contains' | 'text';
  key: string;
}

/** One example of a window, with its place in output order. */
export interface IndexedExample extends PlannedExample {
  /** 0-based position in output order (what `#n` shows, less one). */
  ordinal: number;
  reward?: number;
  margin?: number;
  /** Tokens of the line (with a tokenizer), else of its records (`tokens_used`, else words). */
  length: number;
  groupSize: number;
}

interface Entry extends DecidedExample {
  ordinal: number;
  reward: number;
  margin: number;
  length: number;
}

/**
 * Every example of a planned export, compact (group, spec and sort keys; the
 * line is built only for the examples a window shows), so the preview can
 * list, search and sort all of them without planning again.
 */
export class ExampleIndex {
  private readonly sides = new Map<OutputSide, { entries: Entry[]; groups: readonly Group[] }>();
  private cached?: { key: string; order: Entry[] };

  constructor(
    private readonly source: RecordSource,
    private readonly format: FormatStage | undefined,
  ) {}

  /** Starts the examples of one output (its groups in output order, including those that gave none). */
  begin(side: OutputSide, groups: readonly Group[]): void {
    this.sides.set(side, { entries: [], groups });
  }

  add(side: OutputSide, example: DecidedExample): void {
    const entries = this.sides.get(side)!.entries;
    entries.push({ ...example, ordinal: entries.length, ...this.keysOf(example) });
  }

  /** Examples of `side`. */
  total(side: OutputSide): number {
    return this.sides.get(side)?.entries.length ?? 0;
  }

  /** Examples [start, end) of the query's order, built for display, with how many match. */
  window(query: ExampleQuery, start: number, end: number): { matched: number; examples: IndexedExample[] } {
    const order = this.orderOf(query);
    return { matched: order.length, examples: order.slice(start, end).map((entry) => this.shown(entry)) };
  }

  /**
   * Where group `text` starts in the query's order: the group whose key is
   * the text, else the first whose key starts with it, else contains it (case
   * ignored); only when no key does, the first example whose messages contain
   * it. Undefined when nothing matches.
   */
  findGroup(query: ExampleQuery, text: string): (GroupMatch & { position: number }) | undefined {
    const order = this.orderOf(query);
    const needle = text.trim().toLowerCase();
    if (!needle) return undefined;
    const tests: [GroupMatch['matched'], (entry: Entry) => boolean][] = [
      ['key', (e) => e.group.key.toLowerCase() === needle],
      ['key-prefix', (e) => e.group.key.toLowerCase().startsWith(needle)],
      ['key-contains', (e) => e.group.key.toLowerCase().includes(needle)],
      ['text', (e) => this.textOf(e).includes(needle)],
    ];
    for (const [matched, test] of tests) {
      const position = order.findIndex(test);
      if (position >= 0) return { matched, key: order[position].group.key, position };
    }
    return undefined;
  }

  /** Groups of `side` whose key matches `text` (exact, prefix, contains); only when none does, those whose records contain it. */
  searchGroups(side: OutputSide, text: string): GroupMatch[] {
    const groups = this.sides.get(side)?.groups ?? [];
    const needle = text.trim().toLowerCase();
    if (!needle) return [];
    const byKey: GroupMatch[] = [];
    for (const group of groups) {
      const key = group.key.toLowerCase();
      if (key === needle) byKey.push({ matched: 'key', key: group.key });
      else if (key.startsWith(needle)) byKey.push({ matched: 'key-prefix', key: group.key });
      else if (key.includes(needle)) byKey.push({ matched: 'key-contains', key: group.key });
    }
    const rank = { key: 0, 'key-prefix': 1, 'key-contains': 2, text: 3 };
    if (byKey.length > 0) return byKey.sort((a, b) => rank[a.matched] - rank[b.matched]);
    return groups.filter((group) => Array.from(group.rows).some((row) => (this.source.texts.text(row) ?? '').toLowerCase().includes(needle))).map((group) => ({ matched: 'text', key: group.key }));
  }

  private orderOf(query: ExampleQuery): Entry[] {
    const key = JSON.stringify([query.side, query.search?.trim().toLowerCase() ?? '', query.sort ?? 'order', !!query.descending]);
    if (this.cached?.key === key) return this.cached.order;
    const entries = this.sides.get(query.side)?.entries ?? [];
    const needle = query.search?.trim().toLowerCase();
    let order = needle ? entries.filter((entry) => this.textOf(entry).includes(needle)) : entries.slice();
    const sort = query.sort ?? 'order';
    if (sort !== 'order') {
      // Each entry's value read once: a group's size is its rows' view, made on each read.
      const values = Float64Array.from(order, (entry) => (sort === 'groupSize' ? entry.group.rows.length : sort === 'tokens' ? entry.length : entry[sort]));
      const sign = query.descending ? -1 : 1;
      const unsorted = order;
      // Examples without the value (no reward, no margin) go last either way; ties keep output order.
      const sorted = Int32Array.from(order.keys()).sort((a, b) => {
        const x = values[a];
        const y = values[b];
        const missing = Number(Number.isNaN(x)) - Number(Number.isNaN(y));
        if (missing !== 0) return missing;
        return (x === y || Number.isNaN(x) ? 0 : x < y ? -sign : sign) || unsorted[a].ordinal - unsorted[b].ordinal;
      });
      order = Array.from(sorted, (at) => unsorted[at]);
    } else if (query.descending) order.reverse();
    this.cached = { key, order };
    return order;
  }

  private shown(entry: Entry): IndexedExample {
    return {
      ...plannedExampleOf(this.source, this.format, entry),
      ordinal: entry.ordinal,
      ...(Number.isNaN(entry.reward) ? {} : { reward: entry.reward }),
      ...(Number.isNaN(entry.margin) ? {} : { margin: entry.margin }),
      length: entry.length,
      groupSize: entry.group.rows.length,
    };
  }

  /** The example's messages, lowercased, for search. */
  private textOf(entry: Entry): string {
    return rowsOf(entry.spec, entry.group)
      .map((row) => this.source.texts.text(row) ?? '')
      .join('\n')
      .toLowerCase();
  }

  private keysOf({ group, spec, formatted }: DecidedExample): Pick<Entry, 'reward' | 'margin' | 'length'> {
    const reward = (row: number) => this.source.signals.reward.at(row);
    const extremes = (rows: number[]): [number, number] => {
      const values = rows.map(reward).filter((value) => !Number.isNaN(value));
      return values.length ? [Math.max(...values), Math.min(...values)] : [NaN, NaN];
    };
    let best = NaN;
    let margin = NaN;
    switch (spec.form) {
      case 'sft':
        best = spec.reward ?? NaN;
        break;
      case 'paired':
        best = reward(spec.chosen);
        margin = best - reward(spec.rejected);
        break;
      case 'unpaired':
        best = reward(spec.completion);
        break;
      case 'ranked':
      case 'rollout': {
        const [high, low] = extremes(spec.form === 'ranked' ? spec.candidates.map((c) => c.row) : spec.responses);
        best = high;
        margin = high - low;
        break;
      }
    }
    let length = formatted?.tokens ?? 0;
    if (formatted?.tokens === undefined) {
      // Every example is keyed (a million at 1M): SFT's rows are read in place, not copied.
      const rows = spec.form === 'sft' ? group.rows : rowsOf(spec, group);
      const { tokensUsed } = this.source.table;
      for (let i = 0; i < rows.length; i++) {
        const used = tokensUsed.at(rows[i]);
        length += !Number.isNaN(used) && used >= 0 ? used : this.source.texts.wordCount(rows[i]);
      }
    }
    return { reward: best, margin, length };
  }
}

/** The rows an example's messages come from: the prompt, then its completions (every row for SFT). */
function rowsOf(spec: ExampleSpec, group: Group): number[] {
  switch (spec.form) {
    case 'sft':
      return Array.from(group.rows);
    case 'paired':
      return [...spec.prompt, spec.chosen, spec.rejected];
    case 'unpaired':
      return [...spec.prompt, spec.completion];
    case 'ranked':
      return [...spec.prompt, ...spec.candidates.map((c) => c.row)];
    case 'rollout':
      return [...spec.prompt, ...spec.responses];
  }
}
