/**
 * What the main thread and a worker say to each other (src/worker.ts runs the tasks; src/pipeline/ sends them):
 * a scan task, its result or its failure as data, and the shared progress counters' slots.
 */
import type { PipelineConfig } from './config/pipelineConfig.js';
import type { SliceChainResult } from './chain/sliceChain.js';
import type { DefaultSliceResult } from './chain/defaultChain.js';
import { ReadError, type ReadErrorCode } from './readers/errors.js';
import type { ScanTarget } from './readers/scanTarget.js';
import type { ScanFormat } from './readers/volumeSource.js';
import type { DicomSeriesMetadata } from './readers/dicom/metadata.js';
import type { ScanMeasurements } from './results.js';
import type { MaskPaths } from './sinks/masks/maskSink.js';
import type { HuSlice } from './stages/types.js';

/** The biomarkers' scan-level steps, timed apart within a scan's measuring. */
export type BiomarkerPhase = 'vesselSize' | 'regions';

export interface SliceTask {
  readonly config: PipelineConfig;
  readonly slice: HuSlice;
  readonly keepMasks: boolean;
  readonly timeStages: boolean;
  /** The scan's path: only used to aim LUNGFLOW_TEST_FAULT in tests. */
  readonly scanPath: string;
  /** The slice's pixels that were not finite, repaired for the stages and left out of the measures; null: none. */
  readonly nonFinite?: Int32Array | null;
}

export type SliceTaskResult =
  | { readonly kind: 'contours'; readonly result: SliceChainResult }
  | { readonly kind: 'anatomy'; readonly result: DefaultSliceResult };

/** Read the scan (a file, or a DICOM series' files), run the slice chain on each of its slices, and measure it. */
export interface ScanTask {
  readonly config: PipelineConfig;
  readonly target: ScanTarget;
  /** Where to write the scan's lung and vessel masks (--masks), under a name with `scanId`; null for none. */
  readonly masks: { readonly dir: string; readonly scanId: string } | null;
  readonly timeStages: boolean;
  /** Where to write the scan's QC montage (run --qc), from the slices read here; null or absent for none. */
  readonly qcMontage?: string | null;
  /**
   * Shared with the main thread (Int32Array over a SharedArrayBuffer): [CURRENT_SLICE] the slice whose chain is
   * running (-1 between slices), [SLICES_DONE] slices analysed so far — so a worker that dies (exit, out of heap)
   * can still be blamed on its slice, and progress can be read while the scan runs.
   */
  readonly progress?: Int32Array;
}

export const CURRENT_SLICE = 0;
export const SLICES_DONE = 1;

export type ScanTaskResult = ScanTaskDone | ScanTaskFailed;

/** What the worker's reader says about the volume, for the `scans` row. */
export interface VolumeDescription {
  readonly format: ScanFormat;
  readonly dims: readonly number[];
  readonly spacingMm: readonly number[];
  /** What the reader noticed (4-D, spacing notes …): scan flags. */
  readonly notes: readonly string[];
  readonly dicom: DicomSeriesMetadata | null;
}

export interface ScanTaskDone {
  readonly ok: true;
  readonly volume: VolumeDescription;
  /** The scan measured: slice rows, volumes, the preset's flags. */
  readonly measurements: ScanMeasurements;
  /** Where the masks were written, when asked for. */
  readonly maskPaths: MaskPaths | null;
  /** Where the QC montage was written, when asked for. */
  readonly qcMontagePath: string | null;
  /** When timed: per slice, ms spent getting it from the reader (inflate, decode). */
  readonly readMs: number[] | null;
  /** When timed: per slice, each stage's ms; and the scan's measuring (3-D assembly) in ms. */
  readonly stageMs: Float64Array[] | null;
  readonly measureMs: number;
  /** When timed: the biomarkers' scan-level steps within measureMs (local thickness; zones, densities, rows). */
  readonly biomarkerMs: Partial<Record<BiomarkerPhase, number>> | null;
  /** When timed: ms from the task's start to the first slice read, and to the last. */
  readonly firstSliceMs: number;
  readonly lastSliceMs: number;
}

/** An error of the scan (bad file, a stage that threw), as data: an Error crossing threads keeps only its message. */
export interface ScanTaskFailed {
  readonly ok: false;
  readonly message: string;
  /** The reader's error code (ReadError), when it was one. */
  readonly readCode: ReadErrorCode | null;
  /** A Node error code (ENOENT, EACCES, …), when there was one. */
  readonly code: string | null;
  /** The slice whose stage chain threw; null for reader errors. */
  readonly sliceIndex: number | null;
}

/** The main thread's Error for a failed scan task: a ReadError again, or an Error with its code and slice. */
export function scanTaskError(failed: ScanTaskFailed): Error {
  if (failed.readCode) return new ReadError(failed.readCode, failed.message);
  const error = new Error(failed.message);
  if (failed.code !== null) Object.assign(error, { code: failed.code });
  if (failed.sliceIndex !== null) Object.assign(error, { sliceIndex: failed.sliceIndex });
  return error;
}
