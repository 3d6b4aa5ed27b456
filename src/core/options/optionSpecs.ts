import * as v from 'valibot';
import { EXPORT_TASKS, GROUP_BY_CHOICES, parseGroupBy, PREFERENCE_FORMS, RANKED_PAIRS_MODES } from './exportVocabulary';
import { LISTING_ORDERS } from '../listing/listingOrder';
import { parseRecordFilters } from '../listing/recordFilters';
import { parseRfc3339Micros } from '../time/rfc3339';
import { optionError } from './optionError';

/**
 * The one definition of every curation option. The CLI flags, the protocol
 * validator, the preview panel's controls, the Export Training Set prompts,
 * the VS Code settings and the README's flag table all derive from this table;
 * `resolveExportOptions` is the one door where values are checked.
 *
 * Adding an option: one entry here plus the stage that uses it.
 */

/** Where an option sits in the panel and the help. */
export type OptionGroup = 'shape' | 'selection' | 'curation' | 'split' | 'format' | 'output';

/** How a surface edits the value: the CLI parses text by it, the panel picks a control by it. */
export type OptionKind = 'choice' | 'number' | 'integer' | 'boolean' | 'text' | 'json' | 'path' | 'seed' | 'timestamp' | 'grouping';

export interface OptionChoice {
  value: string;
  label: string;
  description?: string;
}

interface OptionSpecBase<S extends v.GenericSchema> {
  /** The CLI flag without dashes (`min-reward`). */
  flag: string;
  /** The flag's value placeholder in help (`<x>`); absent for switches. */
  valueName?: string;
  /** The panel's and the prompts' label. */
  label: string;
  /** One line for `--help`, tooltips, settings and the README. */
  help: string;
  group: OptionGroup;
  kind: OptionKind;
  /** The value's type and range, as it crosses every boundary. */
  schema: S;
  /** The value used when the option is not given (absent: the option is off). */
  default?: v.InferOutput<S>;
  /**
   * A default that depends on the other options (instead of `default`): the
   * value, and how help and the README say it. Read it through {@link defaultOf}.
   */
  dependentDefault?: { of: (options: Record<string, unknown>) => v.InferOutput<S>; text: string };
  choices?: readonly OptionChoice[];
  /** The panel's slider range and step (the schema's range is the truth). */
  slider?: { min: number; max: number; step: number; start: number };
  /**
   * A VS Code setting `lanceCurator.export.<key>` preselects it: every option
   * that makes sense as a default, i.e. needs no other option and names no
   * per-run file, id, version or filter.
   */
  setting?: boolean;
  /** Asked by the Export Training Set prompts when no preview is open. */
  prompt?: boolean;
  /** Checks that need the core's own grammar (filters, groupings); throws an option error. */
  refine?: (value: v.InferOutput<S>) => void;
  /** Shown only when this returns true for the other options (the form row of preference). */
  visibleWhen?: (options: Record<string, unknown>) => boolean;
  /** Repeatable flag (`--keep a --keep b`): the value is a list. */
  repeatable?: boolean;
  /**
   * The options this one depends on: returns why it does not apply to the
   * other options (e.g. `--shingle-size` without `--text-dedup minhash`), or
   * undefined when it does. The door refuses a value set where it does not
   * apply, and the run record writes a default only where it applies.
   */
  needs?: (options: Record<string, unknown>) => string | undefined;
}

export type OptionSpec<S extends v.GenericSchema = v.GenericSchema> = OptionSpecBase<S>;

function option<S extends v.GenericSchema>(spec: OptionSpecBase<S>): OptionSpecBase<S> {
  return spec;
}

/** The value an option takes when not given, for these other options (undefined: off). */
export function defaultOf(key: OptionKey, options: Record<string, unknown>): unknown {
  const spec = optionSpec(key);
  return spec.dependentDefault ? spec.dependentDefault.of(options) : spec.default;
}

/** The default as help and the README say it (undefined: none to say). */
export function defaultText(spec: OptionSpec): string | undefined {
  if (spec.dependentDefault) return spec.dependentDefault.text;
  return spec.default === undefined || spec.kind === 'boolean' ? undefined : String(spec.default);
}

/** Whether a grouping makes each group a conversation (a session or an agent run). */
function groupsConversations(options: Record<string, unknown>): boolean {
  const groupBy = typeof options.groupBy === 'string' ? options.groupBy : OPTION_SPECS.groupBy.default;
  return groupBy === 'session_id' || groupBy === 'run_id';
}

const U64_MAX = 2n ** 64n - 1n;

/** What preference candidates compete within (see `PairScope`). */
export const PAIR_SCOPES = ['group', 'turn'] as const;

/** The line formats an export writes: lance-context's own, or a trainer's. */
export const OUTPUT_FORMATS = ['native', 'trl', 'openai'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * Whether word shingles are compared: by the MinHash dedup, or by the
 * leakage check's text measure (on when any text dedup is).
 */
function usesShingles(options: Record<string, unknown>): boolean {
  return options.textDedup === 'minhash' || (options.textDedup !== undefined && options.leakage !== undefined);
}

/** True for a non-empty list (a repeatable option given at least once). */
function hasList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

const finiteNumber = (expected: string) =>
  v.pipe(v.number((issue) => `expected ${expected}, got ${quoted(issue.input)}`), v.finite((issue) => `expected ${expected}, got ${issue.input}`));

/** A received value as messages show it: strings quoted, the rest as JSON. */
function quoted(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

const cosineDistance = v.pipe(
  finiteNumber('a number'),
  v.minValue(0, (issue) => `a cosine distance is between 0 and 2, got ${issue.input}`),
  v.maxValue(2, (issue) => `a cosine distance is between 0 and 2, got ${issue.input}`),
);

const grouping = v.pipe(v.string(), v.maxLength(200, 'at most 200 characters'));

const GROUPING_CHOICES: readonly OptionChoice[] = [
  { value: 'session_id', label: 'session_id', description: 'one conversation per session' },
  { value: 'run_id', label: 'run_id', description: 'one example per agent run' },
  { value: 'tenant', label: 'tenant' },
  { value: 'source', label: 'source' },
  { value: 'bot_id', label: 'bot_id' },
  { value: 'none', label: 'none', description: 'every record on its own' },
  { value: 'external_id_prefix:#', label: 'external_id_prefix:<delim>', description: 'the external id up to a delimiter' },
];

export const OPTION_SPECS = {
  task: option({
    flag: 'task',
    valueName: '<task>',
    label: 'Task',
    help: 'training shape: sft, preference or rollout',
    group: 'shape',
    kind: 'choice',
    schema: v.picklist(EXPORT_TASKS, (issue) => `unknown task ${quoted(issue.input)} (use ${EXPORT_TASKS.join(', ')})`),
    default: 'sft',
    choices: [
      { value: 'sft', label: 'SFT', description: 'conversations as message lists (supervised fine-tuning, rejection sampling)' },
      { value: 'preference', label: 'Preference', description: 'chosen/rejected pairs, KTO labels or ranked candidates (DPO, KTO, reward models)' },
      { value: 'rollout', label: 'Rollout', description: 'a prompt with rewarded responses (PPO, GRPO, RLVR)' },
    ],
    setting: true,
    prompt: true,
  }),
  form: option({
    flag: 'form',
    valueName: '<form>',
    label: 'Form',
    help: 'preference form: paired, unpaired or ranked',
    group: 'shape',
    kind: 'choice',
    schema: v.picklist(PREFERENCE_FORMS, (issue) => `unknown form ${quoted(issue.input)} (use ${PREFERENCE_FORMS.join(', ')})`),
    default: 'paired',
    choices: [
      { value: 'paired', label: 'paired (chosen / rejected)', description: 'best vs worst candidate per prompt (DPO, SimPO, ORPO)' },
      { value: 'unpaired', label: 'unpaired (KTO labels)', description: 'one completion with a true/false label (KTO)' },
      { value: 'ranked', label: 'ranked (N-way)', description: 'all candidates in rank order (LLM judges, reward models)' },
    ],
    setting: true,
    prompt: true,
    visibleWhen: (options) => (options.task ?? 'sft') === 'preference',
  }),
  pairScope: option({
    flag: 'pair-scope',
    valueName: '<scope>',
    label: 'Pair scope',
    help: "which assistant records a preference example compares: the whole group's (export.rs) or, per turn, the answers to one user or tool message",
    group: 'shape',
    kind: 'choice',
    schema: v.picklist(PAIR_SCOPES, (issue) => `unknown pair scope ${quoted(issue.input)} (use ${PAIR_SCOPES.join(', ')})`),
    default: 'group',
    choices: [
      { value: 'group', label: 'group (export.rs)', description: "all of a group's assistant records compete, whatever turn they answer" },
      { value: 'turn', label: 'turn', description: 'the answers to each prompt compete; tool calls only with tool calls' },
    ],
    needs: (options) => ((options.task ?? 'sft') === 'preference' ? undefined : 'a pair scope needs the preference task'),
  }),
  groupBy: option({
    flag: 'group-by',
    valueName: '<g>',
    label: 'Group by',
    help: `records of one example: ${GROUP_BY_CHOICES.join('|')}`,
    group: 'shape',
    kind: 'grouping',
    schema: grouping,
    default: 'session_id',
    choices: GROUPING_CHOICES,
    setting: true,
    prompt: true,
    refine: (value) => void parseGroupBy(value, 'groupBy'),
  }),
  order: option({
    flag: 'order',
    valueName: '<order>',
    label: 'Listing order',
    help: 'order records before curation: created_at (reproducible on every store) or scan (storage order, as export.rs)',
    group: 'selection',
    kind: 'choice',
    schema: v.picklist(LISTING_ORDERS, (issue) => `unknown order ${quoted(issue.input)} (use ${LISTING_ORDERS.join(', ')})`),
    default: 'created_at',
    choices: [
      { value: 'created_at', label: 'created_at, id', description: 'reproducible across reads, compaction and write-ahead-log layout' },
      { value: 'scan', label: 'storage (scan) order', description: 'export.rs exactly on stores without pending write-ahead-log data' },
    ],
    setting: true,
  }),
  filter: option({
    flag: 'filter',
    valueName: '<json>',
    label: 'Filter',
    help: 'RecordFilters JSON, e.g. \'{"role":"user","created_at":{"gte":"2025-01-01T00:00:00Z"}}\'',
    group: 'selection',
    kind: 'json',
    schema: v.pipe(v.string(), v.maxLength(100_000, 'at most 100 000 characters')),
    prompt: true,
    refine: (value) => {
      if (value.trim() !== '') parseRecordFilters(value);
    },
  }),
  includeExpired: option({
    flag: 'include-expired',
    label: 'Include expired',
    help: 'keep records whose expires_at has passed',
    group: 'selection',
    kind: 'boolean',
    schema: v.boolean(),
    default: false,
    setting: true,
  }),
  includeRetired: option({
    flag: 'include-retired',
    label: 'Include retired / superseded',
    help: 'keep retired, superseded and non-active records',
    group: 'selection',
    kind: 'boolean',
    schema: v.boolean(),
    default: false,
    setting: true,
  }),
  referenceTime: option({
    flag: 'reference-time',
    valueName: '<rfc3339>',
    label: 'Reference time',
    help: '"now" for expiry (default: the current time)',
    group: 'selection',
    kind: 'timestamp',
    schema: v.pipe(v.string(), v.maxLength(64, 'at most 64 characters')),
    refine: (value) => {
      if (parseRfc3339Micros(value) === undefined) {
        throw optionError('referenceTime', `'${value}' is not an RFC 3339 timestamp (e.g. 2024-03-01T00:00:00Z)`);
      }
    },
  }),
  version: option({
    flag: 'at-version',
    valueName: '<n>',
    label: 'Version',
    help: 'read this dataset version of the base table (time travel; default: latest)',
    group: 'selection',
    kind: 'integer',
    schema: v.pipe(v.number('expected a positive integer'), v.safeInteger('expected a positive integer'), v.minValue(1, 'expected a positive integer')),
  }),
  minReward: option({
    flag: 'min-reward',
    valueName: '<x>',
    label: 'Min reward',
    help: 'drop records whose numeric metadata.reward is below x',
    group: 'curation',
    kind: 'number',
    schema: finiteNumber('a number'),
    slider: { min: 0, max: 1, step: 0.01, start: 0.5 },
    prompt: true,
    setting: true,
  }),
  dedupThreshold: option({
    flag: 'dedup-threshold',
    valueName: '<x>',
    label: 'Dedup threshold (cosine distance)',
    help: 'drop records within cosine distance x of an earlier kept record',
    group: 'curation',
    kind: 'number',
    schema: cosineDistance,
    slider: { min: 0, max: 0.3, step: 0.001, start: 0.05 },
    prompt: true,
    setting: true,
  }),
  holdout: option({
    flag: 'holdout',
    valueName: '<file.jsonl|store>',
    label: 'Holdout (JSONL or .lance)',
    help: 'holdout embeddings to decontaminate against (needs --decontaminate-threshold)',
    group: 'curation',
    kind: 'path',
    schema: v.pipe(v.string(), v.maxLength(4096, 'at most 4096 characters')),
    prompt: true,
  }),
  decontaminateThreshold: option({
    flag: 'decontaminate-threshold',
    valueName: '<x>',
    label: 'Decontamination distance',
    help: 'drop records within cosine distance x of a holdout vector',
    group: 'curation',
    kind: 'number',
    schema: cosineDistance,
    slider: { min: 0, max: 0.3, step: 0.001, start: 0.05 },
    setting: true,
  }),
  labels: option({
    flag: 'labels',
    valueName: '<labels.lance>',
    label: 'Review labels',
    help: "apply a labels dataset's review decisions: labels, ranks, edits, discards, ties (docs/labels.md)",
    group: 'curation',
    kind: 'path',
    schema: v.pipe(v.string(), v.maxLength(4096, 'at most 4096 characters')),
  }),
  labelsVersion: option({
    flag: 'labels-version',
    valueName: '<n>',
    label: 'Labels version',
    help: 'read this version of the labels dataset (time travel; default: latest; the run record pins the one read)',
    group: 'curation',
    kind: 'integer',
    schema: v.pipe(v.number('expected a positive integer'), v.safeInteger('expected a positive integer'), v.minValue(1, 'expected a positive integer')),
    needs: (options) => (typeof options.labels === 'string' && options.labels.trim() !== '' ? undefined : 'a labels version needs a labels dataset'),
  }),
  editPairs: option({
    flag: 'edit-pairs',
    label: 'Edit pairs',
    help: 'each human-edited assistant response also yields a pair: the edit as chosen, the original as rejected (paired preference form, with --labels)',
    group: 'curation',
    kind: 'boolean',
    schema: v.boolean(),
    default: false,
    needs: (options) => {
      if (typeof options.labels !== 'string' || options.labels.trim() === '') return 'edit pairs come from review edits: they need a labels dataset';
      if ((options.task ?? 'sft') !== 'preference' || (options.form ?? 'paired') !== 'paired') return 'edit pairs are preference pairs: they need the preference task in the paired form';
      return undefined;
    },
  }),
  textDedup: option({
    flag: 'text-dedup',
    valueName: '<mode>',
    label: 'Text dedup',
    help: 'drop records whose normalised text duplicates an earlier kept one: exact or minhash (near duplicates)',
    group: 'curation',
    kind: 'choice',
    schema: v.picklist(['exact', 'minhash'] as const, (issue) => `unknown text dedup ${quoted(issue.input)} (use exact, minhash)`),
    choices: [
      { value: 'exact', label: 'exact', description: 'same text after NFKC, lower case and whitespace folding' },
      { value: 'minhash', label: 'MinHash near duplicates', description: 'word-shingle Jaccard ≥ the threshold, verified exactly (also removes exact duplicates)' },
    ],
    setting: true,
  }),
  shingleSize: option({
    flag: 'shingle-size',
    valueName: '<n>',
    label: 'Shingle size (words)',
    help: 'words per shingle of the MinHash text dedup',
    group: 'curation',
    kind: 'integer',
    schema: v.pipe(v.number('expected a positive integer'), v.safeInteger('expected a positive integer'), v.minValue(1, 'expected a positive integer'), v.maxValue(64, 'at most 64 words')),
    default: 5,
    needs: (options) => (usesShingles(options) ? undefined : 'a shingle size needs MinHash text dedup (or exact text dedup with a leakage check)'),
  }),
  textDedupThreshold: option({
    flag: 'text-dedup-threshold',
    valueName: '<x>',
    label: 'Text dedup threshold (Jaccard)',
    help: 'shingle Jaccard similarity at or above which a text is a near duplicate (and, with --leakage, a train/eval pair leaks)',
    group: 'curation',
    kind: 'number',
    schema: v.pipe(
      finiteNumber('a similarity'),
      v.gtValue(0, (issue) => `a Jaccard similarity is above 0 and at most 1, got ${issue.input}`),
      v.maxValue(1, (issue) => `a Jaccard similarity is above 0 and at most 1, got ${issue.input}`),
    ),
    default: 0.8,
    slider: { min: 0.5, max: 1, step: 0.01, start: 0.8 },
    needs: (options) => (usesShingles(options) ? undefined : 'a text dedup threshold needs MinHash text dedup (or exact text dedup with a leakage check)'),
  }),
  benchmark: option({
    flag: 'benchmark',
    valueName: '<file>',
    label: 'Benchmarks (JSONL or .txt)',
    help: 'benchmark file to decontaminate against by word n-grams (repeatable)',
    group: 'curation',
    kind: 'path',
    schema: v.pipe(
      v.array(v.pipe(v.string('expected a file path'), v.maxLength(4096, 'at most 4096 characters')), 'expected a list of file paths'),
      v.maxLength(64, 'at most 64 benchmark files'),
    ),
    repeatable: true,
  }),
  benchmarkField: option({
    flag: 'benchmark-field',
    valueName: '<field>',
    label: 'Benchmark text field',
    help: 'JSONL field holding each benchmark item\'s text',
    group: 'curation',
    kind: 'text',
    schema: v.pipe(v.string(), v.minLength(1, 'expected a field name'), v.maxLength(200, 'at most 200 characters')),
    default: 'text',
    needs: (options) => (hasList(options.benchmark) ? undefined : 'a benchmark field needs a benchmark file'),
  }),
  ngram: option({
    flag: 'ngram',
    valueName: '<n>',
    label: 'n-gram length (words)',
    help: 'words a record must share in order with a benchmark item to be dropped',
    group: 'curation',
    kind: 'integer',
    schema: v.pipe(v.number('expected an integer from 3 to 64'), v.safeInteger('expected an integer from 3 to 64'), v.minValue(3, 'expected an integer from 3 to 64'), v.maxValue(64, 'expected an integer from 3 to 64')),
    default: 13,
    needs: (options) => (hasList(options.benchmark) ? undefined : 'an n-gram length needs a benchmark file'),
  }),
  dedupUnit: option({
    flag: 'dedup-unit',
    valueName: '<unit>',
    label: 'Text dedup unit',
    help: 'what the text stages compare and drop: record, or group (whole --group-by conversations)',
    group: 'curation',
    kind: 'choice',
    schema: v.picklist(['record', 'group'] as const, (issue) => `unknown dedup unit ${quoted(issue.input)} (use record, group)`),
    // Dropping single turns punches holes in conversations: a conversation is compared whole unless asked otherwise.
    dependentDefault: {
      of: (options) => (groupsConversations(options) ? 'group' : 'record'),
      text: 'group when grouped by session_id or run_id, else record',
    },
    choices: [
      { value: 'record', label: 'record', description: 'each record on its own' },
      { value: 'group', label: 'group (whole conversations)', description: 'the records of one group (the group-by key) joined in (created_at, id) order' },
    ],
    needs: (options) => (options.textDedup !== undefined || hasList(options.benchmark) ? undefined : 'a dedup unit needs text dedup or a benchmark file'),
  }),
  keep: option({
    flag: 'keep',
    valueName: '<id>',
    label: 'Keep',
    help: 'record id to keep instead of its duplicates: each dedup stage decides kept ids first and removes their duplicates, earlier or later, as copies of them (with --dedup-unit group, keeps its whole group; repeatable)',
    group: 'curation',
    kind: 'text',
    schema: v.pipe(
      v.array(v.pipe(v.string('expected a record id'), v.maxLength(1024, 'at most 1024 characters')), 'expected a list of record ids'),
      v.maxLength(100_000, 'at most 100 000 ids'),
    ),
    repeatable: true,
  }),
  splitEval: option({
    flag: 'split-eval',
    valueName: '<fraction>',
    label: 'Eval fraction',
    help: 'write group-disjoint .train/.eval outputs with this eval fraction',
    group: 'split',
    kind: 'number',
    schema: v.pipe(
      finiteNumber('a fraction'),
      v.minValue(0, (issue) => `the eval fraction must be between 0 and 1, got ${issue.input}`),
      v.maxValue(1, (issue) => `the eval fraction must be between 0 and 1, got ${issue.input}`),
    ),
    slider: { min: 0, max: 1, step: 0.01, start: 0.1 },
    prompt: true,
    setting: true,
  }),
  splitBy: option({
    flag: 'split-by',
    valueName: '<g>',
    label: 'Split by',
    help: 'grouping the split is disjoint on (needs --split-eval)',
    group: 'split',
    kind: 'grouping',
    schema: grouping,
    default: 'session_id',
    choices: GROUPING_CHOICES,
    refine: (value) => void parseGroupBy(value, 'splitBy'),
  }),
  splitSeed: option({
    flag: 'split-seed',
    valueName: '<n>',
    label: 'Seed',
    help: 'split seed, an unsigned 64-bit integer (needs --split-eval)',
    group: 'split',
    kind: 'seed',
    schema: v.union(
      [
        v.pipe(v.string(), v.trim(), v.regex(/^\d{1,20}$/, `expected an integer from 0 to ${U64_MAX}`)),
        v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
      ],
      `expected an integer from 0 to ${U64_MAX}`,
    ),
    default: '0',
    refine: (value) => {
      if (BigInt(String(value).trim()) > U64_MAX) throw optionError('splitSeed', `expected an integer from 0 to ${U64_MAX}, got ${value}`);
    },
  }),
  format: option({
    flag: 'format',
    valueName: '<format>',
    label: 'Format',
    help: 'line format: native (lance-context export.rs), trl (Hugging Face TRL) or openai (OpenAI fine-tuning); trainer formats write provenance to <out>.provenance.jsonl',
    group: 'format',
    kind: 'choice',
    schema: v.picklist(OUTPUT_FORMATS, (issue) => `unknown format ${quoted(issue.input)} (use ${OUTPUT_FORMATS.join(', ')})`),
    default: 'native',
    choices: [
      { value: 'native', label: 'native (export.rs)', description: 'lance-context\'s own lines, provenance inline' },
      { value: 'trl', label: 'TRL', description: 'what Hugging Face TRL trainers read: tool calls intact, provenance in a sidecar' },
      { value: 'openai', label: 'OpenAI', description: 'OpenAI fine-tuning lines (SFT, DPO, RFT); no unpaired form' },
    ],
    setting: true,
    prompt: true,
  }),
  rankedPairs: option({
    flag: 'ranked-pairs',
    valueName: '<mode>',
    label: 'Ranked pairs',
    help: 'how a ranked list becomes trainer pairs: best-worst, adjacent or all (trl/openai, ranked form)',
    group: 'format',
    kind: 'choice',
    schema: v.picklist(RANKED_PAIRS_MODES, (issue) => `unknown ranked-pairs mode ${quoted(issue.input)} (use ${RANKED_PAIRS_MODES.join(', ')})`),
    default: 'best-worst',
    choices: [
      { value: 'best-worst', label: 'best vs worst', description: 'one pair per list (what the paired form does)' },
      { value: 'adjacent', label: 'adjacent', description: 'each candidate against the next one down' },
      { value: 'all', label: 'all', description: 'every two candidates of different rank' },
    ],
    visibleWhen: (options) => (options.format ?? 'native') !== 'native' && (options.task ?? 'sft') === 'preference' && options.form === 'ranked',
    setting: true,
  }),
  margin: option({
    flag: 'margin',
    label: 'Margin',
    help: 'write margin = chosen reward - rejected reward on ranked pairs (trl only; TRL RewardTrainer)',
    group: 'format',
    kind: 'boolean',
    schema: v.boolean(),
    default: false,
    // Also shown while set, so the reason it is refused stays on screen.
    visibleWhen: (options) => options.margin === true || (options.format === 'trl' && (options.task ?? 'sft') === 'preference' && options.form === 'ranked'),
  }),
  tools: option({
    flag: 'tools',
    valueName: '<file.json>',
    label: 'Tools file',
    help: 'tool schemas (JSON list, or {"tools": [...]}) written on every trainer line instead of those the records declare',
    group: 'format',
    kind: 'path',
    schema: v.pipe(v.string(), v.maxLength(4096, 'at most 4096 characters')),
    visibleWhen: (options) => (options.format ?? 'native') !== 'native' || (typeof options.tools === 'string' && options.tools !== ''),
  }),
  tokenizer: option({
    flag: 'tokenizer',
    valueName: '<name|tokenizer.json>',
    label: 'Tokenizer',
    help: 'count tokens per example: o200k_base, cl100k_base, or a Hugging Face tokenizer.json (file or folder)',
    group: 'format',
    // A path unless it names a bundled encoding (its choices), which surfaces keep as written.
    kind: 'path',
    choices: [
      { value: 'o200k_base', label: 'o200k_base', description: 'GPT-4o, GPT-4.1 and later (bundled)' },
      { value: 'cl100k_base', label: 'cl100k_base', description: 'GPT-4, GPT-3.5 (bundled)' },
    ],
    schema: v.pipe(v.string(), v.maxLength(4096, 'at most 4096 characters')),
    setting: true,
  }),
  chatTemplate: option({
    flag: 'chat-template',
    valueName: '<tokenizer_config.json|file.jinja>',
    label: 'Chat template',
    help: 'render each example through this chat template before counting tokens (needs --tokenizer)',
    group: 'format',
    kind: 'path',
    schema: v.pipe(v.string(), v.maxLength(4096, 'at most 4096 characters')),
  }),
  maxTokens: option({
    flag: 'max-tokens',
    valueName: '<n>',
    label: 'Max tokens',
    help: 'drop examples longer than n tokens (needs --tokenizer)',
    group: 'format',
    kind: 'integer',
    schema: v.pipe(v.number('expected a positive integer'), v.safeInteger('expected a positive integer'), v.minValue(1, 'expected a positive integer')),
  }),
  leakage: option({
    flag: 'leakage',
    valueName: '<mode>',
    label: 'Train/eval leakage',
    help: 'near-duplicate pairs straddling the split: report them in <out>.leakage.json, or move each pair\'s train group to eval',
    group: 'split',
    kind: 'choice',
    schema: v.picklist(['report', 'move'] as const, (issue) => `unknown leakage mode ${quoted(issue.input)} (use report, move)`),
    choices: [
      { value: 'report', label: 'report', description: 'list straddling pairs in <out>.leakage.json' },
      { value: 'move', label: 'move train side to eval', description: 'one deterministic pass; what still straddles is reported' },
    ],
    needs: (options) => (options.splitEval !== undefined ? undefined : 'a leakage check needs a split (an eval fraction)'),
  }),
  leakageThreshold: option({
    flag: 'leakage-threshold',
    valueName: '<x>',
    label: 'Leakage distance (cosine)',
    help: 'embedding cosine distance at or below which a train/eval pair leaks [default: the dedup threshold, else 0.05]',
    group: 'split',
    kind: 'number',
    schema: cosineDistance,
    slider: { min: 0, max: 0.3, step: 0.001, start: 0.05 },
    needs: (options) => (options.leakage !== undefined ? undefined : 'a leakage distance needs a leakage check'),
  }),
  stats: option({
    flag: 'stats',
    label: 'Write stats',
    help: 'also write <out>.stats.json',
    group: 'output',
    kind: 'boolean',
    schema: v.boolean(),
    default: false,
    setting: true,
  }),
  strict: option({
    flag: 'strict',
    label: 'Strict',
    help: 'fail on a record whose metadata is not valid JSON instead of skipping it',
    group: 'output',
    kind: 'boolean',
    schema: v.boolean(),
    default: false,
  }),
} as const;

export type OptionKey = keyof typeof OPTION_SPECS;

/** Every option in table order (the order of help, the README table and the settings). */
export const OPTION_KEYS = Object.keys(OPTION_SPECS) as OptionKey[];

/** The spec of one option, loosely typed for surfaces that walk the table. */
export function optionSpec(key: OptionKey): OptionSpec {
  return OPTION_SPECS[key] as unknown as OptionSpec;
}

/** The option a CLI flag sets, for surfaces that receive a flag name. */
export function optionOfFlag(flag: string): OptionKey | undefined {
  const bare = flag.replace(/^--/, '');
  return OPTION_KEYS.find((key) => OPTION_SPECS[key].flag === bare);
}

/** True when `key` names an option of the table (own keys only: `__proto__` is not an option). */
export function isOptionKey(key: unknown): key is OptionKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(OPTION_SPECS, key);
}
