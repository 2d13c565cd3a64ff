/**
 * What a reader opens: one file (its format read from its content), or a DICOM series found by discovery (its
 * files, grouped by SeriesInstanceUID). Plain data: it crosses to the worker thread as it is.
 */
export interface ScanTarget {
  /** The scan as the user knows it: the file, or the folder holding the series' files. */
  readonly path: string;
  /** Every file whose content makes the scan, absolute, in a stable (sorted) order. */
  readonly files: readonly string[];
  /** Set for a DICOM series; null for a single file. */
  readonly dicom: { readonly seriesInstanceUid: string } | null;
}

/** A single file to open by its content (previews, tests). */
export function fileTarget(file: string): ScanTarget {
  return { path: file, files: [file], dicom: null };
}
