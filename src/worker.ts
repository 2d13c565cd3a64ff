/**
 * The Piscina worker: reads one scan, runs the per-slice part of the pipeline the config names on every slice,
 * and measures the scan from them (the default preset's 3-D assembly; masks, when asked for). Knows the reader,
 * the stages, the config and the mask writer, nothing of pools or databases.
 *
 * A whole scan per task: each plane is inflated and decoded into a buffer reused for the next, and nothing per
 * slice crosses a thread. (Slices sent one by one from the main thread left the workers waiting on the main
 * thread's event loop: a 6-scan cohort took as long with the per-slice analysis switched off.) What comes back is
 * the scan's measurements, a few KB: the slices' candidate regions (~2.6 MB and ~4,000 arrays for a 512x512x300
 * scan) stay here, where they were made.
 */
import type { PipelineConfig } from './config/pipelineConfig.js';
import { runSliceChain, type SliceChainResult } from './chain/sliceChain.js';
import { runDefaultSlice, type DefaultSliceResult } from './chain/defaultChain.js';
import { NiftiError, type NiftiErrorCode } from './readers/nifti/errors.js';
import { openNifti, type NiftiSource } from './readers/nifti/open.js';
import { SliceBufferPool } from './pipeline/sliceBuffers.js';
import { measureAnatomyScan } from './pipeline/collect/anatomyScan.js';
import { measureContourScan } from './pipeline/collect/contourScan.js';
import type { ScanMeasurements } from './results.js';
import { MaskSink, type MaskPaths, type ScanMasks } from './sinks/masks/maskSink.js';
import type { HuSlice } from './stages/types.js';
import { injectTestFault } from './testFault.js';
import { collectAtScanBoundary } from './pipeline/scanBoundaryGc.js';

export interface SliceTask {
  readonly config: PipelineConfig;
  readonly slice: HuSlice;
  readonly keepMasks: boolean;
  readonly timeStages: boolean;
  /** The scan's path: only used to aim LUNGFLOW_TEST_FAULT in tests. */
  readonly scanPath: string;
}

export type SliceTaskResult =
  | { readonly kind: 'contours'; readonly result: SliceChainResult }
  | { readonly kind: 'anatomy'; readonly result: DefaultSliceResult };

/** Read the scan at `path`, run the slice chain on each of its slices, and measure the scan from them. */
export interface ScanTask {
  readonly config: PipelineConfig;
  readonly path: string;
  /** Where to write the scan's lung and vessel masks (--masks), under a name with `scanId`; null for none. */
  readonly masks: { readonly dir: string; readonly scanId: string } | null;
  readonly timeStages: boolean;
  /**
   * Shared with the main thread (Int32Array over a SharedArrayBuffer): [CURRENT_SLICE] the slice whose chain is
   * running (-1 between slices), [SLICES_DONE] slices analysed so far — so a worker that dies (exit, out of heap)
   * can still be blamed on its slice, and progress can be read while the scan runs.
   */
  readonly progress?: Int32Array;
}

export const CURRENT_SLICE = 0;
export const SLICES_DONE = 1;

export type ScanTaskResult = ScanTaskDone | ScanTaskFailed;

export interface ScanTaskDone {
  readonly ok: true;
  /** The scan measured: slice rows, volumes, the preset's flags. */
  readonly measurements: ScanMeasurements;
  /** Where the masks were written, when asked for. */
  readonly maskPaths: MaskPaths | null;
  /** When timed: per slice, ms spent getting it from the reader (inflate, decode). */
  readonly readMs: number[] | null;
  /** When timed: per slice, each stage's ms; and the scan's measuring (3-D assembly) in ms. */
  readonly stageMs: Float64Array[] | null;
  readonly measureMs: number;
  /** When timed: ms from the task's start to the first slice read, and to the last. */
  readonly firstSliceMs: number;
  readonly lastSliceMs: number;
}

/** An error of the scan (bad file, a stage that threw), as data: an Error crossing threads keeps only its message. */
export interface ScanTaskFailed {
  readonly ok: false;
  readonly message: string;
  /** NiftiError's code, when it was one. */
  readonly niftiCode: NiftiErrorCode | null;
  /** A Node error code (ENOENT, EACCES, …), when there was one. */
  readonly code: string | null;
  /** The slice whose stage chain threw; null for reader errors. */
  readonly sliceIndex: number | null;
}

export default async function processScanTask(task: ScanTask): Promise<ScanTaskResult> {
  const result = await runScanTask(task);
  collectAtScanBoundary();
  return result;
}

/**
 * Slice buffers kept by this worker from one scan to the next (a worker runs one task at a time): scans of the
 * same size reuse them, and the pool keeps only the newest size when sizes change.
 */
const buffers = new SliceBufferPool(2);

export async function runScanTask(task: ScanTask): Promise<ScanTaskResult> {
  const timed = task.timeStages;
  const readMs: number[] | null = timed ? [] : null;
  const start = performance.now();
  let firstSliceMs = NaN;
  let lastSliceMs = NaN;
  let sliceIndex: number | null = null;
  let source: NiftiSource | null = null;
  try {
    source = await openNifti(task.path, task.config.read, { sliceBuffers: buffers });
    const slices: SliceTaskResult[] = new Array(source.plan.nSlices);
    const keepMasks = task.masks !== null;
    let readStart = performance.now();
    for await (const slice of source.slices()) {
      if (readMs) {
        const now = performance.now();
        readMs.push(now - readStart);
        if (slice.index === 0) firstSliceMs = now - start;
      }
      sliceIndex = slice.index;
      if (task.progress) Atomics.store(task.progress, CURRENT_SLICE, slice.index);
      slices[slice.index] = runSliceTask({ config: task.config, slice, keepMasks, timeStages: timed, scanPath: task.path });
      sliceIndex = null;
      if (task.progress) {
        Atomics.store(task.progress, CURRENT_SLICE, -1);
        Atomics.add(task.progress, SLICES_DONE, 1);
      }
      buffers.give(slice.hu);
      if (readMs) readStart = performance.now();
    }
    if (timed) lastSliceMs = performance.now() - start;
    const measureStart = performance.now();
    const masks = task.masks ? new MaskSink(task.masks.dir).begin(source, task.masks.scanId, task.config.kind === 'anatomy') : null;
    const stageMs: Float64Array[] | null = timed ? [] : null;
    let measurements: ScanMeasurements;
    let maskPaths: MaskPaths | null;
    try {
      measurements = await measureScan(task.config, source, slices, masks, (ms) => stageMs?.push(ms));
      maskPaths = masks ? await masks.finish() : null;
    } catch (error) {
      await masks?.abort();
      throw error;
    }
    const measureMs = performance.now() - measureStart;
    return { ok: true, measurements, maskPaths, readMs, stageMs, measureMs, firstSliceMs, lastSliceMs };
  } catch (error) {
    return failure(error, sliceIndex);
  } finally {
    await source?.close();
  }
}

/** The scan's measurements from its slice results, by the preset's kind (and its masks, when asked for). */
async function measureScan(
  config: PipelineConfig,
  source: NiftiSource,
  results: readonly SliceTaskResult[],
  masks: ScanMasks | null,
  onStageMs: (ms: Float64Array) => void,
): Promise<ScanMeasurements> {
  const a = source.plan.axialAxis;
  const sliceSpacingMm = source.geometry.spacingMm[a];
  const nSlices = source.plan.nSlices;
  if (config.kind === 'contours') return measureContourScan(results, { nSlices, sliceSpacingMm }, masks, onStageMs);
  const geometry = {
    sliceSpacingMm,
    inPlaneSpacingMm: source.spacingMm,
    nSlices,
    // The axial voxel axis's world-z component: positive when a higher index is more superior.
    superiorIsHigherIndex: source.geometry.affine[8 + a] > 0,
  };
  return measureAnatomyScan(results, config.assemble, geometry, masks, onStageMs, config.biomarkers);
}

export function runSliceTask(task: SliceTask): SliceTaskResult {
  injectTestFault(task.scanPath, task.slice.index);
  const { config } = task;
  if (config.kind === 'contours') {
    return { kind: 'contours', result: runSliceChain(config, task.slice, { keepMasks: task.keepMasks, timeStages: task.timeStages }) };
  }
  return { kind: 'anatomy', result: runDefaultSlice(config.anatomy, task.slice, { timeStages: task.timeStages }) };
}

/** The main thread's Error for a failed scan task: a NiftiError again, or an Error with its code and slice. */
export function scanTaskError(failed: ScanTaskFailed): Error {
  if (failed.niftiCode) return new NiftiError(failed.niftiCode, failed.message);
  const error = new Error(failed.message);
  if (failed.code !== null) Object.assign(error, { code: failed.code });
  if (failed.sliceIndex !== null) Object.assign(error, { sliceIndex: failed.sliceIndex });
  return error;
}

function failure(error: unknown, sliceIndex: number | null): ScanTaskFailed {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as { code?: unknown }).code;
  return {
    ok: false,
    message: err.message,
    niftiCode: err instanceof NiftiError ? err.code : null,
    code: typeof code === 'string' ? code : null,
    sliceIndex,
  };
}
