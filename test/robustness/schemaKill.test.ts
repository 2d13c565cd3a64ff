/**
 * A run killed while it creates a fresh database's schema (its first moments) leaves no tables rather than some:
 * the schema is one transaction. Before, a kill between CREATE TABLE scans and its ALTER TABLE … ADD COLUMN
 * statements left a `scans` table that queries naming the later columns failed on.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_SQL } from '../../src/sinks/duckdb/schema.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { writePhantomScans } from './corpus.js';
import { dbRows } from './db.js';

describe('a kill while the schema is being created', () => {
  it('leaves no tables, and the next run creates them all and completes', async () => {
    const dir = tempDir('schema-kill');
    const cohort = path.join(dir, 'cohort');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(cohort);
    writePhantomScans(cohort, 1, 810);
    const db = path.join(dir, 'r.duckdb');
    // Killed after CREATE TABLE runs, scans and slices and the first ALTER TABLE: half the schema, uncommitted.
    const killed = await runCli(['run', cohort, '--db', db, '--quiet'], { env: { LUNGFLOW_TEST_FAULT: 'kill-in-schema:4' } });
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(db)).toBe(true);
    expect(await dbRows(db, `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'`)).toEqual([]);

    const r = await runCli(['run', cohort, '--db', db, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const added = SCHEMA_SQL.filter((s) => s.startsWith('ALTER TABLE scans')).length;
    const [scans] = await dbRows<{ n: number }>(db, `SELECT count(*) AS n FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = 'scans'`);
    expect(scans.n).toBe(13 + added);
    expect(await dbRows(db, `SELECT status, right_volume_ml > 0 AS measured FROM scans`)).toEqual([{ status: 'done', measured: true }]);
  });
});
