import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { ScanDone, SliceRow } from '../../src/results.js';
import { ResultsStore } from '../../src/sinks/duckdb/resultsStore.js';
import { SCHEMA_SQL } from '../../src/sinks/duckdb/schema.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { dbRows } from '../robustness/db.js';
import type { RegionRow, ScanBiomarkers } from '../../src/biomarkers/scanBiomarkers.js';
import { REGIONS } from '../../src/biomarkers/zones.js';

function slice(k: number, over: Partial<SliceRow> = {}): SliceRow {
  return { sliceIndex: k, lungAreaMm2: 100 + k, vesselAreaMm2: 5 + k / 8, vesselRatioPct: 5, nLungContours: 2, note: null, leftAreaMm2: 40, rightAreaMm2: 60 + k, ...over };
}

function done(scanPath: string, slices: SliceRow[]): ScanDone {
  const now = new Date('2026-11-28T10:00:00Z');
  return {
    status: 'done', format: 'nifti', dicom: null, scanId: `id-${path.basename(scanPath)}`, input: { scanId: `id-${path.basename(scanPath)}`, path: scanPath, files: [scanPath], dicom: null, subject: null, session: null },
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

describe('ResultsStore writes regions and histograms', () => {
  function biomarkers(scale: number): ScanBiomarkers {
    const regions: RegionRow[] = REGIONS.map((region, i) => ({
      region, volumeMl: scale * (i + 1), meanHu: -850, perc15Hu: -930, laa950Pct: 1.5, laa910Pct: 4, laa856Pct: 40, massG: 100,
      vesselVolumeMl: 2, vesselPct: 3, bv5Ml: i === 0 ? null : 0.5, bv10Ml: 1, bv5Pct: i === 0 ? null : 25,
    }));
    const histograms = REGIONS.map((region) => ({ region, huBins: Int16Array.from([-1024, -950, 0]), counts: Float64Array.from([1, 5 * scale, 2]) }));
    return { regions, histograms, flags: [], airPeakHu: -1001, airNoiseHu: 17 };
  }

  it('nine regions, non-empty histogram bins, whole-lung density on scans; a rewrite replaces them', async () => {
    const db = path.join(tempDir('store'), 'r.duckdb');
    const store = await ResultsStore.open(db);
    try {
      await store.writeScan({ ...done('/x/a.nii.gz', [slice(0)]), biomarkers: biomarkers(1) });
      await store.writeScan({ ...done('/x/a.nii.gz', [slice(0)]), biomarkers: biomarkers(2) });
    } finally {
      store.close();
    }
    expect(await dbRows(db, 'SELECT count(*) AS n, sum(volume_ml) AS v FROM regions')).toEqual([{ n: 9, v: 90 }]);
    expect(await dbRows(db, `SELECT region, bv5_ml, bv5_pct, perc15_hu FROM regions WHERE region IN ('lung', 'left') ORDER BY region`)).toEqual([
      { region: 'left', bv5_ml: 0.5, bv5_pct: 25, perc15_hu: -930 },
      { region: 'lung', bv5_ml: null, bv5_pct: null, perc15_hu: -930 },
    ]);
    expect(await dbRows(db, `SELECT hu_bin, voxel_count FROM hu_histograms WHERE region = 'right_lower' ORDER BY hu_bin`)).toEqual([
      { hu_bin: -1024, voxel_count: 1 }, { hu_bin: -950, voxel_count: 10 }, { hu_bin: 0, voxel_count: 2 },
    ]);
    expect(await dbRows(db, 'SELECT count(*) AS n FROM hu_histograms')).toEqual([{ n: 27 }]);
    expect(await dbRows(db, 'SELECT laa950_pct, perc15_hu, mean_hu, air_peak_hu, air_noise_hu FROM scans')).toEqual([
      { laa950_pct: 1.5, perc15_hu: -930, mean_hu: -850, air_peak_hu: -1001, air_noise_hu: 17 },
    ]);
  });
});
