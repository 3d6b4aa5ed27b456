import { DedupResult } from '../dedupResult';
import { ClusterMembers } from './clusterMembers';
import { InBlockMembers } from './inBlockMembers';
import { DedupRun } from './dedupRun';
import { chooseCentres } from './sphericalCentres';
import { CONTROL } from './runLayout';
import { JOB, NO_EVIDENCE, PREPARE_UNIT, seedDistanceOf } from './runUnits';
import { JobRequest } from './jobRequest';

export type { JobRequest };
import { VectorKind } from './vectorQuantization';

export type ProgressListener = (done: number, total: number) => void;

/**
 * Greedy dedup in scan order, as a sequence of parallel jobs (yielded to a
 * driver) and sequential steps: prepare (quantize), choose centres, then for
 * each block of items: search the block's queries against the kept members
 * of earlier blocks in parallel, and resolve the block in order on this
 * thread (its own earlier kept items, vectors the kernel cannot bound).
 * Duplicates name the earliest kept item within the threshold, as the seed.
 */
export function* dedupSteps(run: DedupRun, onProgress?: ProgressListener): Generator<JobRequest, DedupResult, void> {
  const { ctx, n } = run;
  const { views, shape, offsets } = ctx;
  const t32 = ctx.margins.threshold32;
  const result: DedupResult = {
    kept: new Uint8Array(n),
    duplicateOf: new Int32Array(n).fill(-1),
    distance: new Float64Array(n).fill(NaN),
  };
  yield { job: JOB.prepare, units: Math.ceil(n / PREPARE_UNIT) };
  let normals = 0;
  for (let i = 0; i < n; i++) if (views.flags[i] === VectorKind.Normal) normals++;
  const K = normals > 0 ? yield* chooseCentres(run, normals) : 1;
  views.control[CONTROL.centres] = K;

  const members = new ClusterMembers(ctx, ctx.margins.angle, K);
  const inBlock = new InBlockMembers(ctx.margins.angle);
  const keptVectors: number[] = [];
  const abnormalKept: number[] = [];
  const main = offsets.threads[0];
  const qListBase = main.qList >> 2;
  const mList = new Int32Array(views.buffer, main.candItems, Math.max(shape.blockMax, shape.memberChunk));
  const B = shape.blockMax;
  let cursor = 0;
  while (cursor < n) {
    const blockStart = cursor;
    let nb: number;
    ({ cursor, nb } = fillBlock(run, cursor, B, members.centres));
    if (nb > 0) {
      yield {
        job: JOB.search,
        units: Math.ceil(nb / shape.unitMax),
        progress: (done) => onProgress?.(blockStart + Math.round(((cursor - blockStart) * done) / nb), n),
      };
    }
    // The block in scan order: earlier kept members were searched in parallel; the rest is here.
    inBlock.reset(members.centres);
    let p = 0;
    for (let i = blockStart; i < cursor; i++) {
      const kind = views.flags[i];
      if (kind === VectorKind.None || kind === VectorKind.Zero) {
        result.kept[i] = 1;
        continue;
      }
      let evidence = NO_EVIDENCE;
      if (kind === VectorKind.Abnormal) {
        for (const k of keptVectors) {
          if (seedDistanceOf(ctx, i, k) <= t32) {
            evidence = k;
            break;
          }
        }
      } else {
        evidence = views.evidence[p];
        for (const k of abnormalKept) {
          if (k >= evidence) break;
          if (seedDistanceOf(ctx, i, k) <= t32) {
            evidence = k;
            break;
          }
        }
        evidence = inBlock.earliestMatch(ctx, i, p, qListBase, mList, evidence);
        p++;
      }
      if (evidence !== NO_EVIDENCE) {
        result.duplicateOf[i] = evidence;
        result.distance[i] = seedDistanceOf(ctx, i, evidence);
        continue;
      }
      result.kept[i] = 1;
      keptVectors.push(i);
      if (kind === VectorKind.Abnormal) abnormalKept.push(i);
      else inBlock.add(i, p - 1, views.cluster[i], views.ownLo[i], views.ownHi[i]);
    }
    for (let k = 0; k < inBlock.items.length; k++) members.add(inBlock.items[k], inBlock.positions[k]);
    members.finishBlock();
    onProgress?.(cursor, n);
  }
  return result;
}

/**
 * Takes the normal items from `cursor` on (at most `blockMax`) as the next
 * block's queries and publishes the block to the workers; returns where the
 * block ended and how many queries it holds.
 */
export function fillBlock(run: DedupRun, cursor: number, blockMax: number, centres: number): { cursor: number; nb: number } {
  const { views, shape } = run.ctx;
  let nb = 0;
  while (cursor < run.n && nb < blockMax) {
    if (views.flags[cursor] === VectorKind.Normal) views.blockQueries[nb++] = cursor;
    cursor++;
  }
  if (nb > 0) {
    views.control[CONTROL.centres] = centres;
    views.control[CONTROL.blockSize] = nb;
    views.control[CONTROL.unitSize] = shape.unitMax;
  }
  return { cursor, nb };
}
