import { RowTable } from '../store/rowTable';
import { TextColumn } from '../store/payloadColumns';
import { Exclusion, ExclusionRule, ExclusionStage } from '../listing/exclusion';
import { Exclusions } from '../listing/exclusions';
import { RowsBuilder } from '../store/rowsBuilder';
import { StageResult } from './stages';
import { exactTextDedup } from './text/exactTextDedup';
import { minHashTextDedup } from './text/minHashTextDedup';
import { decontaminateNgrams, NgramDecontaminationResult } from './text/ngramDecontamination';
import { NgramIndex } from './text/ngramIndex';
import { normaliseText } from './text/normaliseText';
import { groupTextUnits, TextGroup } from './text/groupUnitText';
import { TextUnit } from './text/textUnit';
import { keepFirst } from './text/keepFirst';

/** How the text stages see the rows: each record alone, or the records of each group joined. */
export interface TextUnitsSpec {
  table: RowTable;
  texts: TextColumn;
  /** Group key of a row, for `--dedup-unit group`; absent: one unit per record. */
  groupOf?: (row: number) => string;
}

/** Units over `rows` and, for each unit, the rows it stands for (in `rows` order). */
interface Units {
  units: TextUnit[];
  rowsOf: number[][];
}

function unitsOf(spec: TextUnitsSpec, rows: Int32Array): Units {
  const { table, texts, groupOf } = spec;
  if (!groupOf) {
    return { units: Array.from(rows, (row) => ({ id: table.id.at(row), text: texts.text(row) ?? '' })), rowsOf: Array.from(rows, (row) => [row]) };
  }
  const { groups, rowsOf } = textGroupsOf({ ...spec, groupOf }, rows);
  return { units: groupTextUnits(groups), rowsOf };
}

/**
 * The groups a group-mode stage over `rows` compares (`--dedup-unit group`):
 * in order of their first record still present, as the greedy stages judge
 * them, each with its records' texts; and, for each group, its rows.
 */
export function textGroupsOf(spec: TextUnitsSpec & { groupOf: (row: number) => string }, rows: ArrayLike<number>): { groups: TextGroup[]; rowsOf: number[][] } {
  const { table, texts, groupOf } = spec;
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const key = groupOf(row);
    let members = byKey.get(key);
    if (!members) byKey.set(key, (members = []));
    members.push(row);
  }
  const groups: TextGroup[] = [...byKey].map(([key, members]) => ({
    key,
    records: members.map((row) => ({ id: table.id.at(row), createdAt: table.createdAt[row], text: texts.text(row) ?? '' })),
  }));
  return { groups, rowsOf: [...byKey.values()] };
}

/** In group mode a group is kept when its key or any of its records' ids is kept. */
function keepOfUnits(spec: TextUnitsSpec, units: Units, keep: readonly string[]): Set<string> {
  const ids = new Set(keep);
  if (!spec.groupOf) return ids;
  const kept = new Set<string>();
  units.units.forEach((unit, i) => {
    if (ids.has(unit.id) || units.rowsOf[i].some((row) => ids.has(spec.table.id.at(row)))) kept.add(unit.id);
  });
  return kept;
}

/** Maps a unit-level decision back to rows (in input order): dropping a unit drops every record it stands for. */
function rowsResult(
  spec: TextUnitsSpec,
  rows: Int32Array,
  units: Units,
  kept: Uint8Array,
  evidence: Map<number, { reason: string } & Partial<Exclusion>>,
  stage: ExclusionStage,
  rule: ExclusionRule,
  /** Evidence of one record of a removed group, where it differs from the group's. */
  memberEvidence?: Map<number, { reason: string } & Partial<Exclusion>>,
): StageResult {
  // The unit each removed row goes with; the evidence is made from it when asked for.
  const unitOfRemoved = new Map<number, number>();
  units.rowsOf.forEach((members, i) => {
    if (!kept[i]) for (const row of members) unitOfRemoved.set(row, i);
  });
  const keptRows: number[] = [];
  const removed = new RowsBuilder();
  const removedUnits: number[] = [];
  for (const row of rows) {
    const unit = unitOfRemoved.get(row);
    if (unit === undefined) {
      keptRows.push(row);
    } else {
      removed.push(row);
      removedUnits.push(unit);
    }
  }
  const removedRows = removed.build();
  const grouped = !!spec.groupOf;
  return {
    kept: Int32Array.from(keptRows),
    excluded: Exclusions.ofRule(stage, rule, spec.table, removedRows, (k) => {
      const unit = removedUnits[k];
      const { reason, ...rest } = memberEvidence?.get(removedRows[k]) ?? evidence.get(unit)!;
      return { rule, reason, ...rest, ...(grouped ? { group: units.units[unit].id } : {}) };
    }),
  };
}

export interface TextDedupStageOptions {
  mode: 'exact' | 'minhash';
  shingleSize?: number;
  threshold?: number;
  keep?: readonly string[];
  signal?: AbortSignal;
}

/**
 * The text dedup stages over `rows` (in listing order): exact normalised text
 * (`text_exact`) or MinHash near duplicates verified by exact Jaccard
 * (`text_minhash`). Greedy; `keep` ids are decided first (see {@link keepFirst}):
 * never removed, and their duplicates, earlier or later, go as duplicates of them.
 */
export function textDedupStage(spec: TextUnitsSpec, rows: Int32Array, options: TextDedupStageOptions): StageResult {
  const units = unitsOf(spec, rows);
  const keep = keepOfUnits(spec, units, options.keep ?? []);
  const exact = options.mode === 'exact';
  const result = keepFirst(units.units, keep, (ordered, keepIds) =>
    exact
      ? exactTextDedup(ordered, { keep: keepIds, signal: options.signal })
      : minHashTextDedup(ordered, { keep: keepIds, signal: options.signal, shingleSize: options.shingleSize, threshold: options.threshold }),
  );
  const evidence = new Map<number, { reason: string } & Partial<Exclusion>>();
  for (const duplicate of result.duplicates) {
    evidence.set(duplicate.index, {
      reason: exact
        ? `same text as ${duplicate.duplicateOf}`
        : `near-duplicate text of ${duplicate.duplicateOf}, Jaccard ${formatSimilarity(duplicate.similarity)}`,
      duplicateOf: duplicate.duplicateOf,
      similarity: duplicate.similarity,
      ...(exact ? {} : { threshold: options.threshold }),
    });
  }
  return rowsResult(spec, rows, units, result.kept, evidence, exact ? 'text_exact' : 'text_minhash', exact ? 'exact_text_duplicate' : 'near_text_duplicate');
}

/** The n-gram decontamination stage's result, with what it decontaminated against. */
export interface NgramStageResult extends StageResult {
  report: NgramDecontaminationResult['report'];
}

/** Drops the rows (or groups) that share a word n-gram with a benchmark item; `--keep` does not protect them. */
export function ngramStage(spec: TextUnitsSpec, rows: Int32Array, index: NgramIndex, signal?: AbortSignal): NgramStageResult {
  const units = unitsOf(spec, rows);
  const result = decontaminateNgrams(units.units, index, { signal });
  const evidence = new Map<number, { reason: string } & Partial<Exclusion>>();
  const members = new Map<number, { reason: string } & Partial<Exclusion>>();
  for (const match of result.matches) {
    const { file, line, ngram } = match.benchmark;
    const benchmark = { file, line, ngram };
    evidence.set(match.index, { reason: `shares "${ngram}" with ${file} line ${line}`, benchmark });
    if (!spec.groupOf) continue;
    // In group mode the evidence belongs to the record holding the n-gram, said once; the group's
    // other records name it. An n-gram spanning two records is the group's joined text's.
    const rowsOfGroup = units.rowsOf[match.index];
    const holder = rowsOfGroup.find((row) => index.find(normaliseText(spec.texts.text(row) ?? ''))?.ngram === ngram);
    const group = units.units[match.index].id;
    for (const row of rowsOfGroup) {
      if (row === holder) continue;
      members.set(row, {
        reason: holder !== undefined ? `in group ${group}, whose record ${spec.table.id.at(holder)} shares an n-gram with ${file} line ${line}` : row === rowsOfGroup[0] ? `group ${group}'s joined text shares "${ngram}" with ${file} line ${line} (across its records)` : `in group ${group}, whose joined text shares an n-gram with ${file} line ${line}`,
        ...(holder === undefined && row === rowsOfGroup[0] ? { benchmark } : {}),
      });
    }
  }
  return { ...rowsResult(spec, rows, units, result.kept, evidence, 'ngram_decontaminate', 'benchmark_ngram', members), report: result.report };
}

/** Similarity for reasons: three decimals, never rounded up to the threshold. */
export function formatSimilarity(similarity: number): string {
  if (similarity === 1) return '1';
  return (Math.floor(similarity * 1000) / 1000).toFixed(3);
}
