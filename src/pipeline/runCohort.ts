import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import _ from 'highland';
import { configHash, type PipelineConfig } from '../config/pipelineConfig.js';
import { ResultsStore, type LedgerEntry, type Relabel, type SkippedRecord } from '../sinks/duckdb/resultsStore.js';
import { MaskSink } from '../sinks/masks/maskSink.js';
import type { ScanInput, ScanOutcome, SkippedInput } from '../results.js';
import { discoverInputs, InputError, validateInputs, type Discovered, type DiscoverOptions } from './discover.js';
import { decide, type ResumeDecision, type ResumeMode } from './resume.js';
import { filesState, sha256Files } from './provenance.js';
import { processScan, type ScanContext } from './processScan.js';
import { ScanAbandoned } from './failures.js';
import { SlicePool } from './slicePool.js';
import { collectAtScanBoundary } from './scanBoundaryGc.js';
import { GroupCommit } from './groupCommit.js';
import { ScanSignals } from './scanSignals.js';
import type { StageTimings } from './stageTimings.js';
import type { ProgressListener } from './progress.js';
import { LUNGFLOW_VERSION } from '../version.js';

export interface RunOptions {
  readonly inputs: DiscoverOptions;
  readonly dbPath: string;
  readonly config: PipelineConfig;
  readonly mode: ResumeMode;
  readonly workers: number;
  /** Scans in flight at once (each read and analysed by one worker): caps memory whatever the cohort size. */
  readonly maxScansInFlight: number;
  readonly workerHeapMb: number;
  readonly masksDir: string | null;
  /** run --qc: write each done scan's QC montage here (null or absent: none). */
  readonly qcDir?: string | null;
  readonly argv: readonly string[];
  readonly timings: StageTimings | null;
  /** Aborts the run: no new scans, the ones in flight abandoned (finished ones are kept). */
  readonly signal: AbortSignal;
  /** Stops the run gently: no new scans, the ones in flight finish (unless `signal` aborts them too). */
  readonly stop?: AbortSignal;
  readonly progress: ProgressListener;
}

export interface RunSummary {
  readonly runId: string;
  readonly configHash: string;
  readonly done: number;
  readonly failed: number;
  readonly skippedDone: number;
  /** Failed in an earlier run and not retried now (still failed). */
  readonly skippedFailed: number;
  /** New inputs left alone by `--retry-failed`. */
  readonly notRun: number;
  /** Files found that are not scans (localizers, reports, other modalities): rows of `skipped_inputs`. */
  readonly notScans: number;
  /** Inputs that gave no scan at all, and what was found in each: a usage error once the run is over. */
  readonly emptyInputs: readonly { readonly input: string; readonly found: string }[];
  readonly interrupted: boolean;
}

/** The main thread collects its garbage once the scans written since the last collection add up to this many input bytes. */
const MAIN_GC_BUDGET_BYTES = 16 * 1024 * 1024;
const MIN_SCAN_BYTES = 64 * 1024;
/**
 * Transactions start at least this far apart. A transaction costs about the same for one scan as for fifty, and its
 * appenders' flushes block the main thread, which then dispatches no scans: with single-slice files committed as
 * they came, the writer set the pace. A kill loses at most this much finished work, which the rerun redoes.
 * A transaction's appender flushes cost ~40 ms of main-thread CPU however few its scans (2,000 single slices, 70
 * transactions: 2.6 s); at 1 s instead of 250 ms that cohort ran at 110 scans/s instead of 91-101 (same sitting).
 */
const COMMIT_INTERVAL_MS = 1000;

type PendingWrite = { readonly outcome: ScanOutcome } | { readonly relabel: Relabel } | { readonly skipped: SkippedRecord };

type Handled =
  | { readonly kind: 'outcome'; readonly outcome: ScanOutcome }
  | { readonly kind: 'skipped'; readonly input: ScanInput; readonly decision: Extract<ResumeDecision, { action: 'skip' }> }
  | { readonly kind: 'not-a-scan'; readonly skipped: SkippedInput }
  | { readonly kind: 'empty-input'; readonly input: string; readonly found: string }
  | { readonly kind: 'abandoned' };

/**
 * The cohort run: discover → decide (resume) → process (a bounded number of scans, each read and analysed by one pool
 * worker) → write.
 * A backpressured highland pipeline: discovery is pulled only as fast as scans finish, and the single writer
 * takes outcomes one at a time in completion order.
 */
export async function runCohort(options: RunOptions): Promise<RunSummary> {
  await validateInputs(options.inputs);
  if (options.masksDir) await ensureWritableDir(options.masksDir, '--masks');
  if (options.qcDir) await ensureWritableDir(options.qcDir, '--qc');
  const hash = configHash(options.config);
  // The workers start first: each loads the stages and readers (~0.3 s of CPU) while this thread opens the
  // database, instead of after it.
  const pool = await SlicePool.start({ workers: options.workers, workerHeapMb: options.workerHeapMb });
  let store: ResultsStore;
  try {
    store = await ResultsStore.open(options.dbPath);
  } catch (error) {
    await pool.close();
    throw error;
  }
  const runId = newRunId();
  let writer: GroupCommit<PendingWrite> | null = null;
  const counts = { done: 0, failed: 0, skippedDone: 0, skippedFailed: 0, notRun: 0, notScans: 0 };
  const emptyInputs: { input: string; found: string }[] = [];
  try {
    const ledger = await store.ledger();
    await store.beginRun({
      runId,
      startedAt: new Date(),
      argv: options.argv,
      version: LUNGFLOW_VERSION,
      config: options.config,
      preset: options.config.name,
      configHash: hash,
    });
    const ctx: ScanContext = {
      config: options.config,
      configHash: hash,
      runId,
      pool,
      masks: options.masksDir ? new MaskSink(options.masksDir) : null,
      qcDir: options.qcDir ?? null,
      timings: options.timings,
      signal: options.signal,
      onSliceDone: () => options.progress.sliceDone(),
    };
    const stop = options.stop ? AbortSignal.any([options.signal, options.stop]) : options.signal;
    const scanSignals = new ScanSignals(options.signal);
    const handle = (d: Discovered): Promise<Handled> => {
      if (d.kind === 'skipped') return Promise.resolve({ kind: 'not-a-scan', skipped: d.skipped });
      if (d.kind === 'empty-input') return Promise.resolve(d);
      options.progress.scanDiscovered();
      return handleScan(ctx, scanSignals, stop, options.mode, ledger.get(d.input.scanId), d.input, options.progress);
    };
    // Finished scans are written in batches, one transaction each (every scan whole in it), and counted once committed.
    writer = new GroupCommit<PendingWrite>(
      (batch) =>
        store.writeBatch({
          outcomes: batch.flatMap((w) => ('outcome' in w ? [w.outcome] : [])),
          relabels: batch.flatMap((w) => ('relabel' in w ? [w.relabel] : [])),
          skipped: batch.flatMap((w) => ('skipped' in w ? [w.skipped] : [])),
        }),
      (batch) => {
        for (const w of batch) {
          if (!('outcome' in w)) continue;
          if (w.outcome.status === 'done') counts.done++;
          else counts.failed++;
          options.progress.scanFinished(w.outcome);
          collectAtScanBoundary(Math.max(w.outcome.provenance?.sizeBytes ?? 0, MIN_SCAN_BYTES), MAIN_GC_BUDGET_BYTES);
        }
      },
      COMMIT_INTERVAL_MS,
    );
    const record = async (h: Handled): Promise<void> => {
      if (h.kind === 'abandoned') return;
      if (h.kind === 'not-a-scan') {
        await writer!.add({ skipped: { runId, skipped: h.skipped, at: new Date() } });
        counts.notScans += h.skipped.nFiles;
        return;
      }
      if (h.kind === 'empty-input') {
        emptyInputs.push({ input: h.input, found: h.found });
        options.progress.inputEmpty(h.input, h.found);
        return;
      }
      if (h.kind === 'skipped') {
        const { reason, previous } = h.decision;
        if (previous && labelsChanged(h.input, previous)) {
          await writer!.add({ relabel: { scanId: h.input.scanId, subject: h.input.subject, session: h.input.session } });
        }
        if (reason === 'done' || (reason === 'not-failed' && previous?.status === 'done')) counts.skippedDone++;
        else if (reason === 'failed-before') counts.skippedFailed++;
        else counts.notRun++;
        options.progress.scanSkipped();
        return;
      }
      await writer!.add({ outcome: h.outcome });
    };
    await new Promise<void>((resolve, reject) => {
      _<Discovered>(Readable.from(discoverInputs({ ...options.inputs, signal: stop })))
        .map((d) => _(handle(d)))
        .mergeWithLimit(options.maxScansInFlight)
        .map((h) => _(record(h)))
        .series()
        .stopOnError((error: Error) => reject(error))
        .done(() => resolve());
    });
    await writer.flush();
    const interrupted = stop.aborted;
    await store.finishRun(
      runId,
      {
        status: interrupted ? 'interrupted' : 'finished',
        nDone: counts.done,
        nFailed: counts.failed,
        nSkipped: counts.skippedDone + counts.skippedFailed + counts.notRun,
      },
      new Date(),
    );
    return { runId, configHash: hash, ...counts, emptyInputs, interrupted };
  } catch (error) {
    // Whatever is being committed lands (or fails) before the run's row is closed on the same connection.
    await writer?.flush().catch(() => undefined);
    await store.finishRun(runId, { status: 'failed', nDone: counts.done, nFailed: counts.failed, nSkipped: 0 }, new Date()).catch(() => undefined);
    throw error;
  } finally {
    await pool.close();
    store.close();
  }
}

async function handleScan(
  ctx: ScanContext,
  scanSignals: ScanSignals,
  stop: AbortSignal,
  mode: ResumeMode,
  entry: LedgerEntry | undefined,
  input: ScanInput,
  progress: ProgressListener,
): Promise<Handled> {
  if (stop.aborted) return { kind: 'abandoned' };
  const state = filesState(input.files);
  const decision = await decide(mode, entry, state, ctx.configHash, () =>
    sha256Files(input.files, undefined, state?.size).catch(() => null),
  );
  if (decision.action === 'skip') return { kind: 'skipped', input, decision };
  progress.scanStarted(input.path);
  try {
    return { kind: 'outcome', outcome: await scanSignals.with((signal) => processScan({ ...ctx, signal }, input)) };
  } catch (error) {
    if (error instanceof ScanAbandoned) return { kind: 'abandoned' };
    throw error;
  }
}

/**
 * Before any scan runs: the masks folder exists (or is created) and a file can really be written in it; `access`
 * alone would let root through on a read-only mount.
 */
/** Only a manifest carries labels: a plain path (no labels) never erases what a manifest set. */
function labelsChanged(input: ScanInput, previous: LedgerEntry): boolean {
  const labelled = input.subject !== null || input.session !== null;
  return labelled && (input.subject !== previous.subject || input.session !== previous.session);
}

async function ensureWritableDir(dir: string, option: string): Promise<void> {
  const probe = path.join(dir, `.lungflow-write-test-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await unlink(probe);
  } catch (error) {
    throw new InputError(`${option} folder ${dir} is not writable: ${await whyNotWritable(dir, error as NodeJS.ErrnoException)}`);
  }
}

async function whyNotWritable(dir: string, error: NodeJS.ErrnoException): Promise<string> {
  switch (error.code) {
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EROFS': return 'read-only file system';
    case 'ENOSPC': return 'no space left on the device';
    case 'EEXIST':
    case 'ENOTDIR': {
      // Some part of the path is a regular file: name it.
      for (let p = dir; p !== path.dirname(p); p = path.dirname(p)) {
        const st = await stat(p).catch(() => null);
        if (st && !st.isDirectory()) return `${p} is a file, not a folder`;
      }
      return 'a part of the path is not a folder';
    }
    default: return error.message;
  }
}

function newRunId(): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}
