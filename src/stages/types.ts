/**
 * The data that flows between the per-slice stages.
 *
 * Pixel layout everywhere: a 2-D grid of `width` × `height` pixels, pixel (x, y) at `x + y * width`.
 * `x` is the first in-plane voxel axis as stored (NIfTI `i` for an axial slice), `y` the second (`j`).
 * This is also numpy's `arr[x, y]` for a nibabel array, i.e. skimage's (row, col), and Pillow's (x, y)
 * on a canvas of size (width, height) — so the tutorial's transposes cancel out and no copy is needed.
 */

/** One 2-D slice of Hounsfield units, as the read stage hands it on. */
export interface HuSlice {
  /** 0-based index along the scan's axial axis, as stored in the file. */
  readonly index: number;
  readonly width: number;
  readonly height: number;
  /** HU after scl_slope/scl_inter; NaN where the file held NaN. Length width*height. */
  readonly hu: Float32Array;
  /** Physical size of a pixel along x and along y, in mm, as chosen by the preset's spacing rule. */
  readonly spacingMm: readonly [number, number];
}

/** A 0/1 image (Uint8Array, 1 = set). */
export interface BinaryImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * One iso-line from marching squares. `xy` holds interleaved coordinates [x0, y0, x1, y1, ...] in pixel units
 * (x along the first axis, y along the second). A closed contour repeats its first point at the end,
 * exactly like skimage's `find_contours`.
 */
export interface Contour {
  readonly xy: Float64Array;
}

export function pointCount(c: Contour): number {
  return c.xy.length >> 1;
}

/** Per-slice measurement, before the per-scan sum. */
export interface SliceMeasurement {
  readonly index: number;
  readonly lungPixels: number;
  readonly vesselPixels: number;
  readonly lungAreaMm2: number;
  readonly vesselAreaMm2: number;
  /** vessel/lung × 100; null when the lung area is 0. */
  readonly vesselRatioPct: number | null;
  readonly nLungContours: number;
  /** Why a slice has no lung (e.g. the tutorial would have crashed), or null. */
  readonly note: string | null;
}
