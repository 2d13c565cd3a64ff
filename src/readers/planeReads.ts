import type { HuSlice } from '../stages/types.js';

/** Something a pass over a file holds open (a file handle, an inflater): released once, whatever happens. */
export interface Releasable {
  release(): Promise<void>;
}

/**
 * The lifecycle every reader's VolumeSource shares: each pass over the slices holds its own reader, which is
 * released when the pass ends, fails or is abandoned, and by `close()`; once closed, the next plane throws (the
 * format's own `closed` error), and every plane read checks the abort signal first.
 */
export class PlaneReads<R extends Releasable = Releasable> {
  private readonly open = new Set<R>();
  private closed = false;

  constructor(
    private readonly signal: AbortSignal | undefined,
    /** The error a closed source throws before slice k (k < 0: while a read was under way). */
    private readonly closedError: (k: number) => Error,
  ) {}

  throwIfClosed(k: number): void {
    if (this.closed) throw this.closedError(k);
  }

  /** Reads plane k: aborted or closed before, it does not start; closed while it ran, its result is not used. */
  async plane<T>(k: number, read: () => Promise<T>): Promise<T> {
    this.signal?.throwIfAborted();
    this.throwIfClosed(k);
    const result = await read();
    this.throwIfClosed(k);
    return result;
  }

  /** One pass: `slices(reader)` with a reader opened for it, then `finish(reader)` after the last slice. */
  async *pass(
    openReader: () => R | Promise<R>,
    slices: (reader: R) => AsyncIterable<HuSlice>,
    finish: (reader: R) => Promise<void>,
  ): AsyncGenerator<HuSlice> {
    this.throwIfClosed(0);
    const reader = await openReader();
    this.open.add(reader);
    try {
      yield* slices(reader);
      await finish(reader);
    } finally {
      this.open.delete(reader);
      await reader.release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.open].map((r) => r.release()));
    this.open.clear();
  }
}
