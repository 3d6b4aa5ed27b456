import { numberColumnWith } from '../store/numberColumn';
import { RecordSignals } from '../listing/recordSignals';
import { Exclusions } from '../listing/exclusions';
import { RowsBuilder } from '../store/rowsBuilder';
import type { DecisionSource } from '../labels/decideLabels';
import { StageResult } from '../curate/stages';
import { decideLabels } from '../labels/decideLabels';
import { latestLabelsVersion, readLabelEvents, resolveLabelsLocation } from '../labels/labelsDataset';
import { AppliedLabels, decisionReason, editedTexts, LabelledRows, labelRows } from '../labels/applyLabels';
import { EmbeddingColumn, EmbeddingFile, TextColumn } from '../store/payloadColumns';
import { SpillFile } from '../spill/spillFile';
import { LoadOptions, RowTable } from '../store/rowTable';
import { WalStatus } from '../store/walStatus';
import { TextsAsked, VersionState } from './curationSession';

/**
 * A store version seen through people's decisions (`--labels`): labels and
 * ranks in the metadata, edited texts in place of the store's, for every stage
 * after it. Embeddings stay the store's (an edit does not re-embed). It reads
 * through the plain version's state, so the store is scanned once.
 */
export class LabelledVersionState extends VersionState {
  private labelled?: Promise<LabelledRows>;
  private labelledSignals?: Promise<RecordSignals>;

  constructor(
    readonly base: VersionState,
    readonly labels: AppliedLabels,
  ) {
    super(base.store, base.cachePayloads, base.budget);
  }

  override walStatus(): Promise<WalStatus> {
    return this.base.walStatus();
  }

  private rows(options: LoadOptions = {}): Promise<LabelledRows> {
    this.labelled ??= this.base.rowTable(options).then((table) => labelRows(table, this.labels.decisions));
    this.labelled.catch(() => (this.labelled = undefined));
    return this.labelled;
  }

  override async rowTable(options: LoadOptions = {}): Promise<RowTable> {
    return (await this.rows(options)).table;
  }

  override signals(): Promise<RecordSignals> {
    this.labelledSignals ??= (async () => {
      const [base, rows] = await Promise.all([this.base.signals(), this.rows()]);
      if (rows.patched.length === 0) return base;
      const rank = new Map<number, number>();
      const labels = new Map<number, string>();
      // Patched rows hold the decisions' label and rank (nothing else changed); no need to parse them again.
      for (const row of rows.patched) {
        const decision = rows.decisionOf.get(row)!;
        if (decision.label) labels.set(row, decision.label.value);
        if (decision.rank) rank.set(row, decision.rank.value);
      }
      const signals: RecordSignals = { ...base, label: labels.size > 0 ? base.label.withValues(labels) : base.label, rank: rank.size > 0 ? numberColumnWith(base.rank, rank) : base.rank };
      return signals;
    })();
    return this.labelledSignals;
  }

  override embeddingsFor(rows: ArrayLike<number>, widen: ArrayLike<number>, options: LoadOptions = {}): Promise<EmbeddingColumn> {
    return this.base.embeddingsFor(rows, widen, options);
  }

  override hasEmbeddingsFor(rows: ArrayLike<number>): boolean {
    return this.base.hasEmbeddingsFor(rows);
  }

  override writeEmbeddingFile(rows: ArrayLike<number>, file: SpillFile, options: LoadOptions = {}): Promise<EmbeddingFile> {
    return this.base.writeEmbeddingFile(rows, file, options);
  }

  override async textsFor(rows: ArrayLike<number>, widen: ArrayLike<number>, options: LoadOptions = {}): Promise<TextColumn> {
    const [column, labelled] = await Promise.all([this.base.textsFor(rows, widen, options), this.rows()]);
    return editedTexts(column, labelled.edits);
  }

  /** Edited texts are read whole: a labelled run never reads texts on demand. */
  override async textsOnDemand(rows: ArrayLike<number>, widen: ArrayLike<number>, options: LoadOptions = {}): Promise<TextsAsked> {
    return { texts: await this.textsFor(rows, widen, options) };
  }

  /** The `review` stage: drops the records a person discarded, naming who, the event and why. */
  async review(rows: Int32Array): Promise<StageResult> {
    const { table, decisionOf } = await this.rows();
    const kept: number[] = [];
    const removed = new RowsBuilder();
    const discards: DecisionSource[] = [];
    for (const row of rows) {
      const discard = decisionOf.get(row)?.discard;
      if (!discard) {
        kept.push(row);
        continue;
      }
      removed.push(row);
      discards.push(discard);
    }
    return {
      kept: Int32Array.from(kept),
      excluded: Exclusions.ofRule('review', 'discarded', table, removed.build(), (k) => ({
        rule: 'discarded',
        reason: decisionReason('discarded', discards[k]),
        eventId: discards[k].eventId,
        reviewer: discards[k].reviewer,
      })),
    };
  }
}

const labelledStates = new WeakMap<VersionState, Map<string, LabelledVersionState>>();

/**
 * `base` seen through the labels dataset at `labels.version` (latest when
 * absent), read with the store's storage options. A preview reads the labels
 * again on every recount, but reuses the labelled state (and its stages'
 * results) while the labels version is the same.
 */
export async function labelledVersion(
  base: VersionState,
  labels: { uri: string; version?: number },
  options: { storageOptions?: Record<string, string>; cwd?: string; signal?: AbortSignal },
): Promise<LabelledVersionState> {
  let states = labelledStates.get(base);
  if (!states) labelledStates.set(base, (states = new Map()));
  // A recount with the labels unchanged reuses the state without reading the events again.
  const version = labels.version ?? (await latestLabelsVersion(labels.uri, options));
  const key = `${resolveLabelsLocation(labels.uri, options.cwd).uri}@${version}`;
  let state = states.get(key);
  if (!state) {
    const snapshot = await readLabelEvents(labels.uri, { ...options, version });
    const decisions = decideLabels(snapshot.events);
    const applied: AppliedLabels = {
      uri: snapshot.uri,
      version: snapshot.version,
      decisions,
      eventsApplied: decisions.eventsInEffect,
      eventsSkipped: snapshot.skipped.length,
    };
    if (states.size >= 4) states.delete(states.keys().next().value!);
    states.set(key, (state = new LabelledVersionState(base, applied)));
  }
  return state;
}
