/**
 * A results file made before DICOM series (scans.path UNIQUE) is upgraded in place: `scans` is rebuilt without the
 * constraint in one transaction, every row and column kept; a kill part-way leaves the old table as it was.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { SCHEMA_SQL } from '../../src/sinks/duckdb/schema.js';
import { scanIdFor } from '../../src/pipeline/provenance.js';
import { SCHEMA_BEFORE_SERIES } from '../fixtures/schemaBeforeSeries.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { writeSeries } from '../helpers/dicomFixtures.js';
import { dbRows } from './db.js';

async function makeOldDatabase(db: string, scanPath: string): Promise<void> {
  const instance = await DuckDBInstance.create(db);
  const c = await instance.connect();
  for (const statement of SCHEMA_BEFORE_SERIES) await c.run(statement);
  await c.run(`INSERT INTO runs VALUES ('run-old', '2026-11-01 10:00:00', '2026-11-01 11:00:00', '["run","x"]', '0.9.0', '{}', 'default', 'h1', 'finished', 1, 1, 0)`);
  await c.run(`INSERT INTO scans BY NAME SELECT '${scanIdFor(scanPath)}' AS scan_id, '${scanPath}' AS path, 'done' AS status, 'default' AS preset,
    'h-old' AS config_hash, 3 AS n_slices, [4, 4, 3] AS dims, [1.0, 1.0, 2.5] AS spacing_mm, 1.5 AS lung_volume_ml, 0.1 AS vessel_volume_ml,
    TIMESTAMP '2026-11-01 10:00:00' AS started_at, TIMESTAMP '2026-11-01 10:01:00' AS finished_at, 'run-old' AS run_id, '0.9.0' AS lungflow_version,
    123 AS file_size, TIMESTAMP '2026-10-01 00:00:00' AS file_mtime, 'abc' AS content_sha256, 's1' AS subject, 'base' AS session,
    0.7 AS left_volume_ml, 0.8 AS right_volume_ml, ['incomplete-coverage:1'] AS flags, '/m/l.nii.gz' AS lung_mask_path,
    '/m/v.nii.gz' AS vessel_mask_path, 'nifti' AS format`);
  await c.run(`INSERT INTO scans BY NAME SELECT 'f1' AS scan_id, '/gone/broken.nii.gz' AS path, 'failed' AS status, 'truncated' AS error_code,
    'cut' AS error, 'default' AS preset, 'h-old' AS config_hash, TIMESTAMP '2026-11-01 10:00:00' AS started_at, TIMESTAMP '2026-11-01 10:00:01' AS finished_at`);
  await c.run(`INSERT INTO slices VALUES ('${scanIdFor(scanPath)}', 0, 10, 1, 10, 2, NULL, 4, 6)`);
  c.closeSync();
  instance.closeSync();
}

const UNIQUE_PATH = `SELECT count(*) AS n FROM duckdb_constraints() WHERE table_name = 'scans' AND constraint_type = 'UNIQUE'`;

describe('upgrading a database made before DICOM series', () => {
  it('keeps every row and column, drops only UNIQUE(path), and survives a kill in the middle', async () => {
    const dir = tempDir('schema-upgrade');
    const cohort = path.join(dir, 'cohort');
    mkdirSync(cohort);
    writeSeries(cohort, { seriesUid: '2.25.9', nSlices: 3, fileOf: (k) => `s/${k}.dcm` });
    const scan = path.join(cohort, 's');
    const oldScan = path.join(dir, 'old', 'scan.nii.gz');
    const db = path.join(dir, 'old.duckdb');
    await makeOldDatabase(db, oldScan);
    const before = await dbRows(db, 'SELECT * FROM scans ORDER BY scan_id');
    expect(await dbRows(db, UNIQUE_PATH)).toEqual([{ n: 1 }]);

    // Killed after the rows were copied and the old table dropped, before the rename: nothing of it is kept.
    const killAt = SCHEMA_SQL.length + SCHEMA_SQL.filter((s) => s.startsWith('ALTER TABLE scans')).length + 4;
    const killed = await runCli(['run', cohort, '--db', db, '--quiet'], { env: { LUNGFLOW_TEST_FAULT: `kill-in-schema:${killAt}` } });
    expect(killed.signal).toBe('SIGKILL');
    expect(await dbRows(db, 'SELECT * FROM scans ORDER BY scan_id')).toEqual(before);
    expect(await dbRows(db, UNIQUE_PATH)).toEqual([{ n: 1 }]);
    expect(await dbRows(db, `SELECT table_name FROM duckdb_tables() ORDER BY table_name`)).toEqual([
      { table_name: 'runs' }, { table_name: 'scans' }, { table_name: 'slices' },
    ]);

    const r = await runCli(['run', cohort, '--db', db, '--quiet', '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(await dbRows(db, UNIQUE_PATH)).toEqual([{ n: 0 }]);
    // The old rows, in the columns they had (every column added since is new to them).
    const oldColumns = `SELECT ${Object.keys(before[0]).join(', ')}`;
    expect(await dbRows(db, `${oldColumns} FROM scans WHERE path <> '${scan}' ORDER BY scan_id`)).toEqual(before);
    expect(await dbRows(db, `SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'scans' AND constraint_type IN ('PRIMARY KEY', 'CHECK') ORDER BY 1`))
      .toEqual([{ constraint_type: 'CHECK' }, { constraint_type: 'PRIMARY KEY' }]);
    // The column order of a fresh database, so `SELECT *` reads the same in old and new files.
    const fresh = path.join(dir, 'fresh.duckdb');
    expect((await runCli(['run', cohort, '--db', fresh, '--quiet', '--workers', '1'])).code).toBe(0);
    const columns = (file: string) => dbRows(file, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'scans' ORDER BY column_index`);
    expect(await columns(db)).toEqual(await columns(fresh));
    expect(await dbRows(db, `SELECT count(*) - (SELECT n_slices FROM scans WHERE path = '${scan}') AS old FROM slices`)).toEqual([{ old: 1 }]);
  });
});
