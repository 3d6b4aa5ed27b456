import { CuratorError } from '../errors';
import { TextCounting } from '../formats/bundledCounter';

/** Finishes one group's lines with counts in the order its texts were collected. */
type Finish = (count: (text: string) => number) => void;

interface SentBatch {
  counts: Promise<Int32Array>;
  finishes: Finish[];
}

/**
 * Groups whose lines are prepared on this thread and counted on worker
 * threads, finished (decided, tallied, written) in the order they were
 * added: an export prepares the next batch of groups while the last one is
 * counted, and writes the same lines in the same order as counting in place.
 */
export class CountedBatches {
  private texts: string[] = [];
  private finishes: Finish[] = [];
  private sent: SentBatch | undefined;

  constructor(private readonly counting: TextCounting) {}

  /** A group to finish later: `collect` pushes the texts it needs counted, `finish` takes their counts in that order. */
  add(collect: (into: string[]) => void, finish: Finish): void {
    collect(this.texts);
    this.finishes.push(finish);
  }

  /** Sends the groups added since the last call to be counted, then finishes the batch sent before them. */
  async rotate(): Promise<void> {
    const previous = this.sent;
    this.sent = this.send();
    if (previous) await finishBatch(previous);
  }

  /** Finishes every group added. */
  async flush(): Promise<void> {
    await this.rotate();
    const last = this.sent;
    this.sent = undefined;
    if (last) await finishBatch(last);
  }

  private send(): SentBatch | undefined {
    if (this.finishes.length === 0) return undefined;
    const counts = this.counting.count(this.texts);
    // Awaited when the batch is finished; a cancelled run never gets there, and must not fail on it.
    counts.catch(() => undefined);
    const batch = { counts, finishes: this.finishes };
    this.texts = [];
    this.finishes = [];
    return batch;
  }
}

async function finishBatch(batch: SentBatch): Promise<void> {
  const counts = await batch.counts;
  let next = 0;
  const count = () => counts[next++];
  for (const finish of batch.finishes) finish(count);
  if (next !== counts.length) throw new CuratorError('internal', `a batch's lines asked for ${next} token counts, ${counts.length} were counted`);
}
