import type { SliceTaskResult } from '../../worker.js';
import type { SliceRow } from '../../results.js';

/** A scan's measurements once every slice is back: what `scans` and `slices` get, besides provenance. */
export interface ScanMeasurements {
  readonly slices: readonly SliceRow[];
  readonly lungVolumeMl: number;
  readonly vesselVolumeMl: number;
  readonly leftVolumeMl: number | null;
  readonly rightVolumeMl: number | null;
  readonly flags: readonly string[];
}

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
