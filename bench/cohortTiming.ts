/**
 * lungflow's own cohort run, timed: the real runner (runCohort, the default preset unless told otherwise) on a
 * fresh database, with per-stage timings switched on. Wall time is from the call to its return (pool start,
 * discovery, every scan, the writes).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presets, DEFAULT_PRESET } from '../pipeline.config.js';
import { runCohort, type RunSummary } from '../src/pipeline/runCohort.js';
import { silentProgress } from '../src/pipeline/progress.js';
import { StageTimings } from '../src/pipeline/stageTimings.js';

export interface CohortRunOptions {
  readonly workers: number;
  readonly maxScans: number;
  readonly preset?: string;
  readonly timings?: boolean;
}

export interface CohortTiming {
  readonly workers: number;
  readonly maxScans: number;
  readonly wallMs: number;
  /** CPU time of the whole process (every thread: main, workers, zlib's pool, GC) during the run. */
  readonly cpuMs: number;
  readonly summary: RunSummary;
  readonly timings: StageTimings | null;
}

export async function timeCohort(files: readonly string[], o: CohortRunOptions): Promise<CohortTiming> {
  const config = presets[o.preset ?? DEFAULT_PRESET];
  if (!config) throw new Error(`unknown preset ${o.preset}`);
  const dir = await mkdtemp(join(tmpdir(), 'lungflow-bench-'));
  const timings = o.timings === false ? null : new StageTimings();
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await runCohort({
      inputs: { paths: [...files], manifest: null },
      dbPath: join(dir, 'bench.duckdb'),
      config,
      mode: 'force',
      workers: o.workers,
      maxScansInFlight: o.maxScans,
      workerHeapMb: 1024,
      masksDir: null,
      argv: ['bench'],
      timings,
      signal: new AbortController().signal,
      progress: silentProgress,
    });
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (summary.done !== files.length) {
      throw new Error(`benchmark cohort: ${summary.done} of ${files.length} scans done (${summary.failed} failed)`);
    }
    return { workers: o.workers, maxScans: o.maxScans, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, summary, timings };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
