import type { ScanBiomarkers } from './biomarkers/scanBiomarkers.js';

/** What a scan becomes: the values that flow from the pipeline to the sinks. Failures are values too. */
import type { DicomSeriesMetadata } from './readers/dicom/metadata.js';
import type { ScanTarget } from './readers/scanTarget.js';
import type { ScanFormat } from './readers/volumeSource.js';

/**
 * A scan to run, as discovery found it. `path` is absolute: the file, or for a DICOM series the folder holding its
 * files (two series of one folder share it). `files` are every file whose content makes the scan, absolute, in a
 * stable order: `[path]` for a single-file scan; more for a header with a detached data file or a DICOM series.
 * Resume and provenance look at all of them.
 */
export interface ScanInput extends ScanTarget {
  /** Stable across reruns: from the path, and for a DICOM series also its SeriesInstanceUID. */
  readonly scanId: string;
  /** For a DICOM series: what its first file's header says (the `scans` columns of a series that fails). */
  readonly dicom: DicomSeriesMetadata | null;
  readonly subject: string | null;
  readonly session: string | null;
}

/** Why something found is not a scan (`skipped_inputs.reason`). */
export type SkipReason = 'localizer' | 'non-image' | 'not-ct' | 'secondary-capture';

/** Something discovery found that is not a scan and not a failure: a row of `skipped_inputs`. */
export interface SkippedInput {
  /** A file, or the folder holding a group of skipped files of one series. */
  readonly path: string;
  readonly reason: SkipReason;
  /** For a person: what it is (e.g. the SOP class's name, the orientation). */
  readonly detail: string | null;
  readonly nFiles: number;
  readonly seriesInstanceUid: string | null;
  readonly modality: string | null;
  readonly sopClassUid: string | null;
}

export interface Provenance {
  readonly sizeBytes: number;
  readonly mtime: Date;
  readonly contentSha256: string;
}

export interface SliceRow {
  readonly sliceIndex: number;
  readonly lungAreaMm2: number;
  readonly vesselAreaMm2: number;
  /** null when the lung area is 0. */
  readonly vesselRatioPct: number | null;
  readonly nLungContours: number;
  readonly note: string | null;
  /** Per-side areas; null for presets that do not tell left from right. */
  readonly leftAreaMm2: number | null;
  readonly rightAreaMm2: number | null;
}

interface ScanCommon {
  readonly scanId: string;
  readonly input: ScanInput;
  readonly provenance: Provenance | null;
  readonly preset: string;
  readonly configHash: string;
  readonly runId: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

/** A scan's measurements once every slice is in: what `scans` and `slices` get, besides provenance. */
export interface ScanMeasurements {
  readonly slices: readonly SliceRow[];
  readonly lungVolumeMl: number;
  readonly vesselVolumeMl: number;
  /** Per lung; null for presets that do not tell left from right. */
  readonly leftVolumeMl: number | null;
  readonly rightVolumeMl: number | null;
  /** Plausibility flags (empty when nothing looks wrong). */
  readonly flags: readonly string[];
  /** Density, zones and vessel size per region (src/biomarkers/); null for presets without them. */
  readonly biomarkers: ScanBiomarkers | null;
}

export interface ScanDone extends ScanCommon, ScanMeasurements {
  readonly status: 'done';
  /** The format its reader recognised. */
  readonly format: ScanFormat;
  /** For a DICOM series: what its reader found in it (the `scans` columns). */
  readonly dicom: DicomSeriesMetadata | null;
  readonly nSlices: number;
  readonly dims: readonly number[];
  readonly spacingMm: readonly number[];
  /** Where `--masks` wrote this scan's lung and vessel masks (and zone labels, for presets with zones), or null. */
  readonly masks: { readonly lung: string; readonly vessels: string; readonly regions: string | null } | null;
  /** Where `--qc` wrote this scan's montage, or null (absent: not asked for). */
  readonly qcMontage?: string | null;
}

export interface ScanFailed extends ScanCommon {
  readonly status: 'failed';
  /** A stable machine-readable code, e.g. 'truncated', 'worker-crashed'. */
  readonly errorCode: string;
  /** What went wrong and where, for a person. */
  readonly error: string;
}

export type ScanOutcome = ScanDone | ScanFailed;
