/**
 * NRRD and MetaImage through the real CLI: one phantom in every layout gives the same volumes and slice areas as
 * its .nii.gz; broken headers and data fail with exact errors, the run carrying on; a changed data file recomputes
 * its scan (header and data are one input).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeVoxels } from '../../src/readers/nifti/write.js';
import { queryJson, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { smallPhantom, writeAllFormats, writeMalformed } from '../readers/stored/fixtures.js';

interface Row { path: string; status: string; format: string | null; error_code: string | null; error: string | null;
  lung_volume_ml: number; vessel_volume_ml: number; left_volume_ml: number; dims: number[]; spacing_mm: number[]; areas: number[] }

const ROWS = `SELECT s.path, status, format, error_code, error, lung_volume_ml, vessel_volume_ml, left_volume_ml, dims, spacing_mm,
  list(l.lung_area_mm2 ORDER BY l.slice_index) FILTER (WHERE l.slice_index IS NOT NULL) AS areas
  FROM scans s LEFT JOIN slices l USING (scan_id) GROUP BY ALL ORDER BY s.path`;

describe('NRRD and MetaImage scans through the CLI', () => {
  const dir = tempDir('lungflow-nrrd-cli-');
  const db = path.join(dir, 'results.duckdb');
  let good: Record<string, string>;
  let broken: ReturnType<typeof writeMalformed>;
  let first: CliResult;
  let rows: Map<string, Row>;

  beforeAll(async () => {
    good = await writeAllFormats(dir);
    broken = writeMalformed(dir);
    const inputs = [...Object.values(good), ...Object.keys(broken).map((n) => path.join(dir, n))];
    first = await runCli(['run', ...inputs, '--db', db, '--workers', '1', '-q']);
    rows = new Map((await queryJson<Row>(db, ROWS)).map((r) => [path.basename(r.path), r]));
  }, 120_000);

  it('exits 1 (some scans failed) with one row per input', () => {
    expect(first.stderr).not.toMatch(/Error:.*at /);
    expect(first.code).toBe(1);
    expect(rows.size).toBe(Object.keys(good).length + Object.keys(broken).length);
  });

  it('measures every layout exactly as the .nii.gz', () => {
    const nifti = rows.get('phantom.nii.gz')!;
    expect(nifti.status).toBe('done');
    expect(nifti.lung_volume_ml).toBeGreaterThan(500);
    for (const name of Object.keys(good)) {
      const row = rows.get(name)!;
      expect({ name, status: row.status, error: row.error }).toEqual({ name, status: 'done', error: null });
      expect(row.format).toBe(name.endsWith('.nii.gz') ? 'nifti' : /\.(nrrd|nhdr)$/.test(name) ? 'nrrd' : 'metaimage');
      expect(row.lung_volume_ml).toBe(nifti.lung_volume_ml);
      expect(row.vessel_volume_ml).toBe(nifti.vessel_volume_ml);
      expect(row.left_volume_ml).toBe(nifti.left_volume_ml);
      expect(row.areas).toEqual(nifti.areas);
      expect(row.dims).toEqual([64, 64, 24]);
      expect(row.spacing_mm).toEqual([4.5, 4.5, 9]);
    }
  });

  it('fails each broken header or data file with its exact error', () => {
    for (const [name, expected] of Object.entries(broken)) {
      const row = rows.get(name)!;
      expect({ name, status: row.status, code: row.error_code }).toEqual({ name, status: 'failed', code: expected.code });
      expect(row.error).toMatch(typeof expected.error === 'string' ? new RegExp(`^${escape(expected.error)}$`) : expected.error);
    }
  });

  it('on a rerun, recomputes only the scan whose data file alone changed', async () => {
    // Another phantom's voxels in the detached data file: the header is untouched.
    writeFileSync(path.join(dir, 'detached-raw.raw'), encodeVoxels('int16', smallPhantom(6).data, true));
    const again = await runCli(['run', ...Object.values(good), '--db', db, '--workers', '1', '-q']);
    expect(again.code).toBe(0);
    const [last] = await queryJson<{ n_done: number; n_skipped: number }>(db, 'SELECT n_done, n_skipped FROM runs ORDER BY started_at DESC LIMIT 1');
    expect(last).toEqual({ n_done: 1, n_skipped: Object.keys(good).length - 1 });
    const [changed] = await queryJson<{ lung_volume_ml: number }>(db, `SELECT lung_volume_ml FROM scans WHERE path = '${good['detached-raw.nhdr']}'`);
    expect(changed.lung_volume_ml).not.toBe(rows.get('detached-raw.nhdr')!.lung_volume_ml);
  }, 120_000);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
