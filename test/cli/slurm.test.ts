/**
 * The example Slurm array script (examples/slurm-array.sbatch) on a real single-node Slurm: three tasks over a
 * phantom cohort, one of them stopped by `scancel --signal=TERM` mid-way (exit 75, it requeues itself and the
 * rerun finishes its share); merged, the parts give exactly the rows of a one-process run, and merging again
 * changes nothing. Skips, saying why, where the daemons cannot start (not root, slurm-wlm or munge missing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhantomCohort } from '../../src/phantom/index.js';
import { inShard } from '../../src/pipeline/shard.js';
import { BIN, queryJson, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { startSlurm, type SlurmCluster } from '../helpers/slurmCluster.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = path.join(REPO, 'examples', 'slurm-array.sbatch');
const SCANS = 'SELECT path, status, error, lung_volume_ml, left_volume_ml, vessel_volume_ml, flags, config_hash, n_slices FROM scans ORDER BY path';
const SLICES = 'SELECT s.path, l.* EXCLUDE (scan_id) FROM slices l JOIN scans s USING (scan_id) ORDER BY s.path, l.slice_index';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = tempDir('slurm');
let cluster: SlurmCluster | string = 'not started';

beforeAll(async () => {
  cluster = await startSlurm(path.join(dir, 'slurm'));
  if (typeof cluster === 'string') console.warn(`skipped: the Slurm test: ${cluster}`);
}, 60_000);
afterAll(() => {
  if (typeof cluster !== 'string') cluster.stop();
});

function slurm(cmd: string, args: string[]): string {
  const c = cluster as SlurmCluster;
  const r = spawnSync(cmd, args, { env: c.env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** State of each task of the array, e.g. { '1': 'RUNNING', '2': 'PENDING' } (finished tasks leave squeue). */
function tasks(jobId: string): Record<string, string> {
  const out = slurm('squeue', ['-h', '-r', '-j', jobId, '-o', '%K %T']);
  return Object.fromEntries(out.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/) as [string, string]));
}

describe('a Slurm job array (the example script, a real slurmctld and slurmd)', () => {
  it('gives the rows of one run, survives a task stopped and requeued, and merges idempotently', { timeout: 600_000 }, async (ctx) => {
    if (typeof cluster === 'string') ctx.skip();
    const cohort = path.join(dir, 'cohort');
    await writePhantomCohort(cohort, { count: 9, baseSeed: 9601, shape: [96, 96, 40], spacingMm: [3, 3, 6] });
    // The task to stop, caught after its first scan: task 3 when its share has a second scan (with two cores it
    // starts last and keeps the array's own job id, the case where requeueing by SLURM_JOB_ID requeued every task);
    // otherwise the task with the largest share (at least 3 of 9).
    const share = (k: number) => readdirSync(cohort).filter((f) => f.endsWith('.nii.gz') && inShard(path.join(cohort, f), { index: k, count: 3 })).length;
    const victim = share(3) >= 2 ? '3' : String([1, 2, 3].reduce((a, b) => (share(b) > share(a) ? b : a)));
    const whole = path.join(dir, 'whole.duckdb');
    expect((await runCli(['run', cohort, '--db', whole, '-q'])).code).toBe(0);

    const results = path.join(dir, 'results');
    const logs = path.join(dir, 'logs');
    mkdirSync(logs);
    const lungflow = `${process.execPath} ${BIN}`;
    const fromSource = process.env.LUNGFLOW_TEST_DIST === '1' ? '' : ',LUNGFLOW_FROM_SOURCE=1';
    // Slow slices (25 ms each) so that a task is caught mid-way; one core per task so the tasks run side by side;
    // no grace, so the scan in flight is abandoned (with grace it would finish first).
    const submitted = slurm('sbatch', [
      '--parsable', '--array=1-3', '--cpus-per-task=1', '--mem=1G', `--output=${logs}/task-%a.log`, `--chdir=${REPO}`,
      `--export=ALL,LUNGFLOW=${lungflow},LUNGFLOW_TEST_FAULT=slow:phantom,TERM_GRACE=0${fromSource}`,
      SCRIPT, cohort, results,
    ]);
    const jobId = submitted.trim().split(';')[0];

    // The victim has finished a scan: stop it as a scheduler does (SIGTERM to the script and lungflow).
    const victimLog = path.join(logs, `task-${victim}.log`);
    const scansDone = () => (existsSync(victimLog) ? (readFileSync(victimLog, 'utf8').match(/^\[lungflow\] done /gm) ?? []).length : 0);
    for (let i = 0; i < 600 && scansDone() === 0; i++) await sleep(200);
    expect(scansDone()).toBeGreaterThan(0);
    slurm('scancel', ['--signal=TERM', '--full', `${jobId}_${victim}`]);

    // Slurm holds a requeued job for two minutes (its begin time); the test lets it start 3 s on (started within
    // the second its last run was revoked, slurmd refuses the job: "Job credential revoked"). Between the
    // stopped run's end and the requeue, squeue may briefly list no task at all: the wait ends only when the array
    // has left the queue and the victim's log holds the summary of a second run, or at once when a task that had
    // finished is queued again.
    const runSummaries = (k: string) => {
      const log = path.join(logs, `task-${k}.log`);
      return (existsSync(log) ? readFileSync(log, 'utf8').match(/^\[lungflow\] run /gm) ?? [] : []).length;
    };
    const others = ['1', '2', '3'].filter((k) => k !== victim);
    let requeuedOther: string | undefined;
    let hurried = false;
    for (let i = 0; i < 900 && (Object.keys(tasks(jobId)).length > 0 || runSummaries(victim) < 2); i++) {
      const queued = tasks(jobId);
      requeuedOther = others.find((k) => queued[k] === 'PENDING' && runSummaries(k) > 0);
      if (requeuedOther) break;
      if (!hurried && queued[victim] === 'PENDING') {
        slurm('scontrol', ['update', `JobId=${jobId}_${victim}`, 'StartTime=now+3']);
        hurried = true;
      }
      await sleep(500);
    }
    // Only the victim runs twice: requeueing by SLURM_JOB_ID requeued the whole array when the victim's job id was
    // the array's own.
    expect(requeuedOther, 'a task that had finished, queued again').toBeUndefined();
    expect(tasks(jobId)).toEqual({});
    expect(runSummaries(victim)).toBe(2);
    const log2 = readFileSync(victimLog, 'utf8');
    expect(log2).toMatch(/SIGTERM received/);
    expect(log2).toMatch(/exit 75 \(may pass\), requeued/);
    expect(log2).toMatch(/STOPPED BY SIGTERM \(exit 75\)/);
    // The second run of the task finished its share: its summary line has no STOPPED.
    expect(log2.trim().split('\n').filter((l) => /^\[lungflow\] run /.test(l)).at(-1)).not.toMatch(/STOPPED/);

    const parts = [1, 2, 3].map((k) => path.join(results, `part-${k}.duckdb`));
    for (const p of parts) expect(existsSync(p), p).toBe(true);
    const merged = path.join(dir, 'merged.duckdb');
    const m = await runCli(['merge', '--db', merged, ...parts]);
    expect(m.code, m.stderr).toBe(0);
    expect(await queryJson(merged, SCANS)).toEqual(await queryJson(whole, SCANS));
    expect(await queryJson(merged, SLICES)).toEqual(await queryJson(whole, SLICES));

    const again = await runCli(['merge', '--db', merged, ...parts]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/[1-9]\d* scans taken/);
    expect(await queryJson(merged, SCANS)).toEqual(await queryJson(whole, SCANS));
    expect(await queryJson(merged, SLICES)).toEqual(await queryJson(whole, SLICES));
  });
});
