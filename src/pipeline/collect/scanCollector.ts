import type { SliceTaskResult } from '../../worker.js';
import type { ScanMeasurements } from '../../results.js';

export type { ScanMeasurements };

/**
 * Gathers one scan's slice results as they come back from the pool (in any order) and turns them into the scan's
 * measurements. One implementation per pipeline kind: the tutorial's contours measure each slice on its own, the
 * anatomy kind decides what is lung only once the whole volume is in.
 */
export interface ScanCollector {
  add(result: SliceTaskResult): void;
  /** After the last slice. Writes masks to the scan's mask writer, if any. */
  finish(): ScanMeasurements;
}

export function kindMismatch(expected: string, got: string): Error {
  return new Error(`internal: a ${got} slice result reached the ${expected} collector`);
}
