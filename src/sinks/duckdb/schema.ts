/**
 * The users' API: tables `runs`, `scans`, `slices`, `skipped_inputs`, `regions` and the view `hu_histograms`.
 * Columns may be added (with ADD COLUMN IF NOT EXISTS so older databases upgrade in place); existing columns are
 * never renamed, retyped or dropped.
 */

/** Where the HU histograms are stored (see HU_HISTOGRAMS_VIEW_SQL). */
export const HISTOGRAM_LISTS_TABLE = 'region_histograms';

/** `scans` as first created; `path` is no longer UNIQUE (two DICOM series of one folder share it). */
function createScansSql(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (
     scan_id VARCHAR PRIMARY KEY,
     path VARCHAR NOT NULL,
     status VARCHAR NOT NULL CHECK (status IN ('done', 'failed')),
     error VARCHAR,
     preset VARCHAR NOT NULL,
     config_hash VARCHAR NOT NULL,
     n_slices INTEGER,
     dims INTEGER[],
     spacing_mm DOUBLE[],
     lung_volume_ml DOUBLE,
     vessel_volume_ml DOUBLE,
     started_at TIMESTAMP NOT NULL,
     finished_at TIMESTAMP NOT NULL
   )`;
}

/** Columns added to `scans` after the first contract, in the order they were added (name, type). */
const SCANS_ADDED_COLUMNS: readonly (readonly [string, string])[] = [
  ['error_code', 'VARCHAR'],
  ['run_id', 'VARCHAR'],
  ['lungflow_version', 'VARCHAR'],
  ['file_size', 'BIGINT'],
  ['file_mtime', 'TIMESTAMP'],
  ['content_sha256', 'VARCHAR'],
  ['subject', 'VARCHAR'],
  ['session', 'VARCHAR'],
  ['left_volume_ml', 'DOUBLE'],
  ['right_volume_ml', 'DOUBLE'],
  ['flags', 'VARCHAR[]'],
  ['lung_mask_path', 'VARCHAR'],
  ['vessel_mask_path', 'VARCHAR'],
  ['format', 'VARCHAR'],
  // DICOM series: who and what was scanned (never the patient's name or birth date).
  ['patient_id', 'VARCHAR'],
  ['study_instance_uid', 'VARCHAR'],
  ['series_instance_uid', 'VARCHAR'],
  ['series_description', 'VARCHAR'],
  ['modality', 'VARCHAR'],
  ['manufacturer', 'VARCHAR'],
  ['convolution_kernel', 'VARCHAR'],
  ['slice_thickness_mm', 'DOUBLE'],
  ['kvp', 'DOUBLE'],
  ['qc_montage_path', 'VARCHAR'],
  // Quantitative CT measures (src/biomarkers/): whole-lung density, the air calibration, the zone label map.
  ['laa950_pct', 'DOUBLE'],
  ['perc15_hu', 'DOUBLE'],
  ['mean_hu', 'DOUBLE'],
  ['air_peak_hu', 'DOUBLE'],
  ['air_noise_hu', 'DOUBLE'],
  ['regions_mask_path', 'VARCHAR'],
];

function addScansColumnsSql(table: string): string[] {
  return SCANS_ADDED_COLUMNS.map(([name, type]) => `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${name} ${type}`);
}

export const SCHEMA_SQL = [
  `CREATE TABLE IF NOT EXISTS runs (
     run_id VARCHAR PRIMARY KEY,
     started_at TIMESTAMP NOT NULL,
     finished_at TIMESTAMP,
     argv VARCHAR NOT NULL,
     version VARCHAR NOT NULL,
     config JSON NOT NULL,
     preset VARCHAR NOT NULL,
     config_hash VARCHAR NOT NULL,
     status VARCHAR NOT NULL,
     n_done INTEGER,
     n_failed INTEGER,
     n_skipped INTEGER
   )`,
  createScansSql('scans'),
  `CREATE TABLE IF NOT EXISTS slices (
     scan_id VARCHAR NOT NULL,
     slice_index INTEGER NOT NULL,
     lung_area_mm2 DOUBLE NOT NULL,
     vessel_area_mm2 DOUBLE NOT NULL,
     vessel_ratio_pct DOUBLE,
     n_lung_contours INTEGER NOT NULL,
     note VARCHAR,
     PRIMARY KEY (scan_id, slice_index)
   )`,
  // Columns added after the first contract (ADD COLUMN keeps old databases readable and writable).
  ...addScansColumnsSql('scans'),
  `ALTER TABLE slices ADD COLUMN IF NOT EXISTS left_area_mm2 DOUBLE`,
  `ALTER TABLE slices ADD COLUMN IF NOT EXISTS right_area_mm2 DOUBLE`,
  // Inputs found that are not scans (localizers, structured reports, other modalities …): one row per run.
  `CREATE TABLE IF NOT EXISTS skipped_inputs (
     run_id VARCHAR NOT NULL,
     path VARCHAR NOT NULL,
     reason VARCHAR NOT NULL,
     detail VARCHAR,
     n_files INTEGER NOT NULL,
     series_instance_uid VARCHAR,
     modality VARCHAR,
     sop_class_uid VARCHAR,
     recorded_at TIMESTAMP NOT NULL
   )`,
  // Quantitative CT measures (src/biomarkers/): per region, and the HU histograms.
  `CREATE TABLE IF NOT EXISTS regions (
     scan_id VARCHAR NOT NULL,
     region VARCHAR NOT NULL,
     volume_ml DOUBLE NOT NULL,
     mean_hu DOUBLE,
     perc15_hu DOUBLE,
     laa950_pct DOUBLE,
     laa910_pct DOUBLE,
     laa856_pct DOUBLE,
     mass_g DOUBLE,
     vessel_volume_ml DOUBLE NOT NULL,
     vessel_pct DOUBLE,
     bv5_ml DOUBLE,
     bv10_ml DOUBLE,
     bv5_pct DOUBLE,
     PRIMARY KEY (scan_id, region)
   )`,
  // The HU histograms' storage: one row per scan and region, its non-empty bins as two lists of equal length; users
  // query the view `hu_histograms` (a row per bin). No primary key: DuckDB keeps a key's index in memory.
  `CREATE TABLE IF NOT EXISTS ${HISTOGRAM_LISTS_TABLE} (
     scan_id VARCHAR NOT NULL,
     region VARCHAR NOT NULL,
     hu_bins SMALLINT[] NOT NULL,
     voxel_counts UINTEGER[] NOT NULL
   )`,
];

/**
 * `hu_histograms` (scan_id, region, hu_bin, voxel_count: a row per non-empty 1-HU bin) as a view over the lists.
 * It was first a table of those rows: ~3,700 per single-slice scan, and writing them was two fifths of
 * a small-file cohort's time and half its memory. Created after an old table of that name has been converted.
 */
export const HU_HISTOGRAMS_VIEW_SQL = `CREATE VIEW IF NOT EXISTS hu_histograms AS
  SELECT scan_id, region, unnest(hu_bins) AS hu_bin, CAST(unnest(voxel_counts) AS BIGINT) AS voxel_count
  FROM ${HISTOGRAM_LISTS_TABLE}`;

/** Whether `hu_histograms` is still the table of rows per bin that lungflow wrote before the lists (1) or not (0). */
export const HU_HISTOGRAMS_IS_TABLE_SQL = `SELECT count(*) FROM duckdb_tables()
  WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'hu_histograms'`;

/** The rows of a table of histogram rows per bin (`hu_histograms` before the lists), as rows of the lists' table. */
export function histogramListsFromRows(rows: string): string {
  return `SELECT scan_id, region, list(hu_bin ORDER BY hu_bin) AS hu_bins, list(CAST(voxel_count AS UINTEGER) ORDER BY hu_bin) AS voxel_counts
    FROM ${rows} GROUP BY scan_id, region`;
}

/** Converts an old `hu_histograms` table to the lists, inside the schema's transaction; the view replaces it. */
export const HU_HISTOGRAMS_TO_LISTS_SQL = [
  `INSERT INTO ${HISTOGRAM_LISTS_TABLE} BY NAME ${histogramListsFromRows('hu_histograms')}`,
  `DROP TABLE hu_histograms`,
];

/** The count of UNIQUE constraints on `scans.path` (1 in databases made before DICOM series, 0 after). */
export const SCANS_PATH_UNIQUE_SQL = `SELECT count(*) FROM duckdb_constraints()
  WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'scans'
    AND constraint_type = 'UNIQUE' AND constraint_column_names = ['path']`;

/**
 * Rebuilds `scans` without UNIQUE(path), keeping every row and column: DuckDB cannot drop a constraint with ALTER.
 * Runs inside the schema's transaction, so a crash part-way leaves the old table as it was. Rows are taken BY NAME
 * into a table created exactly as a fresh database's, after the old one has gained every added column.
 */
export const SCANS_REKEY_SQL = [
  `DROP TABLE IF EXISTS scans_rekeyed`,
  createScansSql('scans_rekeyed'),
  ...addScansColumnsSql('scans_rekeyed'),
  `INSERT INTO scans_rekeyed BY NAME SELECT * FROM scans`,
  `DROP TABLE scans`,
  `ALTER TABLE scans_rekeyed RENAME TO scans`,
];

/** Tables holding rows per scan besides `scans` itself (a scan's rows are replaced and merged together). */
export const PER_SCAN_TABLES = ['slices', 'regions', HISTOGRAM_LISTS_TABLE] as const;
