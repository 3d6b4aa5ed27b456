import type { LabelEvent } from '../labels/labelEvent';
import { appendLabelEvents, AppendLabelsResult, LabelsDatasetOptions } from '../labels/labelsDataset';

/** How long decisions wait for company before their commit (well within a second). */
export const BATCH_DELAY_MS = 200;

interface Pending {
  events: LabelEvent[];
  resolve: (result: AppendLabelsResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Appends review decisions to one labels dataset, batching those made within
 * {@link BATCH_DELAY_MS} into one commit. Each caller's promise settles only
 * when the commit holding its events returns, so "saved" is never shown for
 * an event that is not in the dataset. Commits run one at a time, in order.
 */
export class LabelBatcher {
  private pending: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    readonly location: string,
    private readonly options: LabelsDatasetOptions = {},
    private readonly delayMs = BATCH_DELAY_MS,
  ) {}

  /** Resolves with the commit that holds `events` (its version). */
  append(events: readonly LabelEvent[]): Promise<AppendLabelsResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ events: [...events], resolve, reject });
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.delayMs);
    });
  }

  /** Commits what is pending now (after any commit under way). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        const result = await appendLabelEvents(this.location, batch.flatMap((p) => p.events), this.options);
        for (const p of batch) p.resolve(result);
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    });
    return this.flushing;
  }
}
