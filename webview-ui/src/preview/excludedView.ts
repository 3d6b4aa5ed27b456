import type { StageGroupText } from '../../../src/core';
import { EXCLUSION_STAGES, ExclusionStage, stageSpec } from '../../../src/core/pipeline/pipelineStages';
import type { ExclusionList, PlanView } from '../../../src/protocol/messages';
import { button } from '../components/toolkit';
import { clickable, el, formatCount } from '../elements';
import { leakageView } from './leakageView';
import { wordDiff } from './wordDiff';

/** A stage's heading: its label, then why its records went ("Lifecycle: contradicted"). */
function stageTitle(stage: ExclusionStage): string {
  const { label, removes } = stageSpec(stage);
  return `${label[0].toUpperCase()}${label.slice(1)}${removes ? `: ${removes}` : ''}`;
}

/** The text dedup stages: in group mode their units are whole groups, diffed by their joined texts. */
type TextDedupStageName = 'text_exact' | 'text_minhash';
const isTextDedupStage = (stage: ExclusionStage): stage is TextDedupStageName => stage === 'text_exact' || stage === 'text_minhash';

type Item = ExclusionList['items'][number];

export interface ExcludedViewOptions {
  /** Shows a record's detail in `slot`, in place beside its row. */
  onRecord(id: string, slot: HTMLElement): void;
  /** Stages the user collapsed (remembered across recounts). */
  collapsed: ReadonlySet<string>;
  onToggle(stage: string, open: boolean): void;
  /** "Keep this one instead": adds a removed member's id to the `keep` option. */
  onKeep?(id: string): void;
  /** The text of a record, for the word diff of a removed member against the kept one (undefined: not loaded). */
  textOf?(id: string): Promise<string | undefined>;
  /**
   * With `--dedup-unit group`: a group's text as the text dedup stage compared
   * it (its records then present, joined in (created_at, id) order), for the
   * word diff of a removed conversation against the kept one (undefined: not loaded).
   */
  groupTextOf?(stage: TextDedupStageName, key: string): Promise<StageGroupText | undefined>;
}

/**
 * Excluded records grouped by stage (collapsible, with counts), each with its
 * reason. Near-duplicates are grouped under the kept record they duplicate, so
 * a cluster reads as one decision; a record's detail opens in place under its
 * row and closes back to it.
 */
export function excludedView(plan: PlanView, options: ExcludedViewOptions): HTMLElement {
  const groupTexts = groupTextCache(options);
  const sections = EXCLUSION_STAGES.flatMap((stage) => {
    const list = plan.excluded[stage];
    if (!list) return [];
    const body =
      list.total === 0
        ? el('p', { class: 'muted' }, 'none')
        : stageSpec(stage).duplicates
          ? clusters(stage, list.items, options, groupTexts)
          : el('ul', { class: 'excluded-list' }, ...list.items.map((item) => row(item, options, benchmarkLine(item))));
    const details = el(
      'details',
      { class: 'excluded-stage', id: `excluded-${stage}`, dataset: { stage } },
      el('summary', null, el('span', { class: 'stage-title' }, stageTitle(stage)), ' ', el('span', { class: 'count-badge' }, formatCount(list.total))),
      body,
      list.total > list.items.length ? el('p', { class: 'muted' }, `… and ${formatCount(list.total - list.items.length)} more (lance-curator preview --json lists them all)`) : null,
    );
    details.open = list.total > 0 && !options.collapsed.has(stage);
    details.addEventListener('toggle', () => options.onToggle(stage, details.open));
    return [details];
  });
  return el('div', { class: 'excluded' }, leakageView(plan.leakage, options), ...sections);
}

/** Where a benchmark overlap came from: file, line and the shared words. */
function benchmarkLine(item: Item): HTMLElement | null {
  if (!item.benchmark) return null;
  return el('div', { class: 'evidence benchmark' }, el('span', { class: 'muted' }, `${item.benchmark.file}:${item.benchmark.line} `), el('q', null, item.benchmark.ngram));
}

function row(item: Item, options: ExcludedViewOptions, extra?: HTMLElement | null): HTMLElement {
  const slot = el('div', { class: 'record-slot' });
  return el(
    'li',
    { class: 'excluded-item', dataset: { id: item.id, rule: item.rule } },
    clickable(el('span', { class: 'link record-link' }, item.id), () => options.onRecord(item.id, slot), `show record ${item.id}`),
    ' ',
    el('span', { class: 'reason' }, item.reason),
    extra ?? null,
    slot,
  );
}

/** A group's stage text, fetched once per view (every member of a removed group diffs against the same kept group). */
type GroupTexts = ((stage: TextDedupStageName, key: string) => Promise<StageGroupText | undefined>) | undefined;

function groupTextCache(options: ExcludedViewOptions): GroupTexts {
  const fetch = options.groupTextOf;
  if (!fetch) return undefined;
  const cache = new Map<string, Promise<StageGroupText | undefined>>();
  return (stage, key) => {
    const id = JSON.stringify([stage, key]);
    let text = cache.get(id);
    if (!text) {
      text = fetch(stage, key);
      cache.set(id, text);
      // A failed fetch is not remembered: the next click asks again.
      text.catch(() => cache.delete(id));
    }
    return text;
  };
}

/** Near-duplicates under the kept record each duplicates, in the order the kept records first appear. */
function clusters(stage: ExclusionStage, items: Item[], options: ExcludedViewOptions, groupTexts: GroupTexts): HTMLElement {
  const byKept = new Map<string, Item[]>();
  for (const item of items) {
    const kept = item.duplicateOf ?? '';
    let members = byKept.get(kept);
    if (!members) byKept.set(kept, (members = []));
    members.push(item);
  }
  return el(
    'div',
    { class: 'clusters' },
    ...[...byKept].map(([kept, members]) => {
      const keptSlot = el('div', { class: 'record-slot' });
      // In group mode the kept unit is a group (its key is no record id): named, not opened as a record.
      const keptGroup = members.some((item) => item.group !== undefined);
      return el(
        'section',
        { class: 'cluster', dataset: { kept } },
        el(
          'h4',
          null,
          keptGroup ? 'kept group ' : 'kept ',
          !kept
            ? '(unknown)'
            : keptGroup
              ? el('span', { class: 'kept-group' }, kept)
              : clickable(el('span', { class: 'link kept-link' }, kept), () => options.onRecord(kept, keptSlot), `show kept record ${kept}`),
          el('span', { class: 'muted' }, ` · ${members.length} removed as ${members.length === 1 ? 'its duplicate' : 'its duplicates'}`),
        ),
        keptSlot,
        kept ? keptText(keptGroup ? groupTextLoader(stage, kept, groupTexts) : options.textOf && (() => options.textOf!(kept))) : null,
        el('ul', { class: 'excluded-list' }, ...members.map((item) => row(item, options, memberExtras(stage, item, kept, options, groupTexts)))),
      );
    }),
  );
}

/** Characters of a kept text shown before "show all". */
const KEPT_TEXT_PREVIEW = 400;

function groupTextLoader(stage: ExclusionStage, kept: string, groupTexts: GroupTexts): (() => Promise<string | undefined>) | undefined {
  if (!groupTexts || !isTextDedupStage(stage)) return undefined;
  return async () => (await groupTexts(stage, kept))?.text;
}

/**
 * The kept text on top of its cluster, so the removals below read against it.
 * Loaded when the cluster first comes into view (a stage can hold a thousand
 * clusters); long texts show their start and a "show all" toggle.
 */
function keptText(load: (() => Promise<string | undefined>) | undefined): HTMLElement | null {
  if (!load) return null;
  const quote = el('blockquote', { class: 'kept-text muted', dataset: { state: 'loading' } }, 'loading the kept text…');
  const fill = async () => {
    let text: string | undefined;
    try {
      text = await load();
    } catch (error) {
      quote.dataset.state = 'failed';
      quote.replaceChildren(`kept text not available: ${(error as Error).message}`);
      return;
    }
    quote.dataset.state = 'loaded';
    quote.classList.remove('muted');
    if (text === undefined) {
      quote.replaceChildren(el('span', { class: 'muted' }, 'kept text not available'));
      return;
    }
    if (text.length <= KEPT_TEXT_PREVIEW) {
      quote.replaceChildren(text);
      return;
    }
    let whole = false;
    const body = el('span', { class: 'kept-text-body' });
    const toggle = clickable(el('span', { class: 'link kept-text-toggle' }), () => show(!whole), 'show the whole kept text');
    const show = (all: boolean) => {
      whole = all;
      body.textContent = all ? text! : `${text!.slice(0, KEPT_TEXT_PREVIEW)}…`;
      toggle.textContent = all ? 'show less' : `show all ${formatCount(text!.length)} characters`;
    };
    show(false);
    quote.replaceChildren(body, toggle);
  };
  if (typeof IntersectionObserver === 'undefined') {
    void fill();
    return quote;
  }
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    void fill();
  });
  observer.observe(quote);
  return quote;
}

/** Similarity, a word diff against the kept text on demand, and "keep this one instead" for a removed member. */
function memberExtras(stage: ExclusionStage, item: Item, kept: string, options: ExcludedViewOptions, groupTexts: GroupTexts): HTMLElement {
  const extras = el('span', { class: 'member-extras' });
  if (item.similarity !== undefined) extras.append(el('span', { class: 'similarity', dataset: { similarity: String(item.similarity) } }, ` similarity ${item.similarity.toFixed(3)}`));
  const diffSlot = el('div', { class: 'word-diff-slot' });
  const group = item.group;
  if (options.textOf && kept && group === undefined) {
    const textOf = options.textOf;
    const texts = async (): Promise<DiffTexts> => {
      const [before, after] = await Promise.all([textOf(kept), textOf(item.id)]);
      return { before, after };
    };
    extras.append(' ', clickable(el('span', { class: 'link diff-link' }, 'diff'), () => void showDiff(texts, diffSlot), `word diff of ${item.id} against ${kept}`));
  } else if (groupTexts && kept && group !== undefined && isTextDedupStage(stage)) {
    // The removed unit is the whole group: diff its joined text against the kept group's, as the stage compared them.
    const texts = async (): Promise<DiffTexts> => {
      const [before, after] = await Promise.all([groupTexts(stage, kept), groupTexts(stage, group)]);
      return {
        before: before?.text,
        after: after?.text,
        caption: before && after ? `group ${group} (${recordCount(after.records.length)}) against kept group ${kept} (${recordCount(before.records.length)}), texts joined in (created_at, id) order` : undefined,
      };
    };
    extras.append(' ', clickable(el('span', { class: 'link diff-link' }, 'diff'), () => void showDiff(texts, diffSlot), `word diff of group ${group} against kept group ${kept}`));
  }
  if (options.onKeep) {
    // In group mode the removed unit is the group; keeping any of its records keeps the whole group.
    // A small button in the theme's secondary colours (the toolkit's drew white in dark themes inside lists).
    const keep = el('button', { class: 'secondary keep-instead', dataset: { id: item.id }, attrs: { type: 'button' } }, 'Keep this one instead');
    keep.addEventListener('click', () => options.onKeep!(item.id));
    extras.append(' ', keep);
  }
  extras.append(diffSlot);
  return extras;
}

function recordCount(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'record' : 'records'}`;
}

/** The kept text, the removed text, and what they are (shown above the diff). */
interface DiffTexts {
  before: string | undefined;
  after: string | undefined;
  caption?: string;
}

/** Toggles the word diff of the removed text against the kept one in `slot`. */
async function showDiff(texts: () => Promise<DiffTexts>, slot: HTMLElement): Promise<void> {
  if (slot.childElementCount > 0) {
    slot.replaceChildren();
    return;
  }
  let loaded: DiffTexts;
  try {
    loaded = await texts();
  } catch (error) {
    slot.replaceChildren(el('p', { class: 'error-text' }, `text not available: ${(error as Error).message}`));
    return;
  }
  const { before, after, caption } = loaded;
  if (before === undefined || after === undefined) {
    slot.replaceChildren(el('p', { class: 'muted' }, 'text not available'));
    return;
  }
  const runs = wordDiff(before, after);
  if (!runs) {
    slot.replaceChildren(el('p', { class: 'muted' }, 'too long to diff here'));
    return;
  }
  const tag = { same: 'span', removed: 'del', added: 'ins' } as const;
  slot.replaceChildren(
    ...(caption ? [el('p', { class: 'muted diff-caption' }, caption)] : []),
    el('p', { class: 'word-diff' }, ...runs.flatMap((run, i) => [i > 0 ? ' ' : '', el(tag[run.kind], { class: `diff-${run.kind}` }, run.text)])),
  );
}
