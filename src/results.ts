import type { ScanBiomarkers } from './biomarkers/scanBiomarkers.js';

/** What a scan becomes: the values that flow from the pipeline to the sinks. Failures are values too. */

export interface ScanInput {
  /** Absolute path. */
  readonly path: string;
  readonly subject: string | null;
  readonly session: string | null;
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
  readonly nSlices: number;
  readonly dims: readonly number[];
  readonly spacingMm: readonly number[];
  /** Where `--masks` wrote this scan's lung and vessel masks (and zone labels, for presets with zones), or null. */
  readonly masks: { readonly lung: string; readonly vessels: string; readonly regions: string | null } | null;
}

export interface ScanFailed extends ScanCommon {
  readonly status: 'failed';
  /** A stable machine-readable code, e.g. 'truncated', 'worker-crashed'. */
  readonly errorCode: string;
  /** What went wrong and where, for a person. */
  readonly error: string;
}

export type ScanOutcome = ScanDone | ScanFailed;
