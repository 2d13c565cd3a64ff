/**
 * The HU histograms are stored as lists (`region_histograms`, a row per scan and region) and read as the view
 * `hu_histograms` (a row per non-empty bin), the table it was before. A database written when `hu_histograms` was
 * a table is converted when a run opens it; `merge` converts such a source on the way; `export` writes
 * `hu_histograms` as rows per bin; `query` reads old and new databases together.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { writePhantomCohort } from '../../src/phantom/index.js';
import { queryJson, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { dbRows } from '../robustness/db.js';

const ROWS = `SELECT s.path, h.region, h.hu_bin, h.voxel_count FROM hu_histograms h JOIN scans s USING (scan_id) ORDER BY ALL`;
const OLD_TABLE = `CREATE TABLE hu_histograms (
  scan_id VARCHAR NOT NULL, region VARCHAR NOT NULL, hu_bin SMALLINT NOT NULL, voxel_count BIGINT NOT NULL)`;

/** Turns a database of today into one as lungflow wrote it when `hu_histograms` was a table of rows per bin. */
async function makeOldForm(db: string): Promise<void> {
  const instance = await DuckDBInstance.create(db);
  const c = await instance.connect();
  await c.run('CREATE TEMP TABLE rows_per_bin AS SELECT * FROM hu_histograms');
  await c.run('DROP VIEW hu_histograms');
  await c.run('DROP TABLE region_histograms');
  await c.run(OLD_TABLE);
  await c.run('INSERT INTO hu_histograms SELECT * FROM rows_per_bin');
  c.closeSync();
  instance.closeSync();
}

const objects = (db: string) =>
  dbRows(db, `SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE table_name LIKE '%histograms'
              UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE view_name LIKE '%histograms' ORDER BY 1`);

describe('HU histograms stored as lists, read as rows per bin', () => {
  const dir = tempDir('histogram-lists');
  const cohort = path.join(dir, 'cohort');
  const fresh = path.join(dir, 'fresh.duckdb');
  let expected: unknown[] = [];

  beforeAll(async () => {
    await writePhantomCohort(cohort, { count: 2, baseSeed: 9701, shape: [64, 64, 24], spacingMm: [4, 4, 8] });
    const r = await runCli(['run', cohort, '--db', fresh, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expected = await queryJson(fresh, ROWS);
  }, 60_000);

  it('a fresh database has the lists and the view, a row per non-empty bin of each of 9 regions', async () => {
    expect(await objects(fresh)).toEqual([{ name: 'hu_histograms', kind: 'view' }, { name: 'region_histograms', kind: 'table' }]);
    expect(await dbRows(fresh, 'SELECT count(*) AS n FROM region_histograms')).toEqual([{ n: 18 }]);
    expect(expected.length).toBeGreaterThan(100);
    expect(await dbRows(fresh, 'SELECT count(*) AS n FROM hu_histograms WHERE voxel_count <= 0')).toEqual([{ n: 0 }]);
    // Each region's bins add up to its voxels in `regions`.
    const compared = await dbRows(
      fresh,
      `SELECT count(*) AS n, count(*) FILTER (WHERE abs(h.n * s.spacing_mm[1] * s.spacing_mm[2] * s.spacing_mm[3] / 1000 - r.volume_ml) > 1e-6) AS off
       FROM regions r JOIN scans s USING (scan_id)
         JOIN (SELECT scan_id, region, sum(voxel_count) AS n FROM hu_histograms GROUP BY ALL) h USING (scan_id, region)`,
    );
    expect(compared).toEqual([{ n: 18, off: 0 }]);
  });

  it('a database with the old table is converted when a run opens it, every row kept', async () => {
    const old = path.join(dir, 'old.duckdb');
    expect((await runCli(['run', cohort, '--db', old, '-q'])).code).toBe(0);
    await makeOldForm(old);
    expect(await objects(old)).toEqual([{ name: 'hu_histograms', kind: 'table' }]);
    expect(await queryJson(old, ROWS)).toEqual(expected);

    const r = await runCli(['run', cohort, '--db', old, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(await objects(old)).toEqual([{ name: 'hu_histograms', kind: 'view' }, { name: 'region_histograms', kind: 'table' }]);
    expect(await queryJson(old, ROWS)).toEqual(expected);
  });

  it('merge takes an old-form source, export writes rows per bin, query reads old and new together', async () => {
    const old = path.join(dir, 'old-source.duckdb');
    expect((await runCli(['run', cohort, '--db', old, '-q'])).code).toBe(0);
    await makeOldForm(old);

    const merged = path.join(dir, 'merged.duckdb');
    const m = await runCli(['merge', '--db', merged, old]);
    expect(m.code, m.stderr).toBe(0);
    expect(await queryJson(merged, ROWS)).toEqual(expected);
    expect(await queryJson(old, ROWS)).toEqual(expected);

    const out = path.join(dir, 'export');
    const e = await runCli(['export', '--db', merged, '--out', out]);
    expect(e.code, e.stderr).toBe(0);
    expect(existsSync(path.join(out, 'hu_histograms.parquet'))).toBe(true);
    expect(existsSync(path.join(out, 'region_histograms.parquet'))).toBe(false);
    const fromParquet = await queryJson(out, `SELECT count(*) AS n, sum(voxel_count)::DOUBLE AS v FROM hu_histograms`);
    const fromDb = await queryJson(merged, `SELECT count(*) AS n, sum(voxel_count)::DOUBLE AS v FROM hu_histograms`);
    expect(fromParquet).toEqual(fromDb);

    const both = await runCli(['query', '--db', old, '--db', fresh, '--format', 'json', 'SELECT count(*) AS n FROM hu_histograms']);
    expect(both.code, both.stderr).toBe(0);
    expect(JSON.parse(both.stdout)).toEqual([{ n: 2 * expected.length }]);
  });
});
