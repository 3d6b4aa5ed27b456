import type { OutputSide } from '../../../src/core/split/outputSide';
import type { ExportOptions } from '../../../src/core/options/exportOptions';
import { vscode } from '../vscodeApi';
import type { ListQuery } from './examplesList';

export type TabId = 'examples' | 'groups' | 'excluded' | 'charts' | 'review';

/** What the panel keeps across hiding and window reloads (webview state; the host's serializer reads `store`). */
export interface PreviewState {
  store?: string;
  options: ExportOptions;
  tab: TabId;
  openGroup?: { key: string; side: OutputSide };
  groupPage: number;
  groupQuery: string;
  formOpen: boolean;
  /** Set once the user opened or closed the options by hand: then they stay as the user left them. */
  formToggled?: boolean;
  scrollY: number;
  /** How each side's examples list is searched and sorted. */
  listQueries?: Partial<Record<'all' | 'train' | 'eval', ListQuery>>;
  /** The options text the host last sent, to tell a host change from the panel's own edits after a rebuild. */
  hostOptions?: string;
  /** Excluded-tab stages the user collapsed. */
  collapsedStages?: string[];
  /** Review mode: the reasons last given for discards and ties, newest first. */
  recentReasons?: string[];
}

const DEFAULT: PreviewState = { options: {}, tab: 'examples', groupPage: 0, groupQuery: '', formOpen: true, scrollY: 0 };

export function loadState(): PreviewState {
  const saved = vscode().getState() as Partial<PreviewState> | undefined;
  return { ...DEFAULT, ...(saved ?? {}) };
}

export function saveState(state: PreviewState): void {
  vscode().setState(state);
}
