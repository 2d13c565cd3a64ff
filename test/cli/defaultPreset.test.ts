/**
 * The default preset through the real CLI: left/right columns, masks that overlay the input (same geometry, and
 * the same volume as the database says), closeness to the phantom's exact truth, and the same numbers whatever
 * the file's orientation and encoding.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writePhantomCohort } from '../../src/phantom/index.js';
import { openNifti } from '../../src/readers/nifti/open.js';
import { queryJson, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';

interface ScanRow {
  path: string;
  status: string;
  preset: string;
  n_slices: number;
  lung_volume_ml: number;
  left_volume_ml: number;
  right_volume_ml: number;
  vessel_volume_ml: number;
  flags: string[];
  lung_mask_path: string;
  vessel_mask_path: string;
  regions_mask_path: string;
}

const SHAPE = [160, 160, 64] as const;
const SPACING = [2.2, 2.2, 4.5] as const;

async function maskStats(file: string): Promise<{ dims: readonly number[]; affine: readonly number[]; ones: number; voxelMl: number; values: Set<number>; voxels: Uint8Array }> {
  const src = await openNifti(file, { spacing: 'geometry', orientation: 'stored' });
  try {
    const [nx, ny, nz] = src.geometry.dims;
    const voxels = new Uint8Array(nx * ny * nz);
    const values = new Set<number>();
    let ones = 0;
    for await (const s of src.slices()) {
      for (let i = 0; i < s.hu.length; i++) {
        values.add(s.hu[i]);
        if (s.hu[i] === 1) ones++;
        voxels[s.index * s.hu.length + i] = s.hu[i];
      }
    }
    const [sx, sy, sz] = src.geometry.spacingMm;
    return { dims: src.geometry.dims, affine: src.geometry.affine, ones, voxelMl: (sx * sy * sz) / 1000, values, voxels };
  } finally {
    await src.close();
  }
}

async function geometryOfFile(file: string) {
  const src = await openNifti(file, { spacing: 'geometry', orientation: 'stored' });
  await src.close();
  return src.geometry;
}

describe('lungflow run with the default preset', () => {
  const dir = tempDir('default');
  const db = path.join(dir, 'default.duckdb');
  const masks = path.join(dir, 'masks');
  let rows: ScanRow[];

  beforeAll(async () => {
    await writePhantomCohort(path.join(dir, 'scans'), { count: 2, baseSeed: 9101, shape: SHAPE, spacingMm: SPACING });
    const r = await runCli(['run', path.join(dir, 'scans'), '--db', db, '--masks', masks, '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
    rows = await queryJson<ScanRow>(db, 'SELECT * FROM scans ORDER BY path');
  });

  it('is the CLI default and fills the left/right columns that add up to the whole', async () => {
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'done', preset: 'default', n_slices: SHAPE[2] });
      expect(row.left_volume_ml).toBeGreaterThan(0);
      expect(row.right_volume_ml).toBeGreaterThan(0);
      expect(row.left_volume_ml + row.right_volume_ml).toBeCloseTo(row.lung_volume_ml, 6);
    }
    const bad = await queryJson<{ n: number }>(
      db,
      `SELECT count(*)::INTEGER AS n FROM slices
       WHERE left_area_mm2 IS NULL OR right_area_mm2 IS NULL OR abs(left_area_mm2 + right_area_mm2 - lung_area_mm2) > 1e-6
          OR (lung_area_mm2 = 0) <> (vessel_ratio_pct IS NULL)`,
    );
    expect(bad[0].n).toBe(0);
  });

  it('measures lung volume within 2 % and vessel volume within 10 % of the phantom truth', () => {
    for (const row of rows) {
      const truth = JSON.parse(readFileSync(row.path.replace(/\.nii\.gz$/, '.truth.json'), 'utf8'));
      const lung = truth.volumesMl.lung;
      expect(Math.abs(row.lung_volume_ml / lung.total - 1), row.path).toBeLessThan(0.02);
      expect(Math.abs(row.left_volume_ml / lung.left - 1), row.path).toBeLessThan(0.03);
      expect(Math.abs(row.right_volume_ml / lung.right - 1), row.path).toBeLessThan(0.03);
      expect(Math.abs(row.vessel_volume_ml / truth.volumesMl.vessel.total - 1), row.path).toBeLessThan(0.1);
    }
  });

  it('writes masks in the input geometry whose voxel counts are the volumes in the database', async () => {
    for (const row of rows) {
      const input = await geometryOfFile(row.path);
      const lung = await maskStats(row.lung_mask_path);
      const vessels = await maskStats(row.vessel_mask_path);
      for (const m of [lung, vessels]) {
        expect(m.dims).toEqual(input.dims);
        expect(m.affine.map((v) => Math.fround(v))).toEqual(input.affine.map((v) => Math.fround(v)));
        expect([...m.values].every((v) => v === 0 || v === 1)).toBe(true);
      }
      expect(lung.ones * lung.voxelMl).toBeCloseTo(row.lung_volume_ml, 6);
      expect(vessels.ones * vessels.voxelMl).toBeCloseTo(row.vessel_volume_ml, 6);
      let outside = 0;
      for (let i = 0; i < vessels.voxels.length; i++) if (vessels.voxels[i] === 1 && lung.voxels[i] !== 1) outside++;
      expect(outside).toBe(0);
    }
  });

  it('writes the zone label map: its voxels are the lung mask, and each code counts its zone of regions', async () => {
    const CODES: Record<string, number> = { right_upper: 1, right_middle: 2, right_lower: 3, left_upper: 4, left_middle: 5, left_lower: 6 };
    for (const row of rows) {
      const lung = await maskStats(row.lung_mask_path);
      const regions = await maskStats(row.regions_mask_path);
      expect(regions.dims).toEqual(lung.dims);
      const count = new Array(7).fill(0);
      let mismatch = 0;
      for (let i = 0; i < regions.voxels.length; i++) {
        count[regions.voxels[i]]++;
        if ((regions.voxels[i] > 0) !== (lung.voxels[i] === 1)) mismatch++;
      }
      expect(mismatch).toBe(0);
      const zones = await queryJson<{ region: string; volume_ml: number }>(db, `SELECT region, volume_ml FROM regions r JOIN scans s USING (scan_id) WHERE s.path = '${row.path}'`);
      expect(zones).toHaveLength(9);
      for (const z of zones.filter((x) => x.region in CODES)) expect(count[CODES[z.region]] * regions.voxelMl, z.region).toBeCloseTo(z.volume_ml, 6);
    }
  });

  it('takes subject and session from a manifest run over scans already done, without recomputing them', async () => {
    const before = await queryJson<{ path: string; finished_at: string; subject: string | null }>(db, 'SELECT path, finished_at, subject FROM scans ORDER BY path');
    expect(before.every((r) => r.subject === null)).toBe(true);
    const r = await runCli(['run', '--manifest', path.join(dir, 'scans', 'cohort.csv'), '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const after = await queryJson<{ path: string; finished_at: string; subject: string; session: string }>(db, 'SELECT path, finished_at, subject, session FROM scans ORDER BY path');
    expect(after.map((a) => a.finished_at)).toEqual(before.map((b) => b.finished_at));
    expect(after.map((a) => [path.basename(a.path), a.subject, a.session])).toEqual([
      ['phantom-0001.nii.gz', 'phantom-0001', '1'],
      ['phantom-0002.nii.gz', 'phantom-0002', '1'],
    ]);
    // A later plain run over the folder carries no labels and must not erase them.
    expect((await runCli(['run', path.join(dir, 'scans'), '--db', db])).code).toBe(0);
    expect((await queryJson<{ subject: string }>(db, 'SELECT subject FROM scans ORDER BY path')).map((x) => x.subject)).toEqual(['phantom-0001', 'phantom-0002']);
  });

  it('gives identical rows with --workers 1 and --workers 2', async () => {
    const one = path.join(dir, 'one.duckdb');
    const r = await runCli(['run', path.join(dir, 'scans'), '--db', one, '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    const sql = `SELECT s.path, l.* EXCLUDE (scan_id) FROM slices l JOIN scans s USING (scan_id) ORDER BY s.path, l.slice_index`;
    const a = await queryJson(db, sql);
    expect(a.length).toBe(2 * SHAPE[2]);
    expect(await queryJson(one, sql)).toEqual(a);
    const scans = 'SELECT path, lung_volume_ml, left_volume_ml, right_volume_ml, vessel_volume_ml, flags FROM scans ORDER BY path';
    expect(await queryJson(one, scans)).toEqual(await queryJson(db, scans));
  });
});

describe('the default preset does not depend on how a scan is stored', () => {
  it('gives the same volumes for one anatomy in four orientations and encodings', async () => {
    const dir = tempDir('orient');
    const variants = [
      { name: 'lps-int16', orientation: 'LPS', datatype: 'int16' as const },
      { name: 'ras-float32', orientation: 'RAS', datatype: 'float32' as const },
      { name: 'asr-uint16-n2', orientation: 'ASR', datatype: 'uint16' as const, version: 2 as const },
      { name: 'lpi-int32-be', orientation: 'LPI', datatype: 'int32' as const, littleEndian: false },
    ];
    for (const v of variants) {
      const { name, ...options } = v;
      await writePhantomCohort(path.join(dir, name), { count: 1, baseSeed: 9202, shape: SHAPE, spacingMm: SPACING, ...options });
    }
    const db = path.join(dir, 'o.duckdb');
    const r = await runCli(['run', dir, '--db', db, '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
    const rows = await queryJson<ScanRow>(db, 'SELECT * FROM scans ORDER BY path');
    expect(rows).toHaveLength(variants.length);
    const ref = rows[0];
    for (const row of rows) {
      expect(row.status).toBe('done');
      for (const k of ['lung_volume_ml', 'left_volume_ml', 'right_volume_ml', 'vessel_volume_ml'] as const) {
        expect(Math.abs(row[k] / ref[k] - 1), `${row.path} ${k}`).toBeLessThan(0.001);
      }
    }
  });
});
