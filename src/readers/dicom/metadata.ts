/**
 * What a DICOM series says about itself beyond its voxels, for the `scans` columns. Taken from the series' first
 * file (by position). Patient names and birth dates are never read into it.
 */
export interface DicomSeriesMetadata {
  readonly patientId: string | null;
  readonly studyInstanceUid: string | null;
  readonly seriesInstanceUid: string;
  readonly seriesDescription: string | null;
  readonly modality: string | null;
  readonly manufacturer: string | null;
  readonly convolutionKernel: string | null;
  readonly sliceThicknessMm: number | null;
  readonly kvp: number | null;
}
