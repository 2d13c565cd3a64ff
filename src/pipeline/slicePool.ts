import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { ScanTask, ScanTaskResult } from '../scanTask.js';
import { enableScanBoundaryGc } from './scanBoundaryGc.js';

export interface SlicePoolOptions {
  readonly workers: number;
  /** V8 old-generation limit per worker; a worker exceeding it dies and only its scan fails. */
  readonly workerHeapMb: number;
}

/**
 * Piscina loads the worker entry with require() first. Since Node 20.19 that loads our ES modules synchronously
 * (require(esm)), and a worker terminated during that load aborts the whole process ("FATAL ERROR:
 * v8::Module::IsGraphAsync ... must be used on an instantiated module", or a failed assertion in
 * CreateRequiredModuleFacade) — which a run ending right after the pool starts does: an empty shard, a cohort
 * already done, an early SIGTERM. Without require(esm) Piscina falls back to import(), which a termination does not
 * break.
 */
const WITHOUT_REQUIRE_ESM = process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module')
  ? ['--no-experimental-require-module']
  : [];

/**
 * Where the worker entry lives: the compiled .js next to this file, or the .ts source under tsx/vitest. tsx's
 * loader is named by its own path: a bare `--import tsx` is resolved from the working directory, and from a folder
 * outside the checkout the workers never started (the run exited 13, its scans unsettled).
 */
function workerEntry(): { filename: string; execArgv: string[] } {
  const compiled = new URL('../worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { filename: compiled.href, execArgv: [...WITHOUT_REQUIRE_ESM] };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { filename: new URL('../worker.ts', import.meta.url).href, execArgv: [...WITHOUT_REQUIRE_ESM, '--import', tsx] };
}

/**
 * V8 young generation per worker, in MB (resourceLimits.maxYoungGenerationSizeMb). The workers allocate little on their JS heap (scratch
 * buffers are reused) but a lot off it: zlib hands every inflated chunk over in a fresh Buffer, 13 MB per
 * 256x256x100 scan. A worker's dead buffers are freed by scavenges, and with a young generation left to grow
 * (8 -> 16 -> 32 MB over a cohort) the scavenges grew rare, so each worker came to hold ~30 MB of dead buffers
 * (malloc arenas 51 -> 128 MB): peak RSS 184 MB for 2 scans, 298 MB for 20. Capped: 163 MB and ~220 MB, with no
 * time lost on 512x512x300 scans.
 */
const WORKER_YOUNG_GENERATION_MB = 2;

/** The Piscina pool: each task reads one scan and runs the per-slice chain on it. Errors of a task reject that task only. */
export class SlicePool {
  private constructor(private readonly piscina: Piscina) {}

  static async start(options: SlicePoolOptions): Promise<SlicePool> {
    // Before the workers start, so that they find `gc` too.
    enableScanBoundaryGc();
    const { filename, execArgv } = workerEntry();
    const piscina = new Piscina({
      filename,
      execArgv,
      minThreads: options.workers,
      maxThreads: options.workers,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    // An unheard 'error' event would kill the process; task-level failures still reach each task's promise.
    piscina.on('error', () => undefined);
    return new SlicePool(piscina);
  }

  /**
   * One scan, read and analysed slice by slice inside one worker. Rejects only when the worker itself fails (it
   * died, ran out of heap) or `signal` aborts the run (the worker running the task is then terminated); a problem
   * of the scan comes back as `{ ok: false }`.
   */
  runScan(task: ScanTask, signal?: AbortSignal): Promise<ScanTaskResult> {
    return this.piscina.run(task, signal ? { signal } : {}) as Promise<ScanTaskResult>;
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
