/**
 * The scan page's region rows (src/report/regionRows.ts) from a `regions` table as any version may have written it:
 * the regions in their written order whatever the storage order, the numeric columns found (a later version's too),
 * NULL and non-finite as null, and nothing at all from a database made before the table.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { loadRegionRows } from '../../src/report/regionRows.js';

async function withDatabase(statements: readonly string[], use: (c: Awaited<ReturnType<DuckDBInstance['connect']>>) => Promise<void>): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    for (const s of statements) await c.run(s);
    await use(c);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

describe('region rows for the scan page', () => {
  it('orders the regions as written, keeps every numeric column in table order, and reads NULL and NaN as null', async () => {
    await withDatabase([
      `CREATE TABLE regions (scan_id VARCHAR, region VARCHAR, volume_ml DOUBLE, note VARCHAR, bv5_ml DOUBLE, later_measure INTEGER)`,
      `INSERT INTO regions VALUES
         ('a', 'right_lower', 3, 'x', NULL, 7), ('a', 'lung', 10, 'y', 1.5, 1), ('b', 'lung', 20, NULL, 'NaN', 2),
         ('a', 'left', 4, NULL, 0.5, 3), ('a', 'left_upper', 1, NULL, 0.25, 4), ('a', 'right', 6, NULL, 1, 5)`,
    ], async (c) => {
      const rows = await loadRegionRows(c);
      expect([...rows.keys()].sort()).toEqual(['a', 'b']);
      const a = rows.get('a')!;
      expect(a.columns).toEqual(['volume_ml', 'bv5_ml', 'later_measure']);
      expect(a.rows.map((r) => r.region)).toEqual(['lung', 'left', 'right', 'left_upper', 'right_lower']);
      expect(a.rows[0].values).toEqual([10, 1.5, 1]);
      expect(a.rows[4].values).toEqual([3, null, 7]);
      expect(rows.get('b')!.rows[0].values).toEqual([20, null, 2]);
    });
  });

  it('gives nothing for a database from before the regions table', async () => {
    await withDatabase([`CREATE TABLE scans (scan_id VARCHAR, lung_volume_ml DOUBLE)`], async (c) => {
      expect((await loadRegionRows(c)).size).toBe(0);
    });
  });
});
