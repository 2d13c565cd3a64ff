import { copyFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryJson, runCli } from '../helpers/cli.js';
import { copySeedSlices, seedSliceName, tempDir, writeBadFiles } from '../helpers/cohortFixtures.js';
import { needSharedData, sharedFile } from '../helpers/sharedData.js';

interface ScanRow {
  path: string;
  status: string;
  error: string | null;
  error_code: string | null;
  finished_at: string;
  config_hash: string;
}

const scanRows = (db: string) =>
  queryJson<ScanRow>(db, 'SELECT path, status, error, error_code, finished_at, config_hash FROM scans ORDER BY path');
const lastRun = async (db: string) =>
  (await queryJson<{ n_done: number; n_failed: number; n_skipped: number; status: string }>(db, 'SELECT * FROM runs ORDER BY started_at DESC LIMIT 1'))[0];

const cohort = needSharedData('lungflow run over a cohort with good and bad files', 'seed-slices');

describe.skipIf(cohort.skip)(cohort.title, () => {
  const dir = tempDir('cohort');
  const db = path.join(dir, 'results.duckdb');
  let bad: ReturnType<typeof writeBadFiles>;
  let good: string[];

  beforeAll(async () => {
    good = copySeedSlices(dir, [1, 2, 3, 4, 5]);
    bad = writeBadFiles(dir);
  });

  it('records one row per file, the right statuses and specific errors, and exits 1', async () => {
    const r = await runCli(['run', dir, '--db', db, '--preset', 'seed', '--workers', '2']);
    expect(r.code, r.stderr).toBe(1);
    const rows = await scanRows(db);
    expect(rows.map((x) => path.basename(x.path)).sort()).toEqual(
      ['empty.nii.gz', 'notes.nii', 'truncated.nii.gz', ...good.map((g) => path.basename(g))].sort(),
    );
    const byName = new Map(rows.map((x) => [path.basename(x.path), x]));
    for (const g of good) expect(byName.get(path.basename(g))!.status).toBe('done');
    expect(byName.get('truncated.nii.gz')).toMatchObject({ status: 'failed', error_code: 'truncated' });
    expect(byName.get('truncated.nii.gz')!.error).toMatch(/truncated|ended after/i);
    expect(byName.get('notes.nii')).toMatchObject({ status: 'failed' });
    expect(byName.get('notes.nii')!.error).toMatch(/not a NIfTI|sizeof_hdr|magic/i);
    expect(byName.get('empty.nii.gz')).toMatchObject({ status: 'failed' });
    expect(byName.get('empty.nii.gz')!.error).toMatch(/empty|0 bytes|too short|truncated/i);
    const slices = await queryJson<{ n: number }>(db, 'SELECT count(*) AS n FROM slices');
    expect(slices[0].n).toBe(good.length);
    const failed = await runCli(['failed', '--db', db, '--format', 'csv']);
    expect(failed.stdout.split('\n')[0]).toBe('path,error_code,error,finished_at');
    expect(failed.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('a rerun recomputes nothing and still exits 1 for the failures it did not retry', async () => {
    const before = await scanRows(db);
    const r = await runCli(['run', dir, '--db', db, '--preset', 'seed']);
    expect(r.code).toBe(1);
    expect(await scanRows(db)).toEqual(before);
    expect(await lastRun(db)).toMatchObject({ n_done: 0, n_failed: 0, n_skipped: 8, status: 'finished' });
  });

  it('status counts scans by status, groups failures by error and shows the last run', async () => {
    const r = await runCli(['status', '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      scans_by_status: { status: string; scans: number }[];
      failures_by_error: { error_code: string; scans: number; example_error: string }[];
      last_run: { status: string; preset: string }[];
    };
    expect(s.scans_by_status).toEqual(expect.arrayContaining([{ status: 'done', scans: good.length }, { status: 'failed', scans: 3 }]));
    expect(s.failures_by_error.reduce((n, f) => n + f.scans, 0)).toBe(3);
    expect(s.failures_by_error.map((f) => f.error_code)).toContain('truncated');
    expect(s.last_run[0]).toMatchObject({ status: 'finished', preset: 'seed' });
    const table = await runCli(['status', '--db', db]);
    expect(table.stdout).toMatch(/== scans by status[\s\S]*done\s+\d+[\s\S]*== failures by error[\s\S]*truncated/);
  });

  it('a fixed file is picked up by a plain rerun, because its input changed', async () => {
    copyFileSync(sharedFile('seed-slices', seedSliceName(9)), bad.truncated);
    const before = new Map((await scanRows(db)).map((x) => [x.path, x]));
    const r = await runCli(['run', dir, '--db', db, '--preset', 'seed']);
    expect(r.code).toBe(1);
    const after = await scanRows(db);
    const changed = after.filter((x) => x.finished_at !== before.get(x.path)!.finished_at).map((x) => path.basename(x.path));
    expect(changed).toEqual(['truncated.nii.gz']);
    expect(after.find((x) => x.path === bad.truncated)!.status).toBe('done');
  });

  it('a touched but unchanged file is not recomputed (content hash decides)', async () => {
    const before = await scanRows(db);
    const later = new Date(Date.now() + 60_000);
    utimesSync(good[0], later, later);
    await runCli(['run', dir, '--db', db, '--preset', 'seed']);
    expect((await scanRows(db)).map((x) => x.finished_at)).toEqual(before.map((x) => x.finished_at));
  });

  it('--retry-failed touches only the failed scans', async () => {
    const before = new Map((await scanRows(db)).map((x) => [x.path, x]));
    const r = await runCli(['run', dir, '--db', db, '--preset', 'seed', '--retry-failed']);
    expect(r.code).toBe(1);
    const after = await scanRows(db);
    const touched = after.filter((x) => x.finished_at !== before.get(x.path)!.finished_at);
    expect(touched.map((x) => path.basename(x.path)).sort()).toEqual(['empty.nii.gz', 'notes.nii']);
    expect(await lastRun(db)).toMatchObject({ n_done: 0, n_failed: 2 });
  });

  it('changing a preset parameter recomputes every scan under the new config hash', async () => {
    const before = await scanRows(db);
    const r = await runCli(['run', dir, '--db', db, '--preset', 'seed', '--set', 'vessels.minHu=-550']);
    expect(r.code).toBe(1);
    const after = await scanRows(db);
    expect(after).toHaveLength(before.length);
    for (const row of after) expect(row.config_hash).not.toBe(before[0].config_hash);
    const ratios = await queryJson<{ n: number }>(db, 'SELECT count(DISTINCT scan_id) AS n FROM slices');
    expect(ratios[0].n).toBe(6);
  });

  it('rejects an unknown parameter with a usage error', async () => {
    const r = await runCli(['run', dir, '--db', db, '--preset', 'seed', '--set', 'vessels.minHU=-550']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no parameter 'minHU'/);
  });
});

const workers = needSharedData('results do not depend on the number of workers', 'seed-slices');

describe.skipIf(workers.skip)(workers.title, () => {
  it('--workers 1 and --workers 4 give identical slices and scans', async () => {
    const dir = tempDir('workers');
    copySeedSlices(dir, [1, 4, 7, 10, 13, 16, 19]);
    const one = path.join(dir, 'one.duckdb');
    const four = path.join(dir, 'four.duckdb');
    expect((await runCli(['run', dir, '--db', one, '--preset', 'seed', '--workers', '1'])).code).toBe(0);
    expect((await runCli(['run', dir, '--db', four, '--preset', 'seed', '--workers', '4', '--max-scans', '3'])).code).toBe(0);
    const sql = `SELECT s.path, l.* EXCLUDE (scan_id) FROM slices l JOIN scans s USING (scan_id) ORDER BY s.path, l.slice_index`;
    expect(await queryJson(four, sql)).toEqual(await queryJson(one, sql));
    const vols = 'SELECT path, lung_volume_ml, vessel_volume_ml, n_slices FROM scans ORDER BY path';
    expect(await queryJson(four, vols)).toEqual(await queryJson(one, vols));
  });
});
