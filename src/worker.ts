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
import { runSliceChain } from './chain/sliceChain.js';
import { runDefaultSlice } from './chain/defaultChain.js';
import { ReadError } from './readers/errors.js';
import { openVolume } from './readers/openVolume.js';
import type { VolumeSource } from './readers/volumeSource.js';
import { SliceBufferPool } from './pipeline/sliceBuffers.js';
import { measureAnatomyScan } from './pipeline/collect/anatomyScan.js';
import { CURRENT_SLICE, SLICES_DONE, type BiomarkerPhase, type ScanTask, type ScanTaskFailed, type ScanTaskResult, type SliceTask, type SliceTaskResult, type VolumeDescription } from './scanTask.js';
import { measureContourScan } from './pipeline/collect/contourScan.js';
import type { ScanMeasurements } from './results.js';
import { MaskSink, type MaskPaths, type ScanMasks } from './sinks/masks/maskSink.js';
import { injectTestFault } from './testFault.js';
import { findNonFinite, repairNonFinite } from './stages/nonFinite.js';
import { collectAtScanBoundary } from './pipeline/scanBoundaryGc.js';
import { QcCapture } from './qc/qcCapture.js';

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
      const sliceResult = runSliceTask({ config: task.config, slice, keepMasks: keepsSliceMasks(task, qc, slice.index), timeStages: timed, scanPath: task.target.path, nonFinite: nonFinite[slice.index] });
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

/**
 * Whether slice `index`'s result keeps its masks: mask files need every slice's, a montage only its candidates'.
 * (The seed preset keeps a slice's masks in its result: all of them, for a montage of 16, took a 512x512x300 scan
 * from 216 to 410 MB.)
 */
export function keepsSliceMasks(task: Pick<ScanTask, 'masks'>, qc: Pick<QcCapture, 'wants'> | null, index: number): boolean {
  return task.masks !== null || (qc?.wants(index) ?? false);
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
