export const EXIT = {
  /** Every scan done. */
  ok: 0,
  /** The run finished but some scans failed (now or before, not retried). */
  someFailed: 1,
  /** Usage error or a fatal problem (database unreadable, bad arguments). */
  usage: 2,
  /**
   * EX_TEMPFAIL: the run could not finish for a reason that may pass (database held by another run, disk full,
   * I/O error, SIGTERM); finished scans are kept and a rerun continues. Schedulers retry on it.
   */
  tempFail: 75,
  /** Interrupted by SIGINT; finished scans are kept. */
  interrupted: 130,
} as const;

/** An error the CLI prints as one line (no stack) before exiting with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.usage,
  ) {
    super(message);
  }
}
