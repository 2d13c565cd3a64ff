/**
 * The malformed-input corpus (test/robustness/corpus.ts) through the real CLI in one cohort run: every file gets
 * exactly one row, a valid file a correct result, a broken one a specific error that says what and where; the run
 * finishes with exit 1 and stays well under 1 GB of resident memory.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openNifti } from '../../src/readers/nifti/open.js';
import { NiftiError } from '../../src/readers/nifti/errors.js';
import { queryJson, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { writeMalformedCorpus, type CorpusFile } from './corpus.js';

interface ScanRow {
  name: string;
  status: string;
  error_code: string | null;
  error: string | null;
  n_slices: number | null;
  dims: number[] | null;
  spacing_mm: number[] | null;
  lung_volume_ml: number | null;
  vessel_volume_ml: number | null;
  sums_finite: boolean | null;
  flags: string[] | null;
  slice_rows: number;
}

type Expected =
  | { readonly status: 'failed'; readonly code: string; readonly error: string | RegExp }
  | { readonly status: 'done'; readonly check?: (row: ScanRow, good: ScanRow) => void };

/** The voxel data of the 96x96x40 int16 base ends at byte 352 + 737280. */
const FILE_BYTES = 737_632;

const sameResultAsGood = (row: ScanRow, good: ScanRow) => {
  expect(row.n_slices).toBe(good.n_slices);
  expect(row.spacing_mm).toEqual(good.spacing_mm);
  expect(row.lung_volume_ml).toBe(good.lung_volume_ml);
  expect(row.vessel_volume_ml).toBe(good.vessel_volume_ml);
};

const noLung = (row: ScanRow) => {
  expect(row.n_slices).toBe(40);
  expect(row.lung_volume_ml).toBe(0);
  expect(row.vessel_volume_ml).toBe(0);
  expect(row.flags).toContain('no-lung-found: 0 of 40 slices');
};

const EXPECTED: Record<string, Expected> = {
  'good.nii.gz': {
    status: 'done',
    check: (row) => {
      expect(row.n_slices).toBe(40);
      expect(row.lung_volume_ml).toBeGreaterThan(500);
      expect(row.flags!.filter((f) => /^(not-ct|no-lung-found|spacing|4d)/.test(f))).toEqual([]);
    },
  },
  'good-2.nii': { status: 'done', check: (row) => expect(row.lung_volume_ml).toBeGreaterThan(500) },

  'truncated.nii.gz': {
    status: 'failed', code: 'truncated',
    error: /^the file is truncated: its gzip stream ends early, \d+ of 737632 bytes \([\d.]+ KiB of 720 KiB\) arrived$/,
  },
  'truncated.nii': {
    status: 'failed', code: 'truncated',
    error: 'header claims 720 KiB of voxel data (96x96x40 int16) from byte 352 but the file holds 360 KiB (368464 bytes after vox_offset)',
  },
  'truncated-header.nii': {
    status: 'failed', code: 'truncated', error: 'the NIfTI-1 header needs 348 bytes but only 200 bytes are there',
  },
  'bad-magic.nii': {
    status: 'failed', code: 'not-nifti', error: 'no NIfTI-1 magic at byte 344: found "XYZ", expected "n+1" (an Analyze 7.5 header?)',
  },
  'bad-sizeof-hdr.nii': {
    status: 'failed', code: 'bad-sizeof-hdr',
    error: 'sizeof_hdr (bytes 0-3) is 349 read little-endian and 1560346624 read big-endian; NIfTI-1 needs 348, NIfTI-2 540 '
      + '(the NIfTI-1 magic "n+1" is at byte 344: a corrupt header)',
  },
  'empty.nii.gz': { status: 'failed', code: 'truncated', error: 'the file is empty (0 bytes); a NIfTI-1 header alone needs 348 bytes' },
  'notes.nii': {
    status: 'failed', code: 'not-nifti',
    error: 'not a NIfTI file: sizeof_hdr (bytes 0-3) is 1936025716 read little-endian and 1952998771 read big-endian; '
      + 'NIfTI-1 needs 348, NIfTI-2 540, and there is no NIfTI magic at byte 344 or 4',
  },
  'gzip-named.nii': { status: 'done', check: sameResultAsGood },
  'plain-named.nii.gz': { status: 'done', check: sameResultAsGood },

  'bad-datatype.nii': { status: 'failed', code: 'unsupported-datatype', error: 'datatype code 3 (bytes 70-71) is not a NIfTI datatype' },
  'negative-dim.nii': { status: 'failed', code: 'bad-dims', error: 'dim[2] is -96 (dims 96x-96x40); every used dimension must be at least 1' },
  'zero-dim.nii': { status: 'failed', code: 'bad-dims', error: 'dim[3] is 0 (dims 96x96x0); every used dimension must be at least 1' },
  'absurd-dims.nii': {
    status: 'failed', code: 'too-large',
    error: 'header claims 64 TiB of voxel data (32767x32767x32767 int16) from byte 352 but the file holds 4 KiB (3744 bytes after vox_offset)',
  },
  'absurd-dims-nifti2.nii': {
    status: 'failed', code: 'too-large',
    error: 'header claims 512 TiB of voxel data (65535x65535x65535 int16) from byte 544 but the file holds 4 KiB (3552 bytes after vox_offset)',
  },
  'absurd-dims.nii.gz': {
    status: 'failed', code: 'too-large',
    error: /^header claims 64 TiB of voxel data \(32767x32767x32767 int16\) but the [\d.]+ (bytes|KiB) gzip file can inflate to at most [\d.]+ MiB \(DEFLATE's limit is about 1032:1\)$/,
  },
  'vox-offset-past-end.nii': {
    status: 'failed', code: 'bad-vox-offset', error: `vox_offset 10000000 is past the end of the ${FILE_BYTES}-byte file`,
  },

  'nan-inf.nii': {
    status: 'done',
    check: (row, good) => {
      expect(row.sums_finite).toBe(true);
      // About 3 % of voxels are non-finite; the lungs are still found, within 15 % of the clean scan.
      expect(Math.abs(row.lung_volume_ml! / good.lung_volume_ml! - 1)).toBeLessThan(0.15);
    },
  },
  'pixdim-zero-sform.nii': {
    status: 'done',
    check: (row, good) => {
      sameResultAsGood(row, good);
      expect(row.flags).toContain('spacing-from-sform: pixdim[1, 2, 3] (bytes 80-91) are 0, 0, 0; voxel size 3.6 x 3.6 x 7.5 mm taken from the sform');
    },
  },
  'pixdim-zero-no-affine.nii': {
    status: 'failed', code: 'bad-pixdim',
    error: 'pixdim[1, 2, 3] (bytes 80-91) are 0, 0, 0, so the voxel size is unknown: there is no sform (sform_code 0) to take it from',
  },
  '4d.nii.gz': {
    status: 'done',
    check: (row, good) => {
      sameResultAsGood(row, good);
      expect(row.dims).toEqual([96, 96, 40]);
      expect(row.flags).toContain('4d: measured the first of 2 volumes');
    },
  },
  'slice-2d.nii': {
    status: 'done',
    check: (row) => {
      expect(row.n_slices).toBe(1);
      expect(row.dims).toEqual([96, 96, 1]);
      expect(row.lung_volume_ml).toBeGreaterThan(0);
    },
  },
  'one-slice-3d.nii': {
    status: 'done',
    check: (row) => {
      expect(row.n_slices).toBe(1);
      expect(row.dims).toEqual([96, 96, 1]);
      expect(row.lung_volume_ml).toBeGreaterThan(0);
    },
  },
  'all-air.nii': { status: 'done', check: noLung },
  'all-tissue.nii': { status: 'done', check: noLung },
  'mr-like.nii': {
    status: 'done',
    check: (row) => {
      expect(row.n_slices).toBe(40);
      expect(row.flags!.some((f) => f.startsWith('not-ct: no air peak near -1000 HU'))).toBe(true);
    },
  },
};

const GB = 1024 ** 3;
const MB = 1024 ** 2;

describe('a cohort of malformed and odd inputs, through the CLI in one run', () => {
  const dir = tempDir('malformed');
  const corpusDir = path.join(dir, 'corpus');
  const db = path.join(dir, 'results.duckdb');
  const statsFile = path.join(dir, 'stats.json');
  let files: CorpusFile[];
  let run: CliResult;
  let rows: Map<string, ScanRow>;

  beforeAll(async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(corpusDir);
    files = writeMalformedCorpus(corpusDir);
    run = await runCli(['run', corpusDir, '--db', db, '--workers', '2', '--stats', statsFile]);
    const found = await queryJson<ScanRow>(
      db,
      `SELECT regexp_extract(s.path, '[^/]+$') AS name, s.status, s.error_code, s.error, s.n_slices, s.dims, s.spacing_mm,
              s.lung_volume_ml, s.vessel_volume_ml, s.flags,
              isfinite(s.lung_volume_ml) AND isfinite(s.vessel_volume_ml) AS sums_finite,
              (SELECT count(*) FROM slices l WHERE l.scan_id = s.scan_id) AS slice_rows
       FROM scans s ORDER BY name`,
    );
    rows = new Map(found.map((r) => [r.name, r]));
  });

  it('covers every corpus file with an expectation (and no expectation without a file)', () => {
    expect(files.map((f) => f.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('finishes the run with exit 1 and one row per file', async () => {
    expect(run.code, run.stderr).toBe(1);
    expect([...rows.keys()].sort()).toEqual(files.map((f) => f.name).sort());
    const logged = run.stderr.split('\n').filter((l) => /^\[lungflow\] (done|failed) /.test(l));
    expect(logged).toHaveLength(files.length);
    const failed = Object.values(EXPECTED).filter((e) => e.status === 'failed').length;
    const [last] = await queryJson<{ status: string; n_done: number; n_failed: number }>(db, 'SELECT status, n_done, n_failed FROM runs');
    expect(last).toEqual({ status: 'finished', n_done: files.length - failed, n_failed: failed });
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: ${expected.status}${expected.status === 'failed' ? ` (${expected.code})` : ''}`, () => {
      const row = rows.get(name);
      expect(row, `no row for ${name}`).toBeDefined();
      const summary = { status: row!.status, error_code: row!.error_code, error: row!.error };
      if (expected.status === 'failed') {
        expect(summary).toMatchObject({ status: 'failed', error_code: expected.code });
        if (typeof expected.error === 'string') expect(row!.error).toBe(expected.error);
        else expect(row!.error).toMatch(expected.error);
        expect(row!.slice_rows).toBe(0);
        // The log line names the file and says the same thing.
        expect(run.stderr).toContain(`[lungflow] failed ${path.join(corpusDir, name)}: ${row!.error}`);
        return;
      }
      expect(summary).toEqual({ status: 'done', error_code: null, error: null });
      expect(row!.sums_finite).toBe(true);
      expect(row!.slice_rows).toBe(row!.n_slices);
      expected.check?.(row!, rows.get('good.nii.gz')!);
    });
  }

  it('no slice row holds NaN or infinity', async () => {
    const [r] = await queryJson<{ n: number; bad: number }>(
      db,
      `SELECT count(*) AS n, count(*) FILTER (WHERE NOT isfinite(lung_area_mm2) OR NOT isfinite(vessel_area_mm2)
         OR NOT coalesce(isfinite(vessel_ratio_pct), true)) AS bad FROM slices`,
    );
    expect(r.n).toBeGreaterThan(0);
    expect(r.bad).toBe(0);
  });

  it('peak RSS of the whole run (main thread and workers) stays under 1 GB', () => {
    const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { peakRssBytes: number; wallMs: number; done: number; failed: number };
    console.log(`malformed corpus: ${files.length} files, peak RSS ${(stats.peakRssBytes / MB).toFixed(0)} MB, wall ${stats.wallMs} ms`);
    expect(stats.done + stats.failed).toBe(files.length);
    expect(stats.peakRssBytes).toBeGreaterThan(10 * MB);
    expect(stats.peakRssBytes).toBeLessThan(GB);
  });

  it('absurd claims are refused from the header and file size alone, at once and without allocating', async () => {
    for (const name of ['absurd-dims.nii', 'absurd-dims-nifti2.nii', 'absurd-dims.nii.gz']) {
      const before = process.memoryUsage().arrayBuffers;
      const t0 = performance.now();
      const error = await openNifti(path.join(corpusDir, name), { spacing: 'geometry', orientation: 'canonical' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(performance.now() - t0, name).toBeLessThan(500);
      expect(error, name).toBeInstanceOf(NiftiError);
      expect((error as NiftiError).code).toBe('too-large');
      expect(process.memoryUsage().arrayBuffers - before, name).toBeLessThan(64 * MB);
    }
  });
});
