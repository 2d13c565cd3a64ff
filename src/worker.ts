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
import { ReadError, type ReadErrorCode } from './readers/errors.js';
import { openVolume } from './readers/openVolume.js';
import type { ScanTarget } from './readers/scanTarget.js';
import type { ScanFormat, VolumeSource } from './readers/volumeSource.js';
import type { DicomSeriesMetadata } from './readers/dicom/metadata.js';
import { SliceBufferPool } from './pipeline/sliceBuffers.js';
import { measureAnatomyScan, type BiomarkerPhase } from './pipeline/collect/anatomyScan.js';
import { measureContourScan } from './pipeline/collect/contourScan.js';
import type { ScanMeasurements } from './results.js';
import { MaskSink, type MaskPaths, type ScanMasks } from './sinks/masks/maskSink.js';
import type { HuSlice } from './stages/types.js';
import { injectTestFault } from './testFault.js';
import { findNonFinite, repairNonFinite } from './stages/nonFinite.js';
import { collectAtScanBoundary } from './pipeline/scanBoundaryGc.js';
import { QcCapture } from './qc/qcCapture.js';

export interface SliceTask {
  readonly config: PipelineConfig;
  readonly slice: HuSlice;
  readonly keepMasks: boolean;
  readonly timeStages: boolean;
  /** The scan's path: only used to aim LUNGFLOW_TEST_FAULT in tests. */
  readonly scanPath: string;
  /** The slice's pixels that were not finite, repaired for the stages and left out of the measures; null: none. */
  readonly nonFinite?: Int32Array | null;
}

export type SliceTaskResult =
  | { readonly kind: 'contours'; readonly result: SliceChainResult }
  | { readonly kind: 'anatomy'; readonly result: DefaultSliceResult };

/** Read the scan (a file, or a DICOM series' files), run the slice chain on each of its slices, and measure it. */
export interface ScanTask {
  readonly config: PipelineConfig;
  readonly target: ScanTarget;
  /** Where to write the scan's lung and vessel masks (--masks), under a name with `scanId`; null for none. */
  readonly masks: { readonly dir: string; readonly scanId: string } | null;
  readonly timeStages: boolean;
  /** Where to write the scan's QC montage (run --qc), from the slices read here; null or absent for none. */
  readonly qcMontage?: string | null;
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

/** What the worker's reader says about the volume, for the `scans` row. */
export interface VolumeDescription {
  readonly format: ScanFormat;
  readonly dims: readonly number[];
  readonly spacingMm: readonly number[];
  /** What the reader noticed (4-D, spacing notes …): scan flags. */
  readonly notes: readonly string[];
  readonly dicom: DicomSeriesMetadata | null;
}

export interface ScanTaskDone {
  readonly ok: true;
  readonly volume: VolumeDescription;
  /** The scan measured: slice rows, volumes, the preset's flags. */
  readonly measurements: ScanMeasurements;
  /** Where the masks were written, when asked for. */
  readonly maskPaths: MaskPaths | null;
  /** Where the QC montage was written, when asked for. */
  readonly qcMontagePath: string | null;
  /** When timed: per slice, ms spent getting it from the reader (inflate, decode). */
  readonly readMs: number[] | null;
  /** When timed: per slice, each stage's ms; and the scan's measuring (3-D assembly) in ms. */
  readonly stageMs: Float64Array[] | null;
  readonly measureMs: number;
  /** When timed: the biomarkers' scan-level steps within measureMs (local thickness; zones, densities, rows). */
  readonly biomarkerMs: Partial<Record<BiomarkerPhase, number>> | null;
  /** When timed: ms from the task's start to the first slice read, and to the last. */
  readonly firstSliceMs: number;
  readonly lastSliceMs: number;
}

/** An error of the scan (bad file, a stage that threw), as data: an Error crossing threads keeps only its message. */
export interface ScanTaskFailed {
  readonly ok: false;
  readonly message: string;
  /** The reader's error code (ReadError), when it was one. */
  readonly readCode: ReadErrorCode | null;
  /** A Node error code (ENOENT, EACCES, …), when there was one. */
  readonly code: string | null;
  /** The slice whose stage chain threw; null for reader errors. */
  readonly sliceIndex: number | null;
}

/** A worker collects its garbage once the scans it ran since the last collection read this many voxel bytes. */
export const WORKER_GC_BUDGET_BYTES = 16 * 1024 * 1024;
/** What a scan counts for at least (a failed one read little, but made garbage too). */
const MIN_SCAN_BYTES = 64 * 1024;

let bytesRead = 0;

export default async function processScanTask(task: ScanTask): Promise<ScanTaskResult> {
  bytesRead = 0;
  const result = await runScanTask(task);
  // One turn of the event loop per scan. Between tasks Piscina blocks the worker in Atomics.wait, and a scan whose
  // files are read synchronously never yields: the loop never turned, and what V8 and Node leave to it (freeing
  // dead ArrayBuffers' memory among them) piled up — 2,000 single-slice scans took a worker from 70 to 170 MB.
  await new Promise((resolve) => setImmediate(resolve));
  collectAtScanBoundary(Math.max(bytesRead, MIN_SCAN_BYTES), WORKER_GC_BUDGET_BYTES);
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
  let source: VolumeSource | null = null;
  try {
    source = await openVolume(task.target, task.config.read, { sliceBuffers: buffers });
    const slices: SliceTaskResult[] = new Array(source.plan.nSlices);
    // Integer voxels are always finite: only float data is checked for NaN and ±Inf.
    const checkNonFinite = source.mayHoldNonFinite !== false;
    const nonFinite: (Int32Array | null)[] = new Array<Int32Array | null>(source.plan.nSlices).fill(null);
    let nonFiniteCount = 0;
    const qc = task.qcMontage ? new QcCapture(source, task.qcMontage) : null;
    const keepMasks = task.masks !== null || qc !== null;
    let readStart = performance.now();
    for await (const slice of source.slices()) {
      if (readMs) {
        const now = performance.now();
        readMs.push(now - readStart);
        if (slice.index === 0) firstSliceMs = now - start;
      }
      sliceIndex = slice.index;
      if (checkNonFinite) {
        const holes = findNonFinite(slice.hu);
        if (holes) {
          nonFiniteCount += holes.length;
          // The seed preset takes NaN as the tutorial did (air); the default preset repairs and later excludes them.
          if (task.config.kind === 'anatomy') {
            repairNonFinite(slice.hu, slice.width, slice.height, holes);
            nonFinite[slice.index] = holes;
          }
        }
      }
      if (task.progress) Atomics.store(task.progress, CURRENT_SLICE, slice.index);
      const sliceResult = runSliceTask({ config: task.config, slice, keepMasks, timeStages: timed, scanPath: task.target.path, nonFinite: nonFinite[slice.index] });
      slices[slice.index] = sliceResult;
      qc?.offer(slice, sliceResult.kind === 'anatomy' ? sliceResult.result.candidates.body?.midlineX ?? null : null);
      sliceIndex = null;
      if (task.progress) {
        Atomics.store(task.progress, CURRENT_SLICE, -1);
        Atomics.add(task.progress, SLICES_DONE, 1);
      }
      bytesRead += slice.hu.byteLength;
      buffers.give(slice.hu);
      if (readMs) readStart = performance.now();
    }
    if (timed) lastSliceMs = performance.now() - start;
    const measureStart = performance.now();
    const fileMasks = task.masks ? new MaskSink(task.masks.dir).begin(source, task.masks.scanId, task.config.kind === 'anatomy') : null;
    const masks = qc ? qc.tap(fileMasks) : fileMasks;
    const stageMs: Float64Array[] | null = timed ? [] : null;
    const biomarkerMs: Partial<Record<BiomarkerPhase, number>> | null = timed ? {} : null;
    let measurements: ScanMeasurements;
    let maskPaths: MaskPaths | null;
    try {
      measurements = await measureScan(task.config, source, slices, masks, (ms) => stageMs?.push(ms), nonFinite, (phase, ms) => {
        if (biomarkerMs) biomarkerMs[phase] = ms;
      });
      if (nonFiniteCount > 0) measurements = { ...measurements, flags: [...measurements.flags, `non-finite-voxels: ${nonFiniteCount}`] };
      maskPaths = fileMasks ? await fileMasks.finish() : null;
    } catch (error) {
      await masks?.abort();
      throw error;
    }
    const measureMs = performance.now() - measureStart;
    const volume: VolumeDescription = {
      format: source.format,
      dims: [...source.geometry.dims],
      spacingMm: [...source.geometry.spacingMm],
      notes: [...source.notes],
      dicom: source.dicom ?? null,
    };
    const qcMontagePath = qc ? await qc.write(measurements.slices.map((s) => ({ index: s.sliceIndex, lungAreaMm2: s.lungAreaMm2 }))) : null;
    return { ok: true, volume, measurements, maskPaths, qcMontagePath, readMs, stageMs, measureMs, biomarkerMs, firstSliceMs, lastSliceMs };
  } catch (error) {
    return failure(error, sliceIndex);
  } finally {
    await source?.close();
  }
}

/** The scan's measurements from its slice results, by the preset's kind (and its masks, when asked for). */
export async function measureScan(
  config: PipelineConfig,
  source: VolumeSource,
  results: readonly SliceTaskResult[],
  masks: ScanMasks | null,
  onStageMs: (ms: Float64Array) => void,
  nonFinite: readonly (Int32Array | null)[] = [],
  onPhaseMs?: (phase: BiomarkerPhase, ms: number) => void,
): Promise<ScanMeasurements> {
  const a = source.plan.axialAxis;
  const sliceSpacingMm = source.geometry.spacingMm[a];
  const nSlices = source.plan.nSlices;
  const sliceWeightsMm = source.sliceWeightsMm;
  if (config.kind === 'contours') return measureContourScan(results, { nSlices, sliceSpacingMm, sliceWeightsMm }, masks, onStageMs);
  const geometry = {
    sliceSpacingMm,
    sliceWeightsMm,
    inPlaneSpacingMm: source.spacingMm,
    nSlices,
    // The axial voxel axis's world-z component: positive when a higher index is more superior.
    superiorIsHigherIndex: source.geometry.affine[8 + a] > 0,
  };
  return measureAnatomyScan(results, config.assemble, geometry, masks, onStageMs, config.biomarkers, nonFinite, onPhaseMs);
}

export function runSliceTask(task: SliceTask): SliceTaskResult {
  injectTestFault(task.scanPath, task.slice.index);
  const { config } = task;
  if (config.kind === 'contours') {
    return { kind: 'contours', result: runSliceChain(config, task.slice, { keepMasks: task.keepMasks, timeStages: task.timeStages }) };
  }
  return { kind: 'anatomy', result: runDefaultSlice(config.anatomy, task.slice, { timeStages: task.timeStages, nonFinite: task.nonFinite }) };
}

/** The main thread's Error for a failed scan task: a ReadError again, or an Error with its code and slice. */
export function scanTaskError(failed: ScanTaskFailed): Error {
  if (failed.readCode) return new ReadError(failed.readCode, failed.message);
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
    readCode: err instanceof ReadError ? err.code : null,
    code: typeof code === 'string' ? code : null,
    sliceIndex,
  };
}
