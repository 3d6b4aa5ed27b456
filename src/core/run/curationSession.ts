import { ContextStore, OpenStoreOptions } from '../store/contextStore';
import { EmbeddingColumn, EmbeddingFile, loadEmbeddings, loadTexts, TextColumn, textColumnOf, writeEmbeddingFile } from '../store/payloadColumns';
import { LoadOptions, loadRowTable, RowTable } from '../store/rowTable';
import { loadTextsBesideScan } from '../store/textsBesideScan';
import { readWalStatus, walStatusOfRead, WalStatus } from '../store/walStatus';
import { extractSignals, RecordSignals } from '../listing/recordSignals';
import { Holdout } from '../curate/stages';
import { loadHoldout } from './holdout';
import { MemoryBudget, SpillSettings } from '../spill/memoryBudget';
import { SpillFile } from '../spill/spillFile';
import { allRowsOf, countTextWords, countWordsBesideScan, readTextsOf, TextsOnDemand } from '../store/textsOnDemand';
import { WordCounts } from '../store/wordCounts';

export interface SessionOptions extends OpenStoreOptions {
  /**
   * Keep payload columns (texts, embeddings) of every visible record between
   * runs, so a preview recount never rescans. Off for one-shot exports, which
   * load only what their output needs.
   */
  cachePayloads?: boolean;
  /** The memory budget and spill folder (`--memory-budget`, `--temp-dir`); they change no byte of any output. */
  spill?: SpillSettings;
}

/**
 * The loaded state of one store version: its light columns, the signals
 * parsed from metadata, and whatever payload columns runs have needed so far.
 * Runs with different options share it; nothing here depends on options.
 */
export class VersionState {
  private tablePromise?: Promise<RowTable>;
  private walPromise?: Promise<WalStatus>;
  private signalsValue?: RecordSignals;
  private embeddings?: { column: EmbeddingColumn; covered: Uint8Array };
  private texts?: { column: TextColumn; covered: Uint8Array };
  private words?: Promise<WordCounts>;
  /** Every text, read beside the RowTable's scan (undefined when the read's order did not match the table's). */
  private textsBeside?: Promise<TextColumn | undefined>;
  /** Results of option-dependent steps, keyed by the options they depend on. */
  readonly memo = new Map<string, unknown>();

  constructor(
    readonly store: ContextStore,
    /** Payload columns and intermediate results are kept between runs (a preview session). */
    readonly cachePayloads: boolean,
    /** What byte columns may hold in memory; the rest spills. */
    readonly budget: MemoryBudget,
  ) {}

  /**
   * What this state's read covers. A pinned read of a MemWAL store counts
   * the log's records at the latest version (one projected LSM scan, once),
   * so it can say what it left out.
   */
  walStatus(): Promise<WalStatus> {
    this.walPromise ??= this.store.readsWal
      ? this.rowTable().then((table) => walStatusOfRead(this.store, table.walRows))
      : readWalStatus(this.store);
    this.walPromise.catch(() => (this.walPromise = undefined));
    return this.walPromise;
  }

  rowTable(options: LoadOptions = {}): Promise<RowTable> {
    this.tablePromise ??= loadRowTable(this.store, { ...options, budget: this.budget }).catch((error) => {
      this.tablePromise = undefined;
      throw error;
    });
    return this.tablePromise;
  }

  async signals(): Promise<RecordSignals> {
    this.signalsValue ??= extractSignals(await this.rowTable(), undefined, this.budget);
    return this.signalsValue;
  }

  /** Embeddings covering `rows` (and, when caching, every row `widen` names). */
  async embeddingsFor(rows: ArrayLike<number>, widen: ArrayLike<number>, options: LoadOptions = {}): Promise<EmbeddingColumn> {
    const table = await this.rowTable();
    if (this.embeddings && covers(this.embeddings.covered, rows)) return this.embeddings.column;
    const load = this.cachePayloads ? widen : rows;
    const column = await loadEmbeddings(this.store, table, load, options);
    this.embeddings = { column, covered: mask(table.length, load) };
    return column;
  }

  /** Whether embeddings covering `rows` are loaded already. */
  hasEmbeddingsFor(rows: ArrayLike<number>): boolean {
    return this.embeddings !== undefined && covers(this.embeddings.covered, rows);
  }

  /** Writes the embeddings of `rows` to `file` instead of memory (not kept: the caller removes the file). */
  async writeEmbeddingFile(rows: ArrayLike<number>, file: SpillFile, options: LoadOptions = {}): Promise<EmbeddingFile> {
    return writeEmbeddingFile(this.store, await this.rowTable(), rows, file, options);
  }

  /**
   * Starts reading every text in a scan beside the RowTable's, when the table
   * is not loading yet: a one-shot export of a base read, which writes nearly
   * every record's text, then has lancedb decode the texts while the light
   * columns are decoded, instead of scanning the texts after them.
   */
  readTextsBesideScan(rows: number, options: LoadOptions = {}): void {
    if (this.cachePayloads || this.store.readsWal || this.tablePromise || this.texts || this.textsBeside) return;
    if (!this.budget.allowsWorkBeside(rows)) return;
    const table = this.rowTable(options);
    this.textsBeside = loadTextsBesideScan(this.store, table, { ...options, budget: this.budget });
    // Whoever needs the texts awaits it; a run that fails before then leaves no unhandled rejection.
    this.textsBeside.catch(() => {});
  }

  /** Texts covering `rows` (and, when caching, every row `widen` names). */
  async textsFor(rows: ArrayLike<number>, widen: ArrayLike<number>, options: LoadOptions = {}): Promise<TextColumn> {
    const table = await this.rowTable();
    if (this.textsBeside) {
      const beside = this.textsBeside;
      this.textsBeside = undefined;
      const column = await beside;
      if (column) this.texts = { column, covered: new Uint8Array(table.length).fill(1) };
    }
    if (this.texts && covers(this.texts.covered, rows)) return this.texts.column;
    if (table.texts) {
      this.texts = { column: textColumnOf(table.texts, table.length), covered: new Uint8Array(table.length).fill(1) };
      return this.texts.column;
    }
    const load = this.cachePayloads ? widen : rows;
    const column = await loadTexts(this.store, table, load, { ...options, budget: this.budget });
    this.texts = { column, covered: mask(table.length, load) };
    return column;
  }

  /**
   * The word counts standing in for a missing `tokens_used`, of every row the
   * read returned: one pass over the texts that keeps none, made once. On a
   * base-table read it is a scan of its own, beside the RowTable's when a run
   * starts both (a preview); an LSM read counts from the texts it kept.
   */
  wordCounts(): Promise<WordCounts> {
    // Not cancelled with the run that started it: the next plan needs the same counts.
    this.words ??= this.store.readsWal
      ? this.rowTable().then((table) => countTextWords(this.store, table, allRowsOf(table.length)))
      : countWordsBesideScan(this.store, this.rowTable());
    this.words.catch(() => (this.words = undefined));
    return this.words;
  }

  /**
   * Texts of `rows` read when asked (a preview plan reads only the texts it
   * shows): the loaded texts when they cover `rows` already (or came with the
   * scan), else a TextsOnDemand over the word counts (still being counted)
   * whose every-text read is `textsFor(rows, widen)`.
   */
  async textsOnDemand(rows: ArrayLike<number>, widen: ArrayLike<number>, options: LoadOptions = {}): Promise<TextsAsked> {
    const table = await this.rowTable();
    if (table.texts || (this.texts && covers(this.texts.covered, rows))) return { texts: await this.textsFor(rows, widen, options) };
    const texts = new TextsOnDemand(
      this.wordCounts(),
      (some, signal) => readTextsOf(this.store, table, some, { signal }),
      (signal) => this.textsFor(rows, widen, { signal }),
    );
    return { texts, readTexts: (some, signal) => texts.readTexts(some, signal), counted: texts.counted };
  }
}

/** Texts as `textsOnDemand` gives them: read already, or read when asked once `counted` (the word counts) settles. */
export interface TextsAsked {
  texts: TextColumn;
  readTexts?: TextsOnDemand['readTexts'];
  /** Settles when `texts.wordCount` may be asked (absent: at once). */
  counted?: Promise<void>;
}

function mask(length: number, rows: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < rows.length; i++) out[rows[i]] = 1;
  return out;
}

function covers(covered: Uint8Array, rows: ArrayLike<number>): boolean {
  for (let i = 0; i < rows.length; i++) if (!covered[rows[i]]) return false;
  return true;
}

/**
 * A store opened for curation, caching each version's loaded columns so that
 * repeated plans (the preview's recounts) only redo the stages whose options
 * changed.
 *
 * @example
 * const session = await CurationSession.open('ctx.lance', { cachePayloads: true });
 * const plan = await planExport(session, { task: 'sft', dedupThreshold: 0.05 });
 */
export class CurationSession {
  /** `latest` is the opened read (base + MemWAL generations); a number is the base table pinned at it. */
  private readonly versions = new Map<number | 'latest', Promise<VersionState>>();
  private readonly holdouts = new Map<string, Promise<Holdout>>();
  /** One budget for every version the session reads; its spill folder goes when the session closes. */
  readonly budget: MemoryBudget;

  private constructor(
    readonly store: ContextStore,
    private readonly options: SessionOptions,
  ) {
    this.budget = new MemoryBudget(options.spill);
    this.versions.set(store.pinned ? store.version : 'latest', Promise.resolve(new VersionState(store, !!options.cachePayloads, this.budget)));
  }

  static async open(location: string, options: SessionOptions = {}): Promise<CurationSession> {
    return new CurationSession(await ContextStore.open(location, { ...options, memoryBudget: options.memoryBudget ?? options.spill?.memoryBudget }), options);
  }

  /** The folder relative input paths (holdouts, benchmarks) are read from. */
  get inputBase(): string {
    return this.options.cwd ?? process.cwd();
  }

  /** The object-store settings the store was opened with (a labels dataset beside it uses them too). */
  get storageOptions(): Record<string, string> | undefined {
    return this.options.storageOptions;
  }

  /** Wraps an already open store. */
  static fromStore(store: ContextStore, options: SessionOptions = {}): CurationSession {
    return new CurationSession(store, options);
  }

  /**
   * The state of `version` (default: the read the session opened). An explicit
   * version reads the base table at it, even when it is the latest, since
   * MemWAL generations are not versioned.
   */
  version(version?: number): Promise<VersionState> {
    const key = version ?? (this.store.pinned ? this.store.version : 'latest');
    let state = this.versions.get(key);
    if (!state) {
      // Only numbered keys are ever missing: the opened read is stored at construction.
      state = this.store.atVersion(key === 'latest' ? this.store.version : key).then((store) => new VersionState(store, !!this.options.cachePayloads, this.budget));
      state.catch(() => this.versions.delete(key));
      this.versions.set(key, state);
    }
    return state;
  }

  holdout(location: string, signal?: AbortSignal): Promise<Holdout> {
    let holdout = this.holdouts.get(location);
    if (!holdout) {
      holdout = loadHoldout(location, { cwd: this.options.cwd, storageOptions: this.options.storageOptions, signal });
      holdout.catch(() => this.holdouts.delete(location));
      this.holdouts.set(location, holdout);
    }
    return holdout;
  }

  async close(): Promise<void> {
    for (const state of this.versions.values()) {
      try {
        (await state).store.close();
      } catch {
        // a version that failed to open has nothing to close
      }
    }
    this.versions.clear();
    this.budget.close();
  }
}
