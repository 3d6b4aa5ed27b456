import { ExampleSpec, messageRowsOf } from '../export/decideExamples';
import { RecordSource } from '../export/recordSource';
import { GroupList } from '../export/groupList';
import { FormatStage } from '../formats/formatStage';
import type { OutputSide } from '../split/outputSide';
import { DecidedExample, PlannedExample, plannedExampleOf } from './plannedExample';
import { grownArray } from '../store/grownArray';
import { wantsWordCount } from '../store/wordCounts';

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

/** An example length not summed yet (a length is never negative). */
const LENGTH_NOT_SUMMED = -1;

/**
 * The examples of one output: the decided examples as handed in (no copy per
 * example) and their sort keys in typed columns, by ordinal.
 */
class Side {
  readonly examples: DecidedExample[] = [];
  reward: Float64Array<ArrayBuffer> = new Float64Array(1024);
  margin: Float64Array<ArrayBuffer> = new Float64Array(1024);
  length: Float64Array<ArrayBuffer> = new Float64Array(1024);

  constructor(readonly groups: GroupList) {}

  push(example: DecidedExample, reward: number, margin: number, length: number): void {
    const at = this.examples.push(example) - 1;
    if (at === this.reward.length) {
      this.reward = grownArray(this.reward);
      this.margin = grownArray(this.margin);
      this.length = grownArray(this.length);
    }
    this.reward[at] = reward;
    this.margin[at] = margin;
    this.length[at] = length;
  }
}

/**
 * Every example of a planned export, compact (group, spec and sort keys; the
 * line is built only for the examples a window shows), so the preview can
 * list, search and sort all of them without planning again.
 */
export class ExampleIndex {
  private readonly sides = new Map<OutputSide, Side>();
  /** The last query's order: ordinals of its side's examples. */
  private cached?: { key: string; side?: Side; order: Int32Array };

  constructor(
    private readonly source: RecordSource,
    private readonly format: FormatStage | undefined,
  ) {}

  /** Starts the examples of one output (its groups in output order, including those that gave none). */
  begin(side: OutputSide, groups: GroupList): void {
    this.sides.set(side, new Side(groups));
  }

  /** Adds the next example of `side` (the object is kept as it is: pass a fresh one). */
  add(side: OutputSide, example: DecidedExample): void {
    this.addKeyed(this.sides.get(side)!, example);
  }

  /** Examples of `side`. */
  total(side: OutputSide): number {
    return this.sides.get(side)?.examples.length ?? 0;
  }

  /**
   * Reads the texts `window(query, start, end)` shows, when the plan read
   * texts on demand (`PlanOptions.textsOnDemand`; otherwise they are there):
   * the records of the window's groups, or every text for a search.
   */
  async readTexts(query: ExampleQuery, start: number, end: number, signal?: AbortSignal): Promise<void> {
    if (!this.source.readTexts) return;
    if (query.search?.trim()) return this.readAllTexts(query.side, signal);
    const { side, order } = this.orderOf(query);
    if (!side) return;
    const rows = Array.from(order.subarray(start, end), (ordinal) => Array.from(side.groups.rowsOf(side.examples[ordinal].group))).flat();
    await this.source.readTexts(rows, signal);
  }

  /** Reads every text of `side` (a search over the examples' messages), when the plan read texts on demand. */
  async readAllTexts(side: OutputSide, signal?: AbortSignal): Promise<void> {
    const groups = this.sides.get(side)?.groups;
    if (groups && this.source.readTexts) await this.source.readTexts(groups.rows, signal);
  }

  /** Examples [start, end) of the query's order, built for display, with how many match. */
  window(query: ExampleQuery, start: number, end: number): { matched: number; examples: IndexedExample[] } {
    const { side, order } = this.orderOf(query);
    return { matched: order.length, examples: Array.from(order.subarray(start, end), (ordinal) => this.shown(side!, ordinal)) };
  }

  /**
   * Where group `text` starts in the query's order: the group whose key is
   * the text, else the first whose key starts with it, else contains it (case
   * ignored); only when no key does, the first example whose messages contain
   * it (not with `byText` false: texts read on demand may not be there).
   * Undefined when nothing matches.
   */
  findGroup(query: ExampleQuery, text: string, byText = true): (GroupMatch & { position: number }) | undefined {
    const { side, order } = this.orderOf(query);
    const needle = text.trim().toLowerCase();
    if (!needle || !side) return undefined;
    const keyOf = (ordinal: number) => side.groups.keyOf(side.examples[ordinal].group);
    const tests: [GroupMatch['matched'], (ordinal: number) => boolean][] = [
      ['key', (o) => keyOf(o).toLowerCase() === needle],
      ['key-prefix', (o) => keyOf(o).toLowerCase().startsWith(needle)],
      ['key-contains', (o) => keyOf(o).toLowerCase().includes(needle)],
      ['text', (o) => this.textOf(side, side.examples[o]).includes(needle)],
    ];
    for (const [matched, test] of byText ? tests : tests.slice(0, 3)) {
      const position = order.findIndex(test);
      if (position >= 0) return { matched, key: keyOf(order[position]), position };
    }
    return undefined;
  }

  /** Groups of `side` whose key matches `text` (exact, prefix, contains); only when none does (and `byText`), those whose records contain it. */
  searchGroups(side: OutputSide, text: string, byText = true): GroupMatch[] {
    const groups = this.sides.get(side)?.groups;
    const needle = text.trim().toLowerCase();
    if (!needle || !groups) return [];
    const byKey: GroupMatch[] = [];
    for (let g = 0; g < groups.length; g++) {
      const key = groups.keyOf(g);
      const lower = key.toLowerCase();
      if (lower === needle) byKey.push({ matched: 'key', key });
      else if (lower.startsWith(needle)) byKey.push({ matched: 'key-prefix', key });
      else if (lower.includes(needle)) byKey.push({ matched: 'key-contains', key });
    }
    const rank = { key: 0, 'key-prefix': 1, 'key-contains': 2, text: 3 };
    if (byKey.length > 0 || !byText) return byKey.sort((a, b) => rank[a.matched] - rank[b.matched]);
    const inText: GroupMatch[] = [];
    for (let g = 0; g < groups.length; g++) {
      if (groups.rowsOf(g).some((row) => (this.source.texts.text(row) ?? '').toLowerCase().includes(needle))) inText.push({ matched: 'text', key: groups.keyOf(g) });
    }
    return inText;
  }

  private orderOf(query: ExampleQuery): { side?: Side; order: Int32Array } {
    const key = JSON.stringify([query.side, query.search?.trim().toLowerCase() ?? '', query.sort ?? 'order', !!query.descending]);
    if (this.cached?.key === key) return this.cached;
    const side = this.sides.get(query.side);
    const examples = side?.examples ?? [];
    const needle = query.search?.trim().toLowerCase();
    let order = Int32Array.from(examples.keys());
    if (needle) order = order.filter((ordinal) => this.textOf(side!, examples[ordinal]).includes(needle));
    const sort = query.sort ?? 'order';
    if (side && sort !== 'order') {
      // Each example's value read once.
      if (sort === 'tokens') for (let ordinal = 0; ordinal < examples.length; ordinal++) this.lengthOf(side, ordinal);
      const column = sort === 'groupSize' ? undefined : sort === 'tokens' ? side.length : side[sort];
      const values = Float64Array.from(order, (ordinal) => (column ? column[ordinal] : side.groups.sizeOf(examples[ordinal].group)));
      const sign = query.descending ? -1 : 1;
      const unsorted = order;
      // Examples without the value (no reward, no margin) go last either way; ties keep output order.
      const sorted = Int32Array.from(order.keys()).sort((a, b) => {
        const x = values[a];
        const y = values[b];
        const missing = Number(Number.isNaN(x)) - Number(Number.isNaN(y));
        if (missing !== 0) return missing;
        return (x === y || Number.isNaN(x) ? 0 : x < y ? -sign : sign) || unsorted[a] - unsorted[b];
      });
      order = Int32Array.from(sorted, (at) => unsorted[at]);
    } else if (query.descending) order.reverse();
    this.cached = { key, side, order };
    return this.cached;
  }

  private shown(side: Side, ordinal: number): IndexedExample {
    const example = side.examples[ordinal];
    const reward = side.reward[ordinal];
    const margin = side.margin[ordinal];
    return {
      ...plannedExampleOf(this.source, this.format, side.groups, example),
      ordinal,
      ...(Number.isNaN(reward) ? {} : { reward }),
      ...(Number.isNaN(margin) ? {} : { margin }),
      length: this.lengthOf(side, ordinal),
      groupSize: side.groups.sizeOf(example.group),
    };
  }

  /** The example's messages, lowercased, for search. */
  private textOf(side: Side, entry: DecidedExample): string {
    return messageRowsOf(entry.spec, side.groups.at(entry.group))
      .map((row) => this.source.texts.text(row) ?? '')
      .join('\n')
      .toLowerCase();
  }

  /** Adds `example` with its sort keys (a million at 1M: no closure or copy per example). */
  private addKeyed(side: Side, example: DecidedExample): void {
    const { group, spec, formatted } = example;
    const reward = this.source.signals.reward;
    let best = NaN;
    let margin = NaN;
    switch (spec.form) {
      case 'sft':
        best = spec.reward ?? NaN;
        break;
      case 'paired':
        best = reward.at(spec.chosen);
        margin = best - reward.at(spec.rejected);
        break;
      case 'unpaired':
        best = reward.at(spec.completion);
        break;
      case 'ranked':
      case 'rollout': {
        let high = -Infinity;
        let low = Infinity;
        const count = spec.form === 'ranked' ? spec.candidates.length : spec.responses.length;
        for (let i = 0; i < count; i++) {
          const value = reward.at(spec.form === 'ranked' ? spec.candidates[i].row : spec.responses[i]);
          if (Number.isNaN(value)) continue;
          high = Math.max(high, value);
          low = Math.min(low, value);
        }
        // No reward among them: neither a best nor a margin.
        if (high !== -Infinity) {
          best = high;
          margin = high - low;
        }
        break;
      }
    }
    // Records' lengths are summed when first asked: a preview's word counts may still be being counted.
    side.push(example, best, margin, formatted?.tokens ?? LENGTH_NOT_SUMMED);
  }

  /** The length of `side`'s example `ordinal`: its line's tokens, else its records' (`tokens_used`, else words), summed once. */
  private lengthOf(side: Side, ordinal: number): number {
    if (side.length[ordinal] !== LENGTH_NOT_SUMMED) return side.length[ordinal];
    const { group, spec } = side.examples[ordinal];
    // SFT's rows are read in place, not copied.
    const rows = spec.form === 'sft' ? side.groups.rowsOf(group) : messageRowsOf(spec, side.groups.at(group));
    const { tokensUsed } = this.source.table;
    const texts = this.source.texts;
    let length = 0;
    for (let i = 0; i < rows.length; i++) {
      const used = tokensUsed.at(rows[i]);
      length += !wantsWordCount(used) ? used : texts.wordCount(rows[i]);
    }
    return (side.length[ordinal] = length);
  }
}
