import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { ScanDone, SliceRow } from '../../src/results.js';
import { ResultsStore } from '../../src/sinks/duckdb/resultsStore.js';
import { SCHEMA_SQL } from '../../src/sinks/duckdb/schema.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { dbRows } from '../robustness/db.js';

function slice(k: number, over: Partial<SliceRow> = {}): SliceRow {
  return { sliceIndex: k, lungAreaMm2: 100 + k, vesselAreaMm2: 5 + k / 8, vesselRatioPct: 5, nLungContours: 2, note: null, leftAreaMm2: 40, rightAreaMm2: 60 + k, ...over };
}

function done(scanPath: string, slices: SliceRow[]): ScanDone {
  const now = new Date('2026-11-28T10:00:00Z');
  return {
    status: 'done', scanId: `id-${path.basename(scanPath)}`, input: { path: scanPath, subject: null, session: null },
    provenance: { sizeBytes: 1, mtime: now, contentSha256: 'ab' }, preset: 'default', configHash: 'h', runId: 'r',
    startedAt: now, finishedAt: now, slices, lungVolumeMl: 1, vesselVolumeMl: 0.1, leftVolumeMl: 0.4, rightVolumeMl: 0.6,
    flags: [], nSlices: slices.length, dims: [4, 4, slices.length], spacingMm: [1, 1, 1], masks: null, biomarkers: null,
  };
}

describe('ResultsStore writes slice rows', () => {
  it('every field lands in its column, and writing a scan again replaces its rows', async () => {
    const db = path.join(tempDir('store'), 'r.duckdb');
    const store = await ResultsStore.open(db);
    try {
      await store.writeScan(done('/x/a.nii.gz', [
        slice(0, { note: 'no lung', vesselRatioPct: null, leftAreaMm2: null, rightAreaMm2: null }),
        slice(1),
      ]));
      await store.writeScan(done('/x/b.nii.gz', [slice(0)]));
      await store.writeScan(done('/x/a.nii.gz', [slice(0), slice(1), slice(2, { note: 'again' })]));
    } finally {
      store.close();
    }
    const rows = await dbRows(db, `SELECT s.slice_index, lung_area_mm2, vessel_area_mm2, vessel_ratio_pct, n_lung_contours, note, left_area_mm2, right_area_mm2
      FROM slices s JOIN scans USING (scan_id) WHERE path = '/x/a.nii.gz' ORDER BY slice_index`);
    expect(rows).toEqual([
      { slice_index: 0, lung_area_mm2: 100, vessel_area_mm2: 5, vessel_ratio_pct: 5, n_lung_contours: 2, note: null, left_area_mm2: 40, right_area_mm2: 60 },
      { slice_index: 1, lung_area_mm2: 101, vessel_area_mm2: 5.125, vessel_ratio_pct: 5, n_lung_contours: 2, note: null, left_area_mm2: 40, right_area_mm2: 61 },
      { slice_index: 2, lung_area_mm2: 102, vessel_area_mm2: 5.25, vessel_ratio_pct: 5, n_lung_contours: 2, note: 'again', left_area_mm2: 40, right_area_mm2: 62 },
    ]);
    expect(await dbRows(db, 'SELECT count(*) AS n FROM slices')).toEqual([{ n: 4 }]);
  });

  it('non-finite values become NULL, areas 0', async () => {
    const db = path.join(tempDir('store'), 'r.duckdb');
    const store = await ResultsStore.open(db);
    try {
      await store.writeScan(done('/x/n.nii.gz', [slice(0, { lungAreaMm2: NaN, vesselAreaMm2: Infinity, vesselRatioPct: -Infinity, rightAreaMm2: NaN, leftAreaMm2: null })]));
    } finally {
      store.close();
    }
    expect(await dbRows(db, 'SELECT lung_area_mm2, vessel_area_mm2, vessel_ratio_pct, left_area_mm2, right_area_mm2 FROM slices')).toEqual([
      { lung_area_mm2: 0, vessel_area_mm2: 0, vessel_ratio_pct: null, left_area_mm2: null, right_area_mm2: null },
    ]);
  });

  it('a database a newer lungflow gave an extra slices column is still written (that column gets its default)', async () => {
    const db = path.join(tempDir('store'), 'newer.duckdb');
    const instance = await DuckDBInstance.create(db);
    const conn = await instance.connect();
    for (const statement of SCHEMA_SQL) await conn.run(statement);
    await conn.run(`ALTER TABLE slices ADD COLUMN future_score DOUBLE DEFAULT 42`);
    conn.closeSync();
    instance.closeSync();
    const store = await ResultsStore.open(db);
    try {
      await store.writeScan(done('/x/c.nii.gz', [slice(0), slice(1)]));
    } finally {
      store.close();
    }
    expect(await dbRows(db, 'SELECT slice_index, right_area_mm2, future_score FROM slices ORDER BY slice_index')).toEqual([
      { slice_index: 0, right_area_mm2: 60, future_score: 42 },
      { slice_index: 1, right_area_mm2: 61, future_score: 42 },
    ]);
  });

  it('a failing scan write leaves nothing of that scan (one transaction)', async () => {
    const db = path.join(tempDir('store'), 'dup.duckdb');
    const store = await ResultsStore.open(db);
    try {
      await expect(store.writeScan(done('/x/d.nii.gz', [slice(0), slice(0)]))).rejects.toThrow(/constraint|duplicate/i);
      await store.writeScan(done('/x/e.nii.gz', [slice(0)]));
    } finally {
      store.close();
    }
    expect(await dbRows(db, 'SELECT path FROM scans')).toEqual([{ path: '/x/e.nii.gz' }]);
    expect(await dbRows(db, 'SELECT count(*) AS n FROM slices')).toEqual([{ n: 1 }]);
  });
});
