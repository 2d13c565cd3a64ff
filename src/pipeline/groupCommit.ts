/**
 * Group commit: items are handed over as they finish and written in batches, one `commit` at a time. While a
 * commit runs, the next items gather, and the next commit takes them all: with scans that finish faster than one
 * transaction takes, a transaction carries many (a single-slice scan cost a full transaction of its own before,
 * which set the pace of a cohort of small files); with slow scans, each is still written as soon as it finishes.
 *
 * `add` resolves at once unless `maxPending` items are already waiting (backpressure). `onCommitted` sees each
 * batch after its commit succeeded, so nothing is counted before it is durable. After a failed commit nothing
 * more is written: `add` and `flush` reject with that error.
 */
export class GroupCommit<T> {
  private pending: T[] = [];
  private writing: Promise<void> | null = null;
  private failure: { readonly error: unknown } | null = null;
  private readonly roomWaiters: (() => void)[] = [];

  constructor(
    private readonly commit: (batch: readonly T[]) => Promise<void>,
    private readonly onCommitted: (batch: readonly T[]) => void,
    /** Commits start at least this far apart: each costs about the same whatever it carries. */
    private readonly minIntervalMs = 0,
    private readonly maxBatch = 512,
    private readonly maxPending = 1024,
  ) {}

  private lastCommitStart = -Infinity;

  async add(item: T): Promise<void> {
    this.throwIfFailed();
    this.pending.push(item);
    this.kick();
    while (this.pending.length >= this.maxPending && !this.failure) await new Promise<void>((r) => this.roomWaiters.push(r));
    this.throwIfFailed();
  }

  /** Resolves when everything added so far is committed. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    this.throwIfFailed();
  }

  private kick(): void {
    if (this.writing || this.failure || this.pending.length === 0) return;
    this.writing = this.drain().finally(() => {
      this.writing = null;
      this.wakeWaiters();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && !this.failure) {
      const wait = this.lastCommitStart + this.minIntervalMs - performance.now();
      if (wait > 0 && this.pending.length < this.maxBatch) await new Promise((r) => setTimeout(r, wait));
      this.lastCommitStart = performance.now();
      const batch = this.pending.splice(0, this.maxBatch);
      this.wakeWaiters();
      try {
        await this.commit(batch);
      } catch (error) {
        this.failure = { error };
        return;
      }
      this.onCommitted(batch);
    }
  }

  private wakeWaiters(): void {
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
