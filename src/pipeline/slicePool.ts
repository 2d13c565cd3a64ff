import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ScanTask, ScanTaskResult } from '../worker.js';

export interface SlicePoolOptions {
  readonly workers: number;
  /** V8 old-generation limit per worker; a worker exceeding it dies and only its scan fails. */
  readonly workerHeapMb: number;
}

/** Where the worker entry lives: the compiled .js next to this file, or the .ts source under tsx/vitest. */
function workerEntry(): { filename: string; execArgv: string[] } {
  const compiled = new URL('../worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { filename: compiled.href, execArgv: [] };
  return { filename: new URL('../worker.ts', import.meta.url).href, execArgv: ['--import', 'tsx'] };
}

/** The Piscina pool: each task reads one scan and runs the per-slice chain on it. Errors of a task reject that task only. */
export class SlicePool {
  private constructor(private readonly piscina: Piscina) {}

  static async start(options: SlicePoolOptions): Promise<SlicePool> {
    const { filename, execArgv } = workerEntry();
    const piscina = new Piscina({
      filename,
      execArgv,
      minThreads: options.workers,
      maxThreads: options.workers,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb },
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
