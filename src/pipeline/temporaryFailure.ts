/**
 * A run that could not finish for a reason that may pass — the disk is full, an I/O error, the database held by
 * another run, the scheduler's SIGTERM. Nothing is wrong with the scans: the CLI exits 75 (EX_TEMPFAIL), which a
 * scheduler can retry, and the rerun continues from what was committed.
 */
export class TemporaryFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporaryFailure';
  }
}

/** Node error codes of a full or failing output device. */
const OUTPUT_DEVICE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EFBIG']);

/** DuckDB reports its file errors as text ("IO Error: … No space left on device"). */
const DEVICE_MESSAGE = /No space left on device|Disk quota exceeded|Input\/output error|Could not write all bytes|File too large/i;

/** An error of the device lungflow writes to (the database or the masks folder), not of a scan. */
export function isOutputDeviceError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && OUTPUT_DEVICE_CODES.has(code)) return true;
  return error instanceof Error && DEVICE_MESSAGE.test(error.message);
}

/** `error` as a TemporaryFailure when it is one (or an output-device error), else null. */
export function asTemporaryFailure(error: unknown): TemporaryFailure | null {
  if (error instanceof TemporaryFailure) return error;
  if (!isOutputDeviceError(error)) return null;
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return new TemporaryFailure(message);
}
