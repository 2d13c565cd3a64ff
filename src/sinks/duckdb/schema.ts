/**
 * The users' API: tables `runs`, `scans`, `slices`. Columns may be added (with ADD COLUMN IF NOT EXISTS so older
 * databases upgrade in place); existing columns are never renamed, retyped or dropped.
 */
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
  `CREATE TABLE IF NOT EXISTS scans (
     scan_id VARCHAR PRIMARY KEY,
     path VARCHAR NOT NULL UNIQUE,
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
   )`,
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
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS error_code VARCHAR`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS run_id VARCHAR`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS lungflow_version VARCHAR`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS file_size BIGINT`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS file_mtime TIMESTAMP`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS content_sha256 VARCHAR`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS subject VARCHAR`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS session VARCHAR`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS left_volume_ml DOUBLE`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS right_volume_ml DOUBLE`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS flags VARCHAR[]`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS lung_mask_path VARCHAR`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS vessel_mask_path VARCHAR`,
  `ALTER TABLE slices ADD COLUMN IF NOT EXISTS left_area_mm2 DOUBLE`,
  `ALTER TABLE slices ADD COLUMN IF NOT EXISTS right_area_mm2 DOUBLE`,
  // Quantitative CT measures (src/biomarkers/): whole-lung density on scans, per region in regions, histograms.
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS laa950_pct DOUBLE`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS perc15_hu DOUBLE`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS mean_hu DOUBLE`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS air_peak_hu DOUBLE`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS air_noise_hu DOUBLE`,
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS regions_mask_path VARCHAR`,
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
  // No primary key: ~10,000 rows per scan, and DuckDB keeps a key's index in memory.
  `CREATE TABLE IF NOT EXISTS hu_histograms (
     scan_id VARCHAR NOT NULL,
     region VARCHAR NOT NULL,
     hu_bin SMALLINT NOT NULL,
     voxel_count BIGINT NOT NULL
   )`,
];

/** Tables holding rows per scan besides `scans` itself (a scan's rows are replaced and merged together). */
export const PER_SCAN_TABLES = ['slices', 'regions', 'hu_histograms'] as const;
