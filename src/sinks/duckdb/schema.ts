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
  `ALTER TABLE scans ADD COLUMN IF NOT EXISTS qc_montage_path VARCHAR`,
  `ALTER TABLE slices ADD COLUMN IF NOT EXISTS left_area_mm2 DOUBLE`,
  `ALTER TABLE slices ADD COLUMN IF NOT EXISTS right_area_mm2 DOUBLE`,
];
