import type { OutputSide } from '../../../src/core';
import type { ExportOptions } from '../../../src/core/options/exportOptions';
import {
  GroupRequest,
  GroupSearchRequest,
  GroupTextRequest,
  PickHoldoutRequest,
  PreviewInitNotification,
  PreviewReady,
  RecordRequest,
} from '../../../src/protocol/messages';
import { disposeDetachedCharts } from '../charts';
import { button, progressRing, tabs } from '../components/toolkit';
import { el, formatCount, replaceChildren } from '../elements';
import { statsCharts, summaryFigures } from '../statsCharts';
import { examplesPane } from './examplesPane';
import { excludedView } from './excludedView';
import { funnelView, sizeFunnelBars, summarizeCounts } from './funnel';
import { groupDetailView, groupsList } from './groupsView';
import { optionsForm } from './optionsForm';
import { describe, firstProblem, funnel, host, page, persist, setStatus, status } from './previewPage';
import { TabId } from './previewState';
import { recordDetail } from './recordDetail';
import { cancelRecount, markStale, onCounted, recount, scheduleRecount } from './recount';
import { writeButton, writeReason } from './writeFiles';
import { reviewMode } from '../review/reviewMode';

// The preview page's wiring: the page state is in previewPage, counting in recount, writing in writeFiles.
const app = document.getElementById('app')!;
const countsSummary = el('span', { class: 'counts-summary', id: 'counts-summary' });

const warnings = el('div', { id: 'warnings' });
const examplesTab = el('div', { id: 'examples-pane' });
const groupsPane = el('div', { id: 'groups-pane' });
const excludedPane = el('div', { id: 'excluded-pane' });
const chartsPane = el('div', { id: 'charts-pane' });
const review = reviewMode({
  host,
  options: () => page.state.options,
  onSaved: (labels, labelsVersion) => {
    // What is on screen (and what Write writes) is the labels dataset at the version just committed.
    page.state.options = { ...page.state.options, labels, labelsVersion };
    persist();
    layout();
    markStale('recount pending');
    void recount();
  },
  linesOf: async (key) => (await host.request(GroupRequest, { options: page.state.options, key, side: 'all' }))?.examples ?? [],
  recentReasons: () => page.state.recentReasons ?? [],
  saveReasons: (reasons) => ((page.state.recentReasons = reasons), persist()),
});

function layout(): void {
  if (!page.init) return;
  const reviewFocused = review.node.contains(document.activeElement);
  const tabBar = tabs(
    [
      { id: 'examples', label: 'Examples', content: examplesTab },
      { id: 'groups', label: 'Groups', content: groupsPane },
      { id: 'excluded', label: 'Excluded', content: el('div', null, excludedPane) },
      { id: 'charts', label: 'Charts', content: chartsPane },
      { id: 'review', label: 'Review', content: review.node },
    ],
    page.state.tab,
    (id) => {
      page.state.tab = id as TabId;
      persist();
      renderTab();
    },
  );
  selectTab = tabBar.select;
  const form = optionsForm(page.state.options, {
    versions: page.init.versions,
    hasEmbeddings: page.init.store.embeddingDim !== null,
    baseDir: page.init.baseDir,
    onChange: (options, found) => {
      page.state.options = options;
      page.state.openGroup = undefined;
      page.problems = found;
      persist();
      const first = firstProblem();
      if (first) {
        cancelRecount();
        markStale(`fix ${first}`);
        return;
      }
      markStale('recount pending');
      scheduleRecount();
    },
    onPickHoldout: () => host.request(PickHoldoutRequest, {}),
  });
  page.problems = form.problems();
  keepRecord = form.keep;
  const details = el('details', { class: 'options-details', id: 'options-details' }, el('summary', null, 'Options'), form.node);
  // Options collapse once set (a write made with them), unless the user opened or closed them by hand.
  details.open = page.state.formOpen;
  details.addEventListener('toggle', () => {
    if (details.open === page.state.formOpen) return;
    page.state.formOpen = details.open;
    page.state.formToggled = true;
    persist();
  });
  page.optionsDetails = details;
  replaceChildren(
    app,
    el(
      'header',
      { class: 'header' },
      el('h1', null, 'Export Preview — ', page.init.store.name),
      el('span', { class: 'muted store-uri' }, page.init.store.uri),
      el('span', { class: 'spacer' }),
      countsSummary,
      writeReason,
      writeButton,
    ),
    status,
    details,
    funnel,
    warnings,
    tabBar.node,
  );
  if (reviewFocused) review.focus();
}

let selectTab: (id: string) => void = () => undefined;
/** "Keep this one instead" from the Excluded tab: the form owns the options, so it adds the id. */
let keepRecord: (id: string) => void = () => undefined;

function renderPlan(): void {
  if (!page.plan) return;
  const current = page.plan;
  replaceChildren(funnel, funnelView(current, (stage) => {
    page.state.tab = stage === 'examples' ? 'examples' : 'excluded';
    persist();
    selectTab(page.state.tab);
    renderTab();
    if (stage !== 'examples') document.getElementById(`excluded-${stage === 'input' ? 'listing' : stage}`)?.scrollIntoView();
  }));
  sizeFunnelBars(funnel);
  countsSummary.textContent = summarizeCounts(current);
  replaceChildren(warnings, ...current.warnings.map((w) => el('p', { class: 'warning', role: 'alert' }, w)));
  renderTab();
  window.scrollTo(0, page.state.scrollY);
}

function renderTab(): void {
  if (!page.plan) return;
  const current = page.plan;
  switch (page.state.tab) {
    case 'review':
      review.show();
      break;
    case 'examples':
      replaceChildren(
        examplesTab,
        ...examplesPane(current, {
          host,
          options: page.countedOptions ?? page.state.options,
          queries: page.state.listQueries ?? {},
          onQuery: (side, query) => {
            page.state.listQueries = { ...page.state.listQueries, [side]: query };
            persist();
          },
          onOpenGroup: openGroup,
        }),
      );
      break;
    case 'groups':
      if (page.state.openGroup) void showGroup(page.state.openGroup.key, page.state.openGroup.side);
      else renderGroupList();
      break;
    case 'excluded': {
      // Group texts are asked for under the options the clusters on screen were counted with.
      const counted = page.countedOptions ?? page.state.options;
      replaceChildren(
        excludedPane,
        excludedView(current, {
          onRecord: (id, slot) => void showRecord(id, slot),
          onKeep: (id) => keepRecord(id),
          textOf: async (id) => (await host.request(RecordRequest, { id, version: page.state.options.version }))?.text_payload ?? undefined,
          groupTextOf: async (stage, key) => (await host.request(GroupTextRequest, { options: counted, stage, key })) ?? undefined,
          collapsed: new Set(page.state.collapsedStages ?? []),
          onToggle: (stage, open) => {
            const collapsed = new Set(page.state.collapsedStages ?? []);
            if (open) collapsed.delete(stage);
            else collapsed.add(stage);
            page.state.collapsedStages = [...collapsed];
            persist();
          },
        }),
      );
      break;
    }
    case 'charts': {
      const split = current.eval ? { train: current.output.counts.examples, eval: current.eval.counts.examples } : undefined;
      replaceChildren(
        chartsPane,
        summaryFigures(current.output.stats, current.eval ? [{ label: 'eval examples', value: formatCount(current.eval.counts.examples) }] : []),
        current.eval ? el('p', { class: 'muted' }, 'Charts of the train side; the split chart compares both sides.') : null,
        statsCharts(current.output.stats, current.output.charts, split, { side: current.eval ? 'train' : undefined, minReward: page.countedOptions?.minReward }),
      );
      break;
    }
  }
  disposeDetachedCharts();
}

function renderGroupList(): void {
  if (!page.plan) return;
  const outputs = page.plan.eval ? [page.plan.output, page.plan.eval] : [page.plan.output];
  replaceChildren(
    groupsPane,
    groupsList(outputs, { page: page.state.groupPage, query: page.state.groupQuery }, (next) => {
      page.state.groupPage = next.page;
      page.state.groupQuery = next.query;
      persist();
    }, openGroup, async (query) => {
      const options = page.countedOptions ?? page.state.options;
      const found = await Promise.all(outputs.map(async (o) => (await host.request(GroupSearchRequest, { options, side: o.side, query })).matches.map((m) => ({ key: m.key, side: o.side }))));
      return found.flat();
    }),
  );
}

function openGroup(key: string, side: OutputSide): void {
  page.state.openGroup = { key, side };
  page.state.tab = 'groups';
  persist();
  selectTab('groups');
  void showGroup(key, side);
}

async function showGroup(key: string, side: OutputSide): Promise<void> {
  replaceChildren(groupsPane, progressRing(), ` Loading group ${key}…`);
  try {
    const detail = await host.request(GroupRequest, { options: page.state.options, key, side });
    if (!detail) {
      replaceChildren(groupsPane, el('p', { class: 'muted' }, `Group ${key} is not in the current output.`));
      return;
    }
    replaceChildren(groupsPane, groupDetailView(detail, () => {
      page.state.openGroup = undefined;
      persist();
      renderGroupList();
    }));
  } catch (error) {
    replaceChildren(groupsPane, el('p', { class: 'error-text', role: 'alert' }, (error as Error).message));
  }
}

/** Shows a record's detail in place (under its row); Close puts focus back on the row's link. */
async function showRecord(id: string, slot: HTMLElement): Promise<void> {
  const opener = document.activeElement as HTMLElement | null;
  replaceChildren(slot, progressRing());
  try {
    const record = await host.request(RecordRequest, { id, version: page.state.options.version });
    const close = () => {
      replaceChildren(slot);
      opener?.focus();
    };
    replaceChildren(
      slot,
      record
        ? el('section', { class: 'record-panel', aria: { label: `record ${id}` } }, el('header', { class: 'toolbar' }, el('h3', null, `Record ${id}`), button('Close', close, { appearance: 'secondary' })), recordDetail(record))
        : el('p', { class: 'muted' }, `Record ${id} not found.`),
    );
  } catch (error) {
    replaceChildren(slot, el('p', { class: 'error-text' }, describe(error)));
  }
}

onCounted(renderPlan);

host.onNotification(PreviewInitNotification, (next) => {
  const optionsText = JSON.stringify(next.options);
  const first = page.init === undefined;
  if (page.state.store !== next.store.uri) {
    page.state = { ...page.state, store: next.store.uri, options: next.options, openGroup: undefined, groupPage: 0, groupQuery: '' };
  } else if (!first && optionsText !== page.lastInitOptions) {
    page.state.options = next.options;
  } else if (first && (Object.keys(page.state.options).length === 0 || (page.state.hostOptions !== undefined && optionsText !== page.state.hostOptions))) {
    // A rebuilt webview keeps its own options unless the host has sent different ones since
    // (a version clicked in the tree while the panel was hidden).
    page.state.options = next.options;
  }
  page.state.hostOptions = optionsText;
  const moved = page.init !== undefined && (JSON.stringify(page.init.versions) !== JSON.stringify(next.versions) || page.init.readSummary !== next.readSummary);
  page.lastInitOptions = optionsText;
  page.init = next;
  persist();
  layout();
  markStale(moved ? 'the store moved since the counts were made' : 'recount pending');
  if (firstProblem()) markStale(`fix ${firstProblem()}`);
  else void recount();
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  if (scrollTimer) clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => {
    page.state.scrollY = window.scrollY;
    persist();
  }, 200);
});

setStatus('Waiting for the store…');
host.notify(PreviewReady, {});

export type { ExportOptions };
