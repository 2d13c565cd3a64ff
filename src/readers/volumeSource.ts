import type { HuSlice } from '../stages/types.js';
import type { VolumeGeometry } from './geometry.js';
import type { SlicePlan } from './slicing.js';
import type { DicomSeriesMetadata } from './dicom/metadata.js';

/** The formats lungflow reads; `scans.format`. */
export type ScanFormat = 'nifti' | 'dicom' | 'nrrd' | 'metaimage';

/**
 * The NIfTI header fields a NIfTI conversion of this volume carries. Masks are written with them (so they overlay
 * the input in any viewer), and the seed preset's pixel-spacing heuristic reads `dim` and `pixdim` as the tutorial
 * did. A NIfTI file gives its own; other readers give what a faithful conversion would (qform = sform = 1, mm).
 */
export interface NiftiDescription {
  /** dim[0..7]: rank, then the size of each axis (1 where unused). */
  readonly dim: readonly number[];
  /** pixdim[0..7]: qfac, then the voxel size along each axis. */
  readonly pixdim: readonly number[];
  readonly qformCode: number;
  readonly sformCode: number;
  readonly xyztUnits: number;
}

/**
 * One scan opened for reading, whatever its format: the worker, the stages and the mask writer see only this.
 * Geometry travels with the pixels; slices come as HU, one at a time, in the order of `plan`.
 */
export interface VolumeSource {
  /** The scan's path as the user knows it (the file; a header file; a DICOM series' folder). */
  readonly path: string;
  readonly format: ScanFormat;
  readonly geometry: VolumeGeometry;
  readonly plan: SlicePlan;
  /** Pixel size of the slices along x and y in mm, by the preset's spacing rule. */
  readonly spacingMm: readonly [number, number];
  readonly nifti: NiftiDescription;
  /**
   * False when no voxel can be NaN or ±Inf (integer data): the worker then skips looking for them. Absent or
   * true: every slice is checked.
   */
  readonly mayHoldNonFinite?: boolean;
  /** What the reader noticed that a user should know (4-D, spacing repaired, …): each becomes a scan flag. */
  readonly notes: readonly string[];
  /**
   * Per slice (by index), the thickness in mm its area stands for in a volume, when the slices are not evenly
   * spaced (a DICOM series with a missing slice): the mean of its two gaps to its neighbours (its one gap at an end).
   * Absent when the spacing is even: then every slice stands for geometry.spacingMm[plan.axialAxis].
   */
  readonly sliceWeightsMm?: readonly number[];
  /** A DICOM series' descriptive attributes (the `scans` columns); absent for other formats. */
  readonly dicom?: DicomSeriesMetadata;
  /** HU slices along the axial axis, in index order, each in a buffer of its own (from `sliceBuffers`). */
  slices(): AsyncIterable<HuSlice>;
  close(): Promise<void>;
}

export interface SliceBufferSource {
  /** A Float32Array of exactly `length` values, contents unspecified (every value is overwritten). */
  take(length: number): Float32Array;
}

export const FRESH_BUFFERS: SliceBufferSource = { take: (length) => new Float32Array(length) };

export interface OpenOptions {
  readonly signal?: AbortSignal;
  /** Largest first volume accepted, in stored bytes (default 4 GiB). */
  readonly maxVoxelBytes?: number;
  /** Where slice buffers come from (default: a fresh Float32Array per slice); the worker passes a reusing pool. */
  readonly sliceBuffers?: SliceBufferSource;
}
