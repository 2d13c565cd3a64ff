export const EXIT = {
  /** Every scan done. */
  ok: 0,
  /** The run finished but some scans failed (now or before, not retried). */
  someFailed: 1,
  /** Usage error or a fatal problem (database unavailable, bad arguments). */
  usage: 2,
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
