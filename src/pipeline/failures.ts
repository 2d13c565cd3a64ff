import { ReadError } from '../readers/errors.js';

/** Thrown when the run is interrupted: the scan is dropped, neither written nor counted. */
export class ScanAbandoned extends Error {
  constructor() {
    super('scan abandoned because the run was interrupted');
  }
}

export interface FailureDescription {
  readonly code: string;
  readonly message: string;
}

/** Turns whatever went wrong with one scan into a stable code and one line a person can act on. */
export function describeFailure(error: unknown, path: string): FailureDescription {
  if (error instanceof ReadError) return { code: error.code, message: error.message };
  const err = error instanceof Error ? error : new Error(String(error));
  const slice = (err as { sliceIndex?: number }).sliceIndex;
  const where = slice === undefined ? '' : ` (slice ${slice})`;
  const code = (err as { code?: unknown }).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return { code: 'worker-out-of-memory', message: `a worker ran out of memory${where}, over its heap limit (--worker-heap-mb); the worker was replaced` };
  }
  if (/worker (thread )?exited|Terminating worker thread|ERR_WORKER/i.test(err.message) || code === 'ERR_WORKER_INIT_FAILED') {
    return { code: 'worker-crashed', message: `a worker thread died${where}: ${oneLine(err.message)}; the worker was replaced` };
  }
  if (code === 'not-found') return { code: 'not-found', message: `${path}: ${err.message}` };
  if (code === 'EACCES') return { code: 'unreadable', message: `cannot read ${path}: permission denied` };
  if (typeof code === 'string' && code.startsWith('E')) return { code: 'io-error', message: `${oneLine(err.message)}${where}` };
  return { code: 'processing-error', message: `${oneLine(err.message)}${where}` };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
