import type { PipelineConfig } from '../config/pipelineConfig.js';
import type { ScanTarget } from '../readers/scanTarget.js';
import type { ScanFailed, ScanInput, ScanOutcome, Provenance } from '../results.js';
import { CURRENT_SLICE, SLICES_DONE, scanTaskError, type ScanTaskDone } from '../scanTask.js';
import type { MaskSink } from '../sinks/masks/maskSink.js';
import type { SlicePool } from './slicePool.js';
import { describeFailure, ScanAbandoned } from './failures.js';
import { asTemporaryFailure } from './temporaryFailure.js';
import { filesState, sha256Files } from './provenance.js';
import type { StageTimings } from './stageTimings.js';
import { qcMontagePath } from '../qc/qcCapture.js';

export interface ScanContext {
  readonly config: PipelineConfig;
  readonly configHash: string;
  readonly runId: string;
  readonly pool: SlicePool;
  readonly masks: MaskSink | null;
  /** run --qc: the folder for the scans' montages; null or absent for none. */
  readonly qcDir?: string | null;
  readonly timings: StageTimings | null;
  readonly signal: AbortSignal;
  readonly onSliceDone?: () => void;
}

/**
 * One scan, start to finish: have one worker read, analyse and measure it (src/worker.ts), and add what the
 * reader noticed (4-D, spacing notes) to the row. The header is not checked here first: the worker's reader
 * fails a bad file with the same error, and a second opening cost the main thread a file open, read and inflate
 * per scan.
 * Scans in flight are bounded by the caller (--max-scans), each in a worker of its own. Never throws for a problem
 * of the scan: that becomes a `failed` outcome. Throws ScanAbandoned only when the run is being interrupted, so
 * the scan is neither written nor counted.
 */
export async function processScan(ctx: ScanContext, input: ScanInput): Promise<ScanOutcome> {
  const startedAt = new Date();
  const scanId = input.scanId;
  const common = { scanId, input, preset: ctx.config.name, configHash: ctx.configHash, runId: ctx.runId, startedAt };
  const state = filesState(input.files);
  // Hashing reads the file a second time, concurrently with decoding: from the page cache, it costs little.
  const hashing = state ? sha256Files(input.files, ctx.signal, state.size).catch(() => null) : Promise.resolve(null);
  const provenanceOf = async (): Promise<Provenance | null> => {
    const sha = await hashing;
    return state && sha ? { sizeBytes: state.size, mtime: new Date(Math.floor(state.mtimeMs)), contentSha256: sha } : null;
  };
  const fail = async (error: unknown): Promise<ScanFailed> => {
    const { code, message } = describeFailure(error, input.path);
    return { ...common, status: 'failed', errorCode: code, error: message, provenance: await provenanceOf(), finishedAt: new Date() };
  };

  if (!state) return fail(Object.assign(new Error('file not found or not a regular file'), { code: 'not-found' }));

  try {
    const { measurements: measured, maskPaths, qcMontagePath, volume } = await analyseInWorker(ctx, input, scanId);
    return {
      ...common,
      status: 'done',
      format: volume.format,
      dicom: volume.dicom,
      provenance: await provenanceOf(),
      finishedAt: new Date(),
      nSlices: measured.slices.length,
      dims: [...volume.dims],
      spacingMm: [...volume.spacingMm],
      ...measured,
      flags: [...measured.flags, ...volume.notes],
      masks: maskPaths,
      qcMontage: qcMontagePath,
    };
  } catch (error) {
    if (ctx.signal.aborted) throw new ScanAbandoned();
    // A full disk under --masks is not the scan's fault: the run stops (exit 75) instead of recording a failure.
    const temporary = asTemporaryFailure(error);
    if (temporary) throw temporary;
    return fail(error);
  }
}

/** The scan read, analysed and measured by one worker; a problem of the scan is rethrown here as an Error. */
async function analyseInWorker(ctx: ScanContext, input: ScanInput, scanId: string): Promise<ScanTaskDone> {
  const timings = ctx.timings;
  const progress = new Int32Array(new SharedArrayBuffer(8)).fill(-1, 0, 1);
  const masks = ctx.masks ? { dir: ctx.masks.dir, scanId } : null;
  // The target only (not the input's labels and series metadata): it is all the worker needs to open the scan.
  const target: ScanTarget = { path: input.path, files: input.files, dicom: input.dicom ? { seriesInstanceUid: input.dicom.seriesInstanceUid } : null };
  const qcMontage = ctx.qcDir ? qcMontagePath(ctx.qcDir, scanId) : null;
  const task = { config: ctx.config, target, masks, qcMontage, timeStages: timings !== null, progress };
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
    // In the worker: getting each slice from the reader (inflate, decode), each slice's stages, measuring the scan.
    for (const ms of reply.readMs) timings.addNamed('read', ms);
    for (const ms of reply.stageMs ?? []) timings.add(ms);
    timings.addNamed('assemble', reply.measureMs);
    for (const [phase, ms] of Object.entries(reply.biomarkerMs ?? {})) timings.addNamed(phase, ms);
    timings.addNamed('firstSliceMs', reply.firstSliceMs);
    timings.addNamed('lastSliceMs', reply.lastSliceMs);
  }
  return reply;
}
