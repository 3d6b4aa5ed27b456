import * as v from 'valibot';
import { RANKED_PAIRS_MODES } from './exportVocabulary';
import { quoted } from './optionSchemas';
import { UNPAIRED_OPENAI } from './optionError';
import { option, requires } from './optionSpecType';

/** The line formats an export writes: lance-context's own, or a trainer's. */
export const OUTPUT_FORMATS = ['native', 'trl', 'openai'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Whether a preference task asks for the ranked form. */
const rankedPreference = (options: Record<string, unknown>) => (options.task ?? 'sft') === 'preference' && (options.form ?? 'paired') === 'ranked';
/** Whether trainer lines are written (trl or openai, not native). */
const trainerFormat = (options: Record<string, unknown>) => (options.format ?? 'native') !== 'native';

/** The lines written: the trainer's format, its pairs and tools, and token counting. */
export const FORMAT_OPTIONS = {
  format: option({
    flag: 'format',
    valueName: '<format>',
    label: 'Format',
    help: 'line format: native (lance-context export.rs), trl (Hugging Face TRL) or openai (OpenAI fine-tuning); trainer formats write provenance to <out>.provenance.jsonl',
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
    needs: [{ met: (options) => options.format !== 'openai' || !((options.task ?? 'sft') === 'preference' && (options.form ?? 'paired') === 'unpaired'), because: UNPAIRED_OPENAI }],
  }),
  rankedPairs: option({
    flag: 'ranked-pairs',
    valueName: '<mode>',
    label: 'Ranked pairs',
    help: 'how a ranked list becomes trainer pairs: best-worst, adjacent or all (trl/openai, ranked form)',
    kind: 'choice',
    schema: v.picklist(RANKED_PAIRS_MODES, (issue) => `unknown ranked-pairs mode ${quoted(issue.input)} (use ${RANKED_PAIRS_MODES.join(', ')})`),
    default: 'best-worst',
    choices: [
      { value: 'best-worst', label: 'best vs worst', description: 'one pair per list (what the paired form does)' },
      { value: 'adjacent', label: 'adjacent', description: 'each candidate against the next one down' },
      { value: 'all', label: 'all', description: 'every two candidates of different rank' },
    ],
    needs: [{ met: (options) => trainerFormat(options) && rankedPreference(options) }],
    setting: true,
  }),
  margin: option({
    flag: 'margin',
    label: 'Margin',
    help: 'write margin = chosen reward - rejected reward on ranked pairs (trl only; TRL RewardTrainer)',
    kind: 'boolean',
    schema: v.boolean(),
    default: false,
    needs: [
      { met: (options) => options.format === 'trl', because: 'a margin is a column of TRL reward-model lines: it needs the trl format' },
      { met: rankedPreference },
    ],
  }),
  tools: option({
    flag: 'tools',
    valueName: '<file.json>',
    label: 'Tools file',
    help: 'tool schemas (JSON list, or {"tools": [...]}) written on every trainer line instead of those the records declare',
    kind: 'path',
    schema: v.pipe(v.string(), v.maxLength(4096, 'at most 4096 characters')),
    needs: [{ met: trainerFormat, because: 'native lines carry no tool schemas: a tools file needs the trl or openai format' }],
  }),
  tokenizer: option({
    flag: 'tokenizer',
    valueName: '<name|tokenizer.json>',
    label: 'Tokenizer',
    help: 'count tokens per example: o200k_base, cl100k_base, or a Hugging Face tokenizer.json (file or folder)',
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
    kind: 'path',
    schema: v.pipe(v.string(), v.maxLength(4096, 'at most 4096 characters')),
    needs: [requires('tokenizer', 'a chat template is rendered to count tokens: it needs a tokenizer')],
  }),
  maxTokens: option({
    flag: 'max-tokens',
    valueName: '<n>',
    label: 'Max tokens',
    help: 'drop examples longer than n tokens (needs --tokenizer)',
    kind: 'integer',
    schema: v.pipe(v.number('expected a positive integer'), v.safeInteger('expected a positive integer'), v.minValue(1, 'expected a positive integer')),
    needs: [requires('tokenizer', 'a token limit needs a tokenizer to count with (o200k_base, cl100k_base or a tokenizer.json)')],
  }),
} as const;
