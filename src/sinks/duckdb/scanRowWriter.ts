import { DOUBLE, INTEGER, LIST, VARCHAR, listValue, timestampValue, type DuckDBAppender } from '@duckdb/node-api';
import type { ScanOutcome } from '../../results.js';
import { LUNGFLOW_VERSION } from '../../version.js';
import { sqlNumber } from './sqlValues.js';
import type { ColumnWriter, ScanRowsTable } from './tableAppender.js';

const text = (a: DuckDBAppender, v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
const double = (a: DuckDBAppender, v: number | null) => {
  const n = v === null ? null : sqlNumber(v);
  if (n === null) a.appendNull();
  else a.appendDouble(n);
};
const timestamp = (a: DuckDBAppender, d: Date | null) => (d === null ? a.appendNull() : a.appendTimestamp(timestampValue(BigInt(d.getTime()) * 1000n)));
const INTEGER_LIST = LIST(INTEGER);
const DOUBLE_LIST = LIST(DOUBLE);
const VARCHAR_LIST = LIST(VARCHAR);
const done = (o: ScanOutcome) => (o.status === 'done' ? o : null);
const dicomOf = (o: ScanOutcome) => done(o)?.dicom ?? o.input.dicom;
const wholeLung = (o: ScanOutcome) => done(o)?.biomarkers?.regions.find((r) => r.region === 'lung') ?? null;

/** How each `scans` column this version knows is filled from a scan's outcome (the row of this version's run). */
const WRITERS: Readonly<Record<string, ColumnWriter<ScanOutcome>>> = {
  scan_id: (a, _, o) => a.appendVarchar(o.scanId),
  path: (a, _, o) => a.appendVarchar(o.input.path),
  status: (a, _, o) => a.appendVarchar(o.status),
  error: (a, _, o) => text(a, o.status === 'failed' ? o.error : null),
  error_code: (a, _, o) => text(a, o.status === 'failed' ? o.errorCode : null),
  preset: (a, _, o) => a.appendVarchar(o.preset),
  config_hash: (a, _, o) => a.appendVarchar(o.configHash),
  n_slices: (a, _, o) => (done(o) ? a.appendInteger(done(o)!.nSlices) : a.appendNull()),
  dims: (a, _, o) => (done(o) ? a.appendList(listValue([...done(o)!.dims]), INTEGER_LIST) : a.appendNull()),
  spacing_mm: (a, _, o) => (done(o) ? a.appendList(listValue([...done(o)!.spacingMm]), DOUBLE_LIST) : a.appendNull()),
  lung_volume_ml: (a, _, o) => double(a, done(o)?.lungVolumeMl ?? null),
  vessel_volume_ml: (a, _, o) => double(a, done(o)?.vesselVolumeMl ?? null),
  left_volume_ml: (a, _, o) => double(a, done(o)?.leftVolumeMl ?? null),
  right_volume_ml: (a, _, o) => double(a, done(o)?.rightVolumeMl ?? null),
  flags: (a, _, o) => (done(o) ? a.appendList(listValue([...done(o)!.flags]), VARCHAR_LIST) : a.appendNull()),
  started_at: (a, _, o) => timestamp(a, o.startedAt),
  finished_at: (a, _, o) => timestamp(a, o.finishedAt),
  run_id: (a, _, o) => a.appendVarchar(o.runId),
  lungflow_version: (a) => a.appendVarchar(LUNGFLOW_VERSION),
  file_size: (a, _, o) => (o.provenance ? a.appendBigInt(BigInt(o.provenance.sizeBytes)) : a.appendNull()),
  file_mtime: (a, _, o) => timestamp(a, o.provenance?.mtime ?? null),
  content_sha256: (a, _, o) => text(a, o.provenance?.contentSha256 ?? null),
  subject: (a, _, o) => text(a, o.input.subject),
  session: (a, _, o) => text(a, o.input.session),
  lung_mask_path: (a, _, o) => text(a, done(o)?.masks?.lung ?? null),
  vessel_mask_path: (a, _, o) => text(a, done(o)?.masks?.vessels ?? null),
  format: (a, _, o) => text(a, done(o)?.format ?? null),
  // What the reader found in a DICOM series; for a series that failed, what discovery read from its headers.
  patient_id: (a, _, o) => text(a, dicomOf(o)?.patientId ?? null),
  study_instance_uid: (a, _, o) => text(a, dicomOf(o)?.studyInstanceUid ?? null),
  series_instance_uid: (a, _, o) => text(a, dicomOf(o)?.seriesInstanceUid || null),
  series_description: (a, _, o) => text(a, dicomOf(o)?.seriesDescription ?? null),
  modality: (a, _, o) => text(a, dicomOf(o)?.modality ?? null),
  manufacturer: (a, _, o) => text(a, dicomOf(o)?.manufacturer ?? null),
  convolution_kernel: (a, _, o) => text(a, dicomOf(o)?.convolutionKernel ?? null),
  slice_thickness_mm: (a, _, o) => double(a, dicomOf(o)?.sliceThicknessMm ?? null),
  kvp: (a, _, o) => double(a, dicomOf(o)?.kvp ?? null),
  qc_montage_path: (a, _, o) => text(a, done(o)?.qcMontage ?? null),
  // The whole lung's density measures and the air calibration (NULL without biomarkers).
  laa950_pct: (a, _, o) => double(a, wholeLung(o)?.laa950Pct ?? null),
  perc15_hu: (a, _, o) => double(a, wholeLung(o)?.perc15Hu ?? null),
  mean_hu: (a, _, o) => double(a, wholeLung(o)?.meanHu ?? null),
  air_peak_hu: (a, _, o) => double(a, wholeLung(o) ? done(o)!.biomarkers!.airPeakHu : null),
  air_noise_hu: (a, _, o) => double(a, wholeLung(o) ? done(o)!.biomarkers!.airNoiseHu : null),
  regions_mask_path: (a, _, o) => text(a, done(o)?.masks?.regions ?? null),
};

/** `scans`: one row per scan, written through an appender like the per-scan tables (no statement to plan). */
export const SCANS_TABLE: ScanRowsTable<ScanOutcome> = {
  name: 'scans',
  rowsOf: (o) => [o],
  writers: WRITERS,
};
