import type { PipelineConfig } from '../config/pipelineConfig.js';
import { openNifti, type NiftiSource } from '../nifti/open.js';
import type { ScanFailed, ScanInput, ScanMeasurements, ScanOutcome, Provenance } from '../results.js';
import { CURRENT_SLICE, SLICES_DONE, scanTaskError, type ScanTaskDone } from '../worker.js';
import type { MaskSink, ScanMasks } from '../sinks/masks/maskSink.js';
import { measureContourScan } from './collect/contourScan.js';
import { measureAnatomyScan } from './collect/anatomyScan.js';
import type { SlicePool } from './slicePool.js';
import { describeFailure, ScanAbandoned } from './failures.js';
import { fileState, scanIdFor, sha256File } from './provenance.js';
import type { StageTimings } from './stageTimings.js';

export interface ScanContext {
  readonly config: PipelineConfig;
  readonly configHash: string;
  readonly runId: string;
  readonly pool: SlicePool;
  readonly masks: MaskSink | null;
  readonly timings: StageTimings | null;
  readonly signal: AbortSignal;
  readonly onSliceDone?: () => void;
}

/**
 * One scan, start to finish: check its header here (failing fast, and giving the measuring step and the mask writer
 * the geometry), have one worker read and analyse all its slices (src/worker.ts), then assemble and sum volumes.
 * Scans in flight are bounded by the caller (--max-scans), each holding one slice buffer and a few MB of
 * inflated data in its worker. Never throws for a problem of the scan: that becomes a `failed` outcome. Throws ScanAbandoned only
 * when the run is being interrupted, so the scan is neither written nor counted.
 */
export async function processScan(ctx: ScanContext, input: ScanInput): Promise<ScanOutcome> {
  const startedAt = new Date();
  const scanId = scanIdFor(input.path);
  const common = { scanId, input, preset: ctx.config.name, configHash: ctx.configHash, runId: ctx.runId, startedAt };
  const state = await fileState(input.path);
  // Hashing reads the file a second time, concurrently with decoding: from the page cache, it costs little.
  const hashing = state ? sha256File(input.path, ctx.signal).catch(() => null) : Promise.resolve(null);
  const provenanceOf = async (): Promise<Provenance | null> => {
    const sha = await hashing;
    return state && sha ? { sizeBytes: state.size, mtime: new Date(Math.floor(state.mtimeMs)), contentSha256: sha } : null;
  };
  const fail = async (error: unknown): Promise<ScanFailed> => {
    const { code, message } = describeFailure(error, input.path);
    return { ...common, status: 'failed', errorCode: code, error: message, provenance: await provenanceOf(), finishedAt: new Date() };
  };

  if (!state) return fail(Object.assign(new Error('file not found or not a regular file'), { code: 'not-found' }));

  let source: NiftiSource;
  try {
    source = await openNifti(input.path, ctx.config.read, { signal: ctx.signal });
  } catch (error) {
    if (ctx.signal.aborted) throw new ScanAbandoned();
    return fail(error);
  }
  try {
    const masks = ctx.masks?.begin(source, scanId) ?? null;
    const scan = await analyseInWorker(ctx, input.path);
    const assembleStart = performance.now();
    const measured = measureSlices(ctx, source, scan.slices, masks);
    ctx.timings?.addNamed('assemble', performance.now() - assembleStart);
    const maskPaths = masks ? await masks.finish() : null;
    const { nVolumes, spacingNote } = source.geometry;
    return {
      ...common,
      status: 'done',
      provenance: await provenanceOf(),
      finishedAt: new Date(),
      nSlices: measured.slices.length,
      dims: [...source.geometry.dims],
      spacingMm: [...source.geometry.spacingMm],
      ...measured,
      flags: [
        ...measured.flags,
        ...(nVolumes > 1 ? [`4d: measured the first of ${nVolumes} volumes`] : []),
        ...(spacingNote ? [spacingNote] : []),
      ],
      masks: maskPaths,
    };
  } catch (error) {
    if (ctx.signal.aborted) throw new ScanAbandoned();
    return fail(error);
  } finally {
    await source.close();
  }
}

/** The scan's measurements from its slice results, by the preset's kind (and its masks, when asked for). */
function measureSlices(ctx: ScanContext, source: NiftiSource, results: ScanTaskDone['slices'], masks: ScanMasks | null): ScanMeasurements {
  const { config } = ctx;
  const a = source.plan.axialAxis;
  const sliceSpacingMm = source.geometry.spacingMm[a];
  const nSlices = source.plan.nSlices;
  const onStageMs = (ms: Float64Array) => ctx.timings?.add(ms);
  if (config.kind === 'contours') return measureContourScan(results, { nSlices, sliceSpacingMm }, masks, onStageMs);
  const geometry = {
    sliceSpacingMm,
    inPlaneSpacingMm: source.spacingMm,
    nSlices,
    // The axial voxel axis's world-z component: positive when a higher index is more superior.
    superiorIsHigherIndex: source.geometry.affine[8 + a] > 0,
  };
  return measureAnatomyScan(results, config.assemble, geometry, masks, onStageMs);
}

/** The scan's slices, read and analysed by one worker; a problem of the scan is rethrown here as an Error. */
async function analyseInWorker(ctx: ScanContext, path: string): Promise<ScanTaskDone> {
  const timings = ctx.timings;
  const progress = new Int32Array(new SharedArrayBuffer(8)).fill(-1, 0, 1);
  const task = { config: ctx.config, path, keepMasks: ctx.masks !== null, timeStages: timings !== null, progress };
  // Progress while the worker runs: slices it has finished, read from the shared cell a few times a second.
  let reported = 0;
  const report = (done: number) => {
    for (; reported < done; reported++) ctx.onSliceDone?.();
  };
  const poll = ctx.onSliceDone ? setInterval(() => report(Atomics.load(progress, SLICES_DONE)), 250) : null;
  poll?.unref();
  let reply;
  try {
    reply = await ctx.pool.runScan(task, ctx.signal).catch((error: unknown) => {
      // The worker died (exit, out of heap): name the slice it was on, as a failure inside a slice would.
      const slice = Atomics.load(progress, CURRENT_SLICE);
      if (slice >= 0 && error instanceof Error) Object.assign(error, { sliceIndex: slice });
      throw error;
    });
  } finally {
    if (poll) clearInterval(poll);
    report(Atomics.load(progress, SLICES_DONE));
  }
  if (!reply.ok) throw scanTaskError(reply);
  if (timings && reply.readMs) {
    // Time spent getting each slice from the reader (waiting for inflate, decoding), in the worker.
    for (const ms of reply.readMs) timings.addNamed('read', ms);
    timings.addNamed('firstSliceMs', reply.firstSliceMs);
    timings.addNamed('lastSliceMs', reply.lastSliceMs);
  }
  return reply;
}
