import * as v from 'valibot';
import { EXPORT_TASKS, GROUP_BY_CHOICES, parseGroupBy, PREFERENCE_FORMS } from './exportVocabulary';
import { grouping, GROUPING_CHOICES, quoted } from './optionSchemas';
import { option } from './optionSpecType';

/** Whether the task is preference (the default task is sft). */
const preference = (options: Record<string, unknown>) => (options.task ?? 'sft') === 'preference';

/** What preference candidates compete within (see `PairScope`). */
export const PAIR_SCOPES = ['group', 'turn'] as const;

/** The shape of the training set: the task, its form, and the records one example is made of. */
export const SHAPE_OPTIONS = {
  task: option({
    flag: 'task',
    valueName: '<task>',
    label: 'Task',
    help: 'training shape: sft, preference or rollout',
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
    // Kept (and ignored) under another task, so switching back finds the form chosen.
    needs: [{ met: preference }],
  }),
  pairScope: option({
    flag: 'pair-scope',
    valueName: '<scope>',
    label: 'Pair scope',
    help: "which assistant records a preference example compares: the whole group's (export.rs) or, per turn, the answers to one user or tool message",
    kind: 'choice',
    schema: v.picklist(PAIR_SCOPES, (issue) => `unknown pair scope ${quoted(issue.input)} (use ${PAIR_SCOPES.join(', ')})`),
    default: 'group',
    choices: [
      { value: 'group', label: 'group (export.rs)', description: "all of a group's assistant records compete, whatever turn they answer" },
      { value: 'turn', label: 'turn', description: 'the answers to each prompt compete; tool calls only with tool calls' },
    ],
    needs: [{ met: preference, because: 'a pair scope needs the preference task', part: true }],
  }),
  groupBy: option({
    flag: 'group-by',
    valueName: '<g>',
    label: 'Group by',
    help: `records of one example: ${GROUP_BY_CHOICES.join('|')}`,
    kind: 'grouping',
    schema: grouping,
    default: 'session_id',
    choices: GROUPING_CHOICES,
    setting: true,
    prompt: true,
    refine: (value) => void parseGroupBy(value, 'groupBy'),
  }),
} as const;
