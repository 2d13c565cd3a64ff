/**
 * One abort listener on the run's signal however many scans are in flight: each scan gets a signal of its own
 * (for its worker task, its hashing, its reader), aborted with the run's. Listening on the shared signal once per
 * scan put 11 listeners on it at `--max-scans 16` and Node warned of a leak (MaxListenersExceededWarning).
 */
export class ScanSignals {
  private readonly live = new Set<AbortController>();

  constructor(private readonly run: AbortSignal) {
    run.addEventListener('abort', () => {
      for (const c of this.live) c.abort(run.reason);
    }, { once: true });
  }

  async with<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    if (this.run.aborted) controller.abort(this.run.reason);
    this.live.add(controller);
    try {
      return await work(controller.signal);
    } finally {
      this.live.delete(controller);
    }
  }
}
