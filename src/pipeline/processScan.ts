import type { PipelineConfig } from '../config/pipelineConfig.js';
import { openNifti, type NiftiSource } from '../nifti/open.js';
import type { ScanFailed, ScanInput, ScanOutcome, Provenance } from '../results.js';
import type { SliceTaskResult } from '../worker.js';
import type { MaskSink, ScanMasks } from '../sinks/masks/maskSink.js';
import type { ScanCollector } from './collect/scanCollector.js';
import { ContourCollector } from './collect/contourCollector.js';
import { AnatomyCollector } from './collect/anatomyCollector.js';
import type { Semaphore } from './semaphore.js';
import type { SlicePool } from './slicePool.js';
import type { SliceBufferPool } from './sliceBuffers.js';
import { describeFailure, ScanAbandoned } from './failures.js';
import { fileState, scanIdFor, sha256File } from './provenance.js';
import type { StageTimings } from './stageTimings.js';

export interface ScanContext {
  readonly config: PipelineConfig;
  readonly configHash: string;
  readonly runId: string;
  readonly pool: SlicePool;
  /** Shared by every scan in flight: bounds decoded slices waiting for or inside the pool. */
  readonly slots: Semaphore;
  /** Slice buffers the workers hand back, reused for the next slices read (default: a fresh buffer per slice). */
  readonly buffers?: SliceBufferPool;
  readonly masks: MaskSink | null;
  readonly timings: StageTimings | null;
  readonly signal: AbortSignal;
  readonly onSliceDone?: () => void;
}

/**
 * One scan, start to finish: stream its slices into the pool as they are decoded, put the results back in order,
 * sum volumes. Never throws for a problem of the scan: that becomes a `failed` outcome. Throws ScanAbandoned only
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
    source = await openNifti(input.path, ctx.config.read, { signal: ctx.signal, sliceBuffers: ctx.buffers });
  } catch (error) {
    if (ctx.signal.aborted) throw new ScanAbandoned();
    return fail(error);
  }
  try {
    const masks = ctx.masks?.begin(source, scanId) ?? null;
    const collector = collectorFor(ctx, source, masks);
    await dispatchSlices(ctx, source, input.path, (result) => {
      collector.add(result);
      ctx.onSliceDone?.();
    });
    const assembleStart = performance.now();
    const measured = collector.finish();
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

function collectorFor(ctx: ScanContext, source: NiftiSource, masks: ScanMasks | null): ScanCollector {
  const { config } = ctx;
  const a = source.plan.axialAxis;
  const sliceSpacingMm = source.geometry.spacingMm[a];
  const onStageMs = (ms: Float64Array) => ctx.timings?.add(ms);
  if (config.kind === 'contours') return new ContourCollector(source.plan.nSlices, sliceSpacingMm, masks, onStageMs);
  return new AnatomyCollector(
    config.assemble,
    {
      sliceSpacingMm,
      inPlaneSpacingMm: source.spacingMm,
      nSlices: source.plan.nSlices,
      // The axial voxel axis's world-z component: positive when a higher index is more superior.
      superiorIsHigherIndex: source.geometry.affine[8 + a] > 0,
    },
    masks,
    onStageMs,
  );
}

/**
 * Reads slices as the decoder produces them and hands each to the pool once a slot is free, so decoding runs
 * ahead of compute by at most the slot count. Stops dispatching at the first failure and waits for what is in
 * flight before rethrowing it, so no task of a failed scan outlives it.
 */
async function dispatchSlices(
  ctx: ScanContext,
  source: NiftiSource,
  scanPath: string,
  onResult: (result: SliceTaskResult) => void,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let firstError: unknown = null;
  const keepMasks = ctx.masks !== null;
  const timeStages = ctx.timings !== null;
  const timings = ctx.timings;
  const scanStart = performance.now();
  let readStart = scanStart;
  try {
    for await (const slice of source.slices()) {
      if (timings) {
        // Main-thread time spent getting this slice from the reader: waiting for inflate, plus decoding.
        const now = performance.now();
        timings.addNamed('read', now - readStart);
        if (slice.index === 0) timings.addNamed('firstSliceMs', now - scanStart);
      }
      await ctx.slots.acquire();
      if (firstError !== null || ctx.signal.aborted) {
        ctx.slots.release();
        break;
      }
      const index = slice.index;
      const task = ctx.pool
        .run({ config: ctx.config, slice, keepMasks, timeStages, scanPath })
        .then((result) => {
          ctx.buffers?.give(result.hu);
          onResult(result);
        }, (error: unknown) => {
          firstError ??= Object.assign(error instanceof Error ? error : new Error(String(error)), { sliceIndex: index });
        })
        .finally(() => {
          ctx.slots.release();
          inFlight.delete(task);
        });
      inFlight.add(task);
      if (timings) readStart = performance.now();
    }
    if (timings) timings.addNamed('lastSliceMs', performance.now() - scanStart);
  } catch (error) {
    firstError ??= error;
  }
  await Promise.all(inFlight);
  if (firstError !== null) throw firstError;
}
