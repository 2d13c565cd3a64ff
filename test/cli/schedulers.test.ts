/**
 * Array jobs on the schedulers users have, without Slurm itself (test/cli/slurm.test.ts runs a real one):
 * `--shard auto` from Kubernetes' and AWS Batch's variables, `--db {shard}`, querying the parts without a merge,
 * `export` to Parquet and CSV, and exit 75 on SIGTERM with what finished kept.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePhantomCohort } from '../../src/phantom/index.js';
import { queryJson, runCli, settle, startCli, waitForLines } from '../helpers/cli.js';
import { copySeedSlices, tempDir, writeBadFiles } from '../helpers/cohortFixtures.js';
import { needSharedData } from '../helpers/sharedData.js';

const SCANS = 'SELECT path, status, error, lung_volume_ml, vessel_volume_ml, flags, config_hash FROM scans ORDER BY path';
const SLICES = 'SELECT s.path, l.* EXCLUDE (scan_id) FROM slices l JOIN scans s USING (scan_id) ORDER BY s.path, l.slice_index';

describe('--shard auto without any scheduler variable', () => {
  it('exits 2 with one line naming what it looked for', async () => {
    const dir = tempDir('auto');
    const r = await runCli(['run', dir, '--db', path.join(dir, 'part-{shard}.duckdb'), '--shard', 'auto'], {
      env: { SLURM_ARRAY_TASK_ID: '', JOB_COMPLETION_INDEX: '', AWS_BATCH_JOB_ARRAY_INDEX: '' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lungflow: --shard auto: no array-job index in the environment/)]);
  });
});

const need = needSharedData('Kubernetes / AWS Batch array tasks, parts queried and exported', 'seed-slices');

describe.skipIf(need.skip)(need.title, () => {
  it('three tasks by their index give the rows of one run; query reads the parts and the Parquet files as they are', { timeout: 240_000 }, async () => {
    const dir = tempDir('k8s');
    const cohort = path.join(dir, 'cohort');
    mkdirSync(cohort);
    copySeedSlices(cohort, [1, 2, 3, 4, 5, 6]);
    writeBadFiles(cohort);
    const whole = path.join(dir, 'whole.duckdb');
    expect((await runCli(['run', cohort, '--db', whole, '-q'])).code).toBe(1);

    const partDb = path.join(dir, 'results', 'part-{shard}.duckdb');
    mkdirSync(path.join(dir, 'results'));
    const tasks: [string, string][] = [['JOB_COMPLETION_INDEX', '0'], ['AWS_BATCH_JOB_ARRAY_INDEX', '1'], ['JOB_COMPLETION_INDEX', '2']];
    for (const [name, index] of tasks) {
      // --max-scans 16: one abort listener per scan on a shared signal used to warn of a leak past 10.
      const r = await runCli(['run', cohort, '--db', partDb, '--shard', 'auto', '--max-scans', '16'], { env: { [name]: index, LUNGFLOW_SHARD_COUNT: '3' } });
      expect([0, 1], r.stderr).toContain(r.code);
      expect(r.stderr).not.toMatch(/MaxListenersExceeded|Warning/);
    }
    const parts = [1, 2, 3].map((k) => path.join(dir, 'results', `part-${k}.duckdb`));
    for (const p of parts) expect(existsSync(p), p).toBe(true);

    const glob = path.join(dir, 'results', 'part-*.duckdb');
    expect(await queryJson(glob, SCANS)).toEqual(await queryJson(whole, SCANS));
    expect(await queryJson(glob, SLICES)).toEqual(await queryJson(whole, SLICES));

    const out = path.join(dir, 'parquet');
    const e = await runCli(['export', '--db', whole, '--out', out]);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stderr).toMatch(/scans: 9 rows/);
    for (const t of ['scans', 'slices', 'runs']) expect(existsSync(path.join(out, `${t}.parquet`))).toBe(true);
    const fromParquet = await queryJson<Record<string, unknown>>(out, SCANS);
    expect(fromParquet).toEqual(await queryJson(whole, SCANS));

    const csv = path.join(dir, 'csv');
    expect((await runCli(['export', '--db', parts[0], '--out', csv, '--format', 'csv'])).code).toBe(0);
    expect(readFileSync(path.join(csv, 'scans.csv'), 'utf8').split('\n')[0]).toMatch(/^scan_id,path,status,/);
  });
});

describe('SIGTERM (a scheduler stopping the task)', () => {
  it('finishes the scans in flight, keeps every finished one, exits 75; the rerun completes the rest', { timeout: 240_000 }, async () => {
    const dir = tempDir('term');
    const cohort = path.join(dir, 'cohort');
    await writePhantomCohort(cohort, { count: 6, baseSeed: 9501, shape: [96, 96, 40], spacingMm: [3, 3, 6] });
    const db = path.join(dir, 'r.duckdb');
    const child = startCli(['run', cohort, '--db', db, '--workers', '2'], { env: { LUNGFLOW_TEST_FAULT: 'slow:phantom' } });
    const done = settle(child);
    await waitForLines(child, /^\[lungflow\] done /, 1);
    child.kill('SIGTERM');
    const r = await done;
    expect(r.code, r.stderr).toBe(75);
    expect(r.stderr).toMatch(/SIGTERM: taking no new scans/);
    const finished = (r.stderr.match(/^\[lungflow\] done /gm) ?? []).length;
    const rows = await queryJson<{ status: string }>(db, 'SELECT status FROM scans');
    expect(rows.length).toBe(finished);
    expect(rows.length).toBeLessThan(6);
    expect(await queryJson(db, 'SELECT status FROM runs')).toEqual([{ status: 'interrupted' }]);

    const again = await runCli(['run', cohort, '--db', db, '-q']);
    expect(again.code, again.stderr).toBe(0);
    expect(await queryJson(db, "SELECT count(*)::INTEGER AS n FROM scans WHERE status = 'done'")).toEqual([{ n: 6 }]);
  });
});
