/**
 * The per-example data the trainer-flavour converters read: the same examples
 * `decideExamples` decides (see `../export/decideExamples.ts`), with each row
 * resolved to the record fields a message is rebuilt from.
 */

/** Which trainer a line is written for. */
export type Flavour = 'trl' | 'openai';

export const FLAVOURS: readonly Flavour[] = ['trl', 'openai'];

/** One stored record, as much of it as rebuilding its message needs. */
export interface FormatRecord {
  id: string;
  /** The record's `role`, as stored (case kept; converters lower-case it). */
  role: string;
  /** `text_payload`; null becomes `""` as in export.rs. */
  text: string | null;
  /** `content_type`, e.g. `text/plain` or `application/json`. */
  contentType: string;
  /** The parsed `metadata` object (undefined when absent or not an object). */
  metadata?: Record<string, unknown>;
  /** `metadata.reward` when it is a number. */
  reward?: number;
  /** `metadata.reward_source`. */
  rewardSource?: string;
}

/** One ranked candidate: `rank` 1 = best, as `decideExamples` numbered them. */
export interface RankedCandidate {
  record: FormatRecord;
  rank: number;
  /** True when `rank` came from `metadata.rank`; false when it is the candidate's place in score order. */
  rankIsExplicit: boolean;
  /** The preference score `decideExamples` ordered by (label → ±Infinity, else reward, else 0). */
  score: number;
}

/** One decided example; the shape of `ExampleSpec` with rows replaced by records. */
export type FormatExampleBody =
  | { form: 'sft'; records: FormatRecord[]; reward?: number }
  | { form: 'paired'; prompt: FormatRecord[]; chosen: FormatRecord; rejected: FormatRecord }
  | { form: 'unpaired'; prompt: FormatRecord[]; completion: FormatRecord; label: boolean }
  | { form: 'ranked'; prompt: FormatRecord[]; candidates: RankedCandidate[] }
  | { form: 'rollout'; prompt: FormatRecord[]; responses: FormatRecord[]; groupId?: string };

/** An example plus what its provenance sidecar line needs. */
export type FormatExample = FormatExampleBody & {
  /** The group key the example was built from. */
  group: string;
  /** The group's provenance object, as `provenance()` in `../export/exampleObjects.ts` builds it. */
  provenance: object;
};

/** The example form names, as the sidecar's `form` field writes them. */
export type ExampleForm = FormatExampleBody['form'];
