import * as v from 'valibot';
import { cosineDistance, finiteNumber, quoted } from './optionSchemas';
import { isGiven, option, requires } from './optionSpecType';
import { SHAPE_OPTIONS } from './shapeOptions';

/** Whether a grouping makes each group a conversation (a session or an agent run). */
function groupsConversations(options: Record<string, unknown>): boolean {
  const groupBy = typeof options.groupBy === 'string' ? options.groupBy : SHAPE_OPTIONS.groupBy.default;
  return groupBy === 'session_id' || groupBy === 'run_id';
}

/**
 * Whether word shingles are compared: by the MinHash dedup, or by the
 * leakage check's text measure (on when any text dedup is).
 */
function usesShingles(options: Record<string, unknown>): boolean {
  return options.textDedup === 'minhash' || (options.textDedup !== undefined && options.leakage !== undefined);
}

/** Whether some benchmark file is given. */
const hasBenchmark = (options: Record<string, unknown>) => isGiven(options.benchmark);

/** What curation drops or keeps: reward, dedup, decontamination and review labels. */
export const CURATION_OPTIONS = {
  minReward: option({
    flag: 'min-reward',
    valueName: '<x>',
    label: 'Min reward',
    help: 'drop records whose numeric metadata.reward is below x',
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
    kind: 'path',
    schema: v.pipe(v.string(), v.maxLength(4096, 'at most 4096 characters')),
    prompt: true,
    needs: [requires('decontaminateThreshold', 'decontamination needs a distance (the cosine distance that counts as a match)')],
  }),
  decontaminateThreshold: option({
    flag: 'decontaminate-threshold',
    valueName: '<x>',
    label: 'Decontamination distance',
    help: 'drop records within cosine distance x of a holdout vector',
    kind: 'number',
    schema: cosineDistance,
    slider: { min: 0, max: 0.3, step: 0.001, start: 0.05 },
    setting: true,
    needs: [requires('holdout', 'a decontamination distance needs a holdout (the vectors to decontaminate against)')],
  }),
  labels: option({
    flag: 'labels',
    valueName: '<labels.lance>',
    label: 'Review labels',
    help: "apply a labels dataset's review decisions: labels, ranks, edits, discards, ties (docs/labels.md)",
    kind: 'path',
    schema: v.pipe(v.string(), v.maxLength(4096, 'at most 4096 characters')),
  }),
  labelsVersion: option({
    flag: 'labels-version',
    valueName: '<n>',
    label: 'Labels version',
    help: 'read this version of the labels dataset (time travel; default: latest; the run record pins the one read)',
    kind: 'integer',
    schema: v.pipe(v.number('expected a positive integer'), v.safeInteger('expected a positive integer'), v.minValue(1, 'expected a positive integer')),
    needs: [{ met: (options) => isGiven(options.labels), because: 'a labels version needs a labels dataset', part: true }],
  }),
  editPairs: option({
    flag: 'edit-pairs',
    label: 'Edit pairs',
    help: 'each human-edited assistant response also yields a pair: the edit as chosen, the original as rejected (paired preference form, with --labels)',
    kind: 'boolean',
    schema: v.boolean(),
    default: false,
    needs: [
      { met: (options) => isGiven(options.labels), because: 'edit pairs come from review edits: they need a labels dataset' },
      { met: (options) => (options.task ?? 'sft') === 'preference' && (options.form ?? 'paired') === 'paired', because: 'edit pairs are preference pairs: they need the preference task in the paired form' },
    ],
  }),
  textDedup: option({
    flag: 'text-dedup',
    valueName: '<mode>',
    label: 'Text dedup',
    help: 'drop records whose normalised text duplicates an earlier kept one: exact or minhash (near duplicates)',
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
    kind: 'integer',
    schema: v.pipe(v.number('expected a positive integer'), v.safeInteger('expected a positive integer'), v.minValue(1, 'expected a positive integer'), v.maxValue(64, 'at most 64 words')),
    default: 5,
    needs: [{ met: usesShingles, because: 'a shingle size needs MinHash text dedup (or exact text dedup with a leakage check)', part: true }],
  }),
  textDedupThreshold: option({
    flag: 'text-dedup-threshold',
    valueName: '<x>',
    label: 'Text dedup threshold (Jaccard)',
    help: 'shingle Jaccard similarity at or above which a text is a near duplicate (and, with --leakage, a train/eval pair leaks)',
    kind: 'number',
    schema: v.pipe(
      finiteNumber('a similarity'),
      v.gtValue(0, (issue) => `a Jaccard similarity is above 0 and at most 1, got ${issue.input}`),
      v.maxValue(1, (issue) => `a Jaccard similarity is above 0 and at most 1, got ${issue.input}`),
    ),
    default: 0.8,
    slider: { min: 0.5, max: 1, step: 0.01, start: 0.8 },
    needs: [{ met: usesShingles, because: 'a text dedup threshold needs MinHash text dedup (or exact text dedup with a leakage check)', part: true }],
  }),
  benchmark: option({
    flag: 'benchmark',
    valueName: '<file>',
    label: 'Benchmarks (JSONL or .txt)',
    help: 'benchmark file to decontaminate against by word n-grams (repeatable)',
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
    kind: 'text',
    schema: v.pipe(v.string(), v.minLength(1, 'expected a field name'), v.maxLength(200, 'at most 200 characters')),
    default: 'text',
    needs: [{ met: hasBenchmark, because: 'a benchmark field needs a benchmark file', part: true }],
  }),
  ngram: option({
    flag: 'ngram',
    valueName: '<n>',
    label: 'n-gram length (words)',
    help: 'words a record must share in order with a benchmark item to be dropped',
    kind: 'integer',
    schema: v.pipe(v.number('expected an integer from 3 to 64'), v.safeInteger('expected an integer from 3 to 64'), v.minValue(3, 'expected an integer from 3 to 64'), v.maxValue(64, 'expected an integer from 3 to 64')),
    default: 13,
    needs: [{ met: hasBenchmark, because: 'an n-gram length needs a benchmark file', part: true }],
  }),
  dedupUnit: option({
    flag: 'dedup-unit',
    valueName: '<unit>',
    label: 'Text dedup unit',
    help: 'what the text stages compare and drop: record, or group (whole --group-by conversations)',
    kind: 'choice',
    schema: v.picklist(['record', 'group'] as const, (issue) => `unknown dedup unit ${quoted(issue.input)} (use record, group)`),
    // Dropping single turns punches holes in conversations: a conversation is compared whole unless asked otherwise.
    dependentDefault: {
      of: (options) => (groupsConversations(options) ? 'group' : 'record'),
      text: 'group when grouped by session_id or run_id (conversations), else record',
    },
    choices: [
      { value: 'record', label: 'record', description: 'each record on its own' },
      { value: 'group', label: 'group (whole conversations)', description: 'the records of one group (the group-by key) joined in (created_at, id) order' },
    ],
    needs: [{ met: (options) => options.textDedup !== undefined || hasBenchmark(options), because: 'a dedup unit needs text dedup or a benchmark file', part: true }],
  }),
  keep: option({
    flag: 'keep',
    valueName: '<id>',
    label: 'Keep',
    help: 'record id to keep instead of its duplicates: each dedup stage decides kept ids first and removes their duplicates, earlier or later, as copies of them (with --dedup-unit group, keeps its whole group; repeatable)',
    kind: 'text',
    schema: v.pipe(
      v.array(v.pipe(v.string('expected a record id'), v.maxLength(1024, 'at most 1024 characters')), 'expected a list of record ids'),
      v.maxLength(100_000, 'at most 100 000 ids'),
    ),
    repeatable: true,
  }),
} as const;
