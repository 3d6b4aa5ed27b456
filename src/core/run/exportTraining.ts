import { describeWalStatus, WalStatus } from '../store/walStatus';
import { cancelledError, CuratorError } from '../errors';
import { AtomicFileSet } from '../export/atomicFile';
import { ExampleByteWriter } from '../export/exampleBytes';
import { JsonByteWriter } from '../json/jsonByteWriter';
import { ExportManifest } from '../export/manifest';
import { writeManifestJson } from '../export/manifestJson';
import { ExportStats, statsToJson } from '../export/stats';
import { toRustJson } from '../json/rustJson';
import { CurationSession } from './curationSession';
import { PipelineStage, RunHooks } from './curate';
import { decideExport } from './decideExport';
import { ExcludedExample } from '../formats/formatStage';
import { ExportOptions } from '../options/exportOptions';
import { resolveExportOptions } from '../options/resolveExportOptions';
import { inputFilesOf, leakagePath, OutputFile, outputFilesOf, refuseOutputCollisions, runRecordPath, SideFiles, sideFilesOf } from '../export/outputFiles';
import { outputConflicts, removeStaleOutputs } from '../export/outputConflicts';
import { leakageToJson, SplitLeakage } from './splitLeakage';
import { buildRunRecord, explicitOptions, inputStates } from '../export/runRecord';

/** Files one side of an export wrote, and what they say. */
export interface WrittenOutput extends SideFiles {
  manifest: ExportManifest;
  /** Examples the format stage dropped, with reasons. */
  excludedExamples: ExcludedExample[];
  stats: ExportStats;
}

export interface ExportResult {
  /** Every file the export wrote (`outputFilesOf`), sidecars included. */
  files: OutputFile[];
  /** `<out>.run.json`: the fully resolved options, the store state and the input hashes; `--replay` reruns it. */
  runRecordPath: string;
  /** The first output's manifest (the train side when splitting), as export_training returns. */
  manifest: ExportManifest;
  outputs: WrittenOutput[];
  warnings: string[];
  timings: Partial<Record<PipelineStage, number>>;
  /** What was read: base version and write-ahead-log records. */
  wal: WalStatus;
  /** The train/eval leakage check, written to `<out>.leakage.json` (`--leakage`). */
  leakage?: SplitLeakage;
  /** Files that existed before and were replaced by this export's. */
  replaced: string[];
  /** Same-base files of an earlier, different export that this one did not write (removed with `replaceStale`). */
  stale: string[];
  /** The stale files removed (`replaceStale`). */
  removedStale: string[];
}

/** The store moved between the counts and the export's read. */
export interface StoreMoved {
  /** What the counts read, and what the export read (`describeWalStatus`). */
  counted: string;
  read: string;
  /** Examples the export would write (all sides). */
  examples: number;
}

/** Nothing was written because the store moved and the new counts were not confirmed: a stop, not a failure. */
function storeMovedError(moved: StoreMoved): CuratorError {
  return new CuratorError('cancelled', `the store changed (${moved.counted} → ${moved.read}) and the new counts were not confirmed; nothing was written`);
}

/**
 * Curates and writes `<out>` (or `<out>.train`/`.eval` when splitting) with
 * `.manifest.json`, optional `.stats.json` and, for trainer formats,
 * `.provenance.jsonl`. Every file is staged under a
 * temporary name and renamed only when all of them are complete, so a failed
 * or cancelled export leaves no file behind.
 */
export async function exportTraining(
  session: CurationSession,
  options: ExportOptions,
  outPath: string,
  hooks: RunHooks & {
    /** `--replay` of a `--leakage move` run: the recorded moved groups, applied instead of recomputed. */
    recordedMoves?: readonly string[];
    /** Remove the same-base files an earlier, different export left (`--replace-stale`), once this one is written. */
    replaceStale?: boolean;
    /**
     * What the counts on screen read (`describeWalStatus`: base version, write-ahead-log records and
     * generations). When the export reads something else, nothing is written unless `confirmMoved`
     * answers true for the new counts.
     */
    expectRead?: string;
    /** Asked once when the store moved since the counts: the new read and example count; true writes them. */
    confirmMoved?: (moved: StoreMoved) => Promise<boolean>;
  } = {},
): Promise<ExportResult> {
  const config = resolveExportOptions(options);
  // Before anything is read: no output may replace an input of the run or land in the store.
  const outputFiles = outputFilesOf(outPath, config);
  const sideFiles = new Map(sideFilesOf(outPath, config).map((side) => [side.path, side]));
  refuseOutputCollisions(outputFiles, inputFilesOf(options, session.inputBase), session.store.location);
  const conflicts = outputConflicts(outPath, config, outputFiles);
  const inputs = inputStates(options, session.inputBase);
  const files = new AtomicFileSet();
  let writer: JsonByteWriter | undefined;
  try {
    const run = await decideExport(
      session,
      config,
      outPath,
      {
        begin(output, source) {
          writer?.flush();
          const file = files.open(output.path!);
          if (config.format !== 'native') {
            // Trainer lines arrive as text from the format stage; the sidecar gets line i for line i.
            writer = undefined;
            const sidecar = files.open(sideFiles.get(output.path!)!.provenancePath!);
            return {
              example(_group, _spec, line) {
                file.write(`${line!.text!}\n`);
                sidecar.write(`${line!.provenance!}\n`);
              },
            };
          }
          // Full buffers are copied and written on the thread pool while the next examples are built.
          const out = new JsonByteWriter((bytes) => file.enqueueCopy(bytes));
          writer = out;
          const lines = new ExampleByteWriter(source, out);
          return { example: (group, spec) => lines.write(group, spec), drain: () => file.drain(4) };
        },
      },
      hooks,
    );
    writer?.flush();
    // The store may have moved between the counts and this read (a save dialog was open): the files are staged, not yet in place.
    const read = describeWalStatus(run.wal);
    if (hooks.expectRead !== undefined && read !== hooks.expectRead) {
      const moved: StoreMoved = { counted: hooks.expectRead, read, examples: run.outputs.reduce((sum, output) => sum + output.manifest.counts.examples, 0) };
      if (!(await hooks.confirmMoved?.(moved))) throw storeMovedError(moved);
    }
    const outputs: WrittenOutput[] = [];
    const sidecars = new AtomicFileSet();
    try {
      for (const output of run.outputs) {
        const side = sideFiles.get(output.path!)!;
        if (side.statsPath) sidecars.open(side.statsPath).write(toRustJson(statsToJson(output.stats), true));
        const manifestFile = sidecars.open(side.manifestPath);
        writeManifestJson(output.manifest, (bytes) => manifestFile.writeBytes(bytes));
        outputs.push({ ...side, manifest: output.manifest, stats: output.stats, excludedExamples: output.excludedExamples });
      }
      if (run.leakage) sidecars.open(leakagePath(outPath)).write(`${JSON.stringify(leakageToJson(run.leakage), null, 2)}\n`);
      const record = buildRunRecord({
        store: { uri: session.store.uri, version: run.outputs[0].manifest.version, ...(run.wal.included && run.wal.walRecords > 0 ? { wal_records: run.wal.walRecords } : {}) },
        out: outPath,
        // The labels version read is pinned, so a replay reads the same decisions after later appends.
        options: { ...explicitOptions(options, run.curation.listing.referenceTime), ...(run.curation.labels ? { labelsVersion: run.curation.labels.version } : {}) },
        inputs,
        outputs: outputFiles.map((file) => file.path),
        ...(run.leakage?.mode === 'move' ? { leakage_moved: run.leakage.moved } : {}),
      });
      sidecars.open(runRecordPath(outPath)).write(`${JSON.stringify(record, null, 2)}\n`);
      if (hooks.signal?.aborted) throw cancelledError();
      // Data first, then stats and manifests: a manifest never exists without its data.
      await files.commit();
      await sidecars.commit();
    } catch (error) {
      await sidecars.abort();
      throw error;
    }
    const removedStale = hooks.replaceStale ? removeStaleOutputs(conflicts.stale) : [];
    return {
      replaced: conflicts.replaced,
      stale: conflicts.stale,
      removedStale,
      files: outputFiles,
      runRecordPath: runRecordPath(outPath),
      manifest: run.outputs[0].manifest,
      outputs,
      warnings: run.warnings,
      timings: run.curation.timings,
      wal: run.wal,
      leakage: run.leakage,
    };
  } catch (error) {
    await files.abort();
    throw error;
  }
}
