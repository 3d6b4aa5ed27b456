import type { ExportOptions } from '../options/exportOptions';
import type { OptionKey } from '../options/optionSpecs';
import { inputDifferences, readRunRecord, RunRecord } from './runRecord';

/** What a surface asks to replay besides the run record: a store, an output, options. */
export interface ReplayRequest {
  /** The store the user named, if any: it must be the recorded one. */
  store?: string;
  /** Where to write instead of the recorded output. */
  out?: string;
  /** Options given besides the record's: a replay takes none (the record has them all). */
  options?: ExportOptions;
}

/** Why a replay cannot run as asked; each surface says it in its own words (flags, labels). */
export type ReplayConflict =
  | { kind: 'options'; file: string; options: OptionKey[] }
  | { kind: 'store'; file: string; recorded: string; given: string };

/** A recorded export, ready to run again: what to read, how, and where to write. */
export interface Replay {
  record: RunRecord;
  store: string;
  out: string;
  /**
   * The recorded options, at the recorded base version unless the run pinned
   * one itself; a run that read write-ahead-log rows reads the latest state
   * again (those rows are not versioned).
   */
  options: ExportOptions;
  /** The split groups the recorded run moved to eval, so the split comes out the same. */
  recordedMoves?: string[];
  /** What the replay cannot read as the run did: the write-ahead-log records it read again. */
  notes: string[];
  /** How the inputs differ today from what the run read, one sentence each. */
  warnings: string[];
}

/**
 * Reads the run record `file` and decides how to run it again. Writes nothing.
 *
 * @throws CuratorError (`input`) when the record cannot be read or is not one.
 * @example
 * const outcome = replayOf('out.jsonl.run.json', {});
 * if ('replay' in outcome) await exportTraining(session, outcome.replay.options, outcome.replay.out, { recordedMoves: outcome.replay.recordedMoves });
 */
export function replayOf(file: string, request: ReplayRequest): { replay: Replay } | { conflict: ReplayConflict } {
  const given = Object.keys(request.options ?? {}) as OptionKey[];
  if (given.length > 0) return { conflict: { kind: 'options', file, options: given } };
  const record = readRunRecord(file);
  if (request.store !== undefined && request.store !== record.store.uri) {
    return { conflict: { kind: 'store', file, recorded: record.store.uri, given: request.store } };
  }
  const walRecords = record.store.wal_records ?? 0;
  const readWal = walRecords > 0;
  return {
    replay: {
      record,
      store: record.store.uri,
      out: request.out ?? record.out,
      options: { ...record.options, version: record.options.version ?? (readWal ? undefined : record.store.version) },
      recordedMoves: record.leakage_moved,
      notes: readWal ? [`the recorded run also read ${walRecords} write-ahead-log records, which are not versioned; the latest are read again`] : [],
      warnings: inputDifferences(record),
    },
  };
}
