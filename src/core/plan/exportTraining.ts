import { WalStatus } from '../store/walStatus';
import { cancelledError } from '../errors';
import { AtomicFileSet } from '../export/atomicFile';
import { ExampleByteWriter } from '../export/exampleBytes';
import { JsonByteWriter } from '../json/jsonByteWriter';
import { ExportManifest, manifestToJson } from '../export/manifest';
import { ExportStats, statsToJson } from '../export/stats';
import { toRustJson } from '../json/rustJson';
import { CurationSession } from './curationSession';
import { PipelineStage, RunHooks } from './curate';
import { decideExport } from './exportRun';
import { ExcludedExample } from '../formats/formatStage';
import { ExportOptions } from '../options/exportOptions';
import { resolveExportOptions } from '../options/resolveExportOptions';
import { inputFilesOf, leakagePath, OutputFile, outputFilesOf, refuseOutputCollisions, runRecordPath, SideFiles, sideFilesOf } from '../export/outputFiles';
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
  } = {},
): Promise<ExportResult> {
  const config = resolveExportOptions(options);
  // Before anything is read: no output may replace an input of the run or land in the store.
  const planned = outputFilesOf(outPath, config);
  const sideFiles = new Map(sideFilesOf(outPath, config).map((side) => [side.path, side]));
  refuseOutputCollisions(planned, inputFilesOf(options, session.inputBase), session.store.location);
  const inputs = inputStates(options, session.inputBase);
  const files = new AtomicFileSet();
  let writer: JsonByteWriter | undefined;
  try {
    const run = await decideExport(
      session,
      config,
      outPath,
      {
        begin(output, view) {
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
          const out = new JsonByteWriter((bytes) => file.enqueue(Buffer.from(bytes)));
          writer = out;
          const lines = new ExampleByteWriter(view, out);
          return { example: (group, spec) => lines.write(group, spec), drain: () => file.drain(4) };
        },
      },
      hooks,
    );
    writer?.flush();
    const outputs: WrittenOutput[] = [];
    const sidecars = new AtomicFileSet();
    try {
      for (const output of run.outputs) {
        const side = sideFiles.get(output.path!)!;
        if (side.statsPath) sidecars.open(side.statsPath).write(toRustJson(statsToJson(output.stats), true));
        sidecars.open(side.manifestPath).write(toRustJson(manifestToJson(output.manifest), true));
        outputs.push({ ...side, manifest: output.manifest, stats: output.stats, excludedExamples: output.excludedExamples });
      }
      if (run.leakage) sidecars.open(leakagePath(outPath)).write(`${JSON.stringify(leakageToJson(run.leakage), null, 2)}\n`);
      const record = buildRunRecord({
        store: { uri: session.store.uri, version: run.outputs[0].manifest.version, ...(run.wal.included && run.wal.walRecords > 0 ? { wal_records: run.wal.walRecords } : {}) },
        out: outPath,
        // The labels version read is pinned, so a replay reads the same decisions after later appends.
        options: { ...explicitOptions(options, run.curation.listing.referenceTime), ...(run.curation.labels ? { labelsVersion: run.curation.labels.version } : {}) },
        inputs,
        outputs: planned.map((file) => file.path),
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
    return {
      files: planned,
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
