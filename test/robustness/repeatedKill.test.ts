/**
 * One cohort, killed with SIGKILL again and again at random moments (during start-up, between scans, right after a
 * scan was written), rerun each time, then run to the end: every input has exactly one row with the status of a
 * clean reference run, every done scan exactly n_slices slice rows (none duplicated, none missing), and the
 * numbers equal the reference's. The invariants are also checked after every kill, on the half-finished database.
 *
 * The moments come from a seeded generator; the seed is printed, and LUNGFLOW_KILL_SEED=<seed> replays a run.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, settle, startCli, waitForLines } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { writePhantomScans } from './corpus.js';
import { dbRows } from './db.js';
import { mulberry32 } from '../../src/phantom/random.js';

const N_GOOD = 12;
const BAD = ['truncated.nii.gz', 'notes.nii'];
const N_INPUTS = N_GOOD + BAD.length;

/** Seedable moments; small seeds spread apart. */
const random = (seed: number): (() => number) => mulberry32(Math.imul(seed, 0x9e3779b1));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Moment = { readonly after: 'start'; readonly delayMs: number } | { readonly after: 'done-lines'; readonly lines: number; readonly delayMs: number };

function describeMoment(m: Moment): string {
  return m.after === 'start' ? `${m.delayMs} ms after start` : `${m.delayMs} ms after done line ${m.lines}`;
}

interface ScanRow {
  path: string;
  status: string;
  error_code: string | null;
  n_slices: number | null;
  lung_volume_ml: number | null;
  vessel_volume_ml: number | null;
  left_volume_ml: number | null;
  right_volume_ml: number | null;
}

const SCANS_SQL = `SELECT path, status, error_code, n_slices, lung_volume_ml, vessel_volume_ml, left_volume_ml, right_volume_ml
  FROM scans ORDER BY path`;
const SLICES_SQL = `SELECT s.path, l.* EXCLUDE (scan_id) FROM slices l JOIN scans s USING (scan_id) ORDER BY s.path, l.slice_index`;

/** What must hold at any moment, killed or not: one row per path, done scans complete, no stray slice rows. */
async function checkInvariants(db: string, inputs: readonly string[], when: string): Promise<ScanRow[]> {
  const scans = await dbRows<ScanRow>(db, SCANS_SQL);
  const paths = scans.map((s) => s.path);
  expect(new Set(paths).size, `${when}: duplicate scan rows`).toBe(paths.length);
  for (const p of paths) expect(inputs, `${when}: a row for an unknown path`).toContain(p);
  const [dup] = await dbRows<{ n: number }>(db, 'SELECT count(*) AS n FROM (SELECT scan_id, slice_index FROM slices GROUP BY ALL HAVING count(*) > 1)');
  expect(dup.n, `${when}: duplicated (scan_id, slice_index)`).toBe(0);
  const perScan = await dbRows<{ status: string; n_slices: number | null; rows: number; lo: number | null; hi: number | null; orphan: boolean }>(
    db,
    `SELECT s.status, s.n_slices, count(l.slice_index) AS rows, min(l.slice_index) AS lo, max(l.slice_index) AS hi, false AS orphan
       FROM scans s LEFT JOIN slices l USING (scan_id) GROUP BY s.scan_id, s.status, s.n_slices
     UNION ALL
     SELECT NULL, NULL, count(*), NULL, NULL, true FROM slices WHERE scan_id NOT IN (SELECT scan_id FROM scans) HAVING count(*) > 0`,
  );
  for (const s of perScan) {
    expect(s.orphan, `${when}: slice rows without a scan row`).toBe(false);
    if (s.status === 'done') expect([s.rows, s.lo, s.hi], `${when}: a done scan's slices`).toEqual([s.n_slices, 0, s.n_slices! - 1]);
    else expect(s.rows, `${when}: slices of a failed scan`).toBe(0);
  }
  return scans;
}

describe('SIGKILL at random moments, rerun each time', () => {
  const dir = tempDir('repeated-kill');
  const cohort = path.join(dir, 'cohort');
  const reference = path.join(dir, 'reference.duckdb');
  const db = path.join(dir, 'killed.duckdb');
  let inputs: string[];

  beforeAll(async () => {
    mkdirSync(cohort);
    const good = writePhantomScans(cohort, N_GOOD, 800);
    copyFileSync(good[0], path.join(cohort, BAD[0]));
    const bytes = (await import('node:fs')).readFileSync(good[0]);
    writeFileSync(path.join(cohort, BAD[0]), bytes.subarray(0, Math.floor(bytes.length / 3)));
    writeFileSync(path.join(cohort, BAD[1]), 'not an image\n'.repeat(50));
    inputs = [...good, ...BAD.map((b) => path.join(cohort, b))].sort();
    const r = await runCli(['run', cohort, '--db', reference, '--workers', '2', '--quiet']);
    expect(r.code, r.stderr).toBe(1);
  });

  it('ends with every scan exactly once, complete, and equal to an uninterrupted run', async () => {
    const seed = Number(process.env.LUNGFLOW_KILL_SEED ?? Date.now() % 1_000_000);
    const rnd = random(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    // Start-up on a fresh database (creating the file and schema, the ledger, the run row), mid-cohort, and right on
    // the heels of a write.
    const moments: Moment[] = [
      { after: 'start', delayMs: int(0, 1500) },
      { after: 'done-lines', lines: int(1, 3), delayMs: int(0, 150) },
      { after: 'done-lines', lines: int(1, 3), delayMs: int(0, 150) },
      { after: 'done-lines', lines: 1, delayMs: int(0, 20) },
    ];
    const log: string[] = [`LUNGFLOW_KILL_SEED=${seed}`];
    let killedMidRun = 0;

    for (const [i, moment] of moments.entries()) {
      // Slowed (25 ms a slice) so that a kill lands inside the run rather than after it; the numbers do not change.
      const child = startCli(['run', cohort, '--db', db, '--workers', '2'], { env: { LUNGFLOW_TEST_FAULT: 'slow:.nii' } });
      const finished = settle(child);
      if (moment.after === 'done-lines') await waitForLines(child, /^\[lungflow\] done /, moment.lines);
      await sleep(moment.delayMs);
      const stillRunning = child.exitCode === null && child.signalCode === null;
      child.kill('SIGKILL');
      const r = await finished;
      if (stillRunning) {
        expect(r.signal).toBe('SIGKILL');
        killedMidRun++;
      }
      const scans = await checkInvariants(db, inputs, `after kill ${i + 1} (${describeMoment(moment)})`).catch((error: unknown) => {
        // Killed during start-up on a fresh database: no file yet, or the schema not yet created, is legitimate.
        if (i === 0 && /no results database|Table with name scans does not exist/.test(String(error))) return [];
        throw error;
      });
      log.push(`kill ${i + 1} ${describeMoment(moment)}: ${stillRunning ? 'killed' : 'had already exited'}, ${scans.length} rows`);
    }
    console.log(log.join('\n'));
    expect(killedMidRun, log.join('\n')).toBeGreaterThanOrEqual(3);

    const final = await runCli(['run', cohort, '--db', db, '--workers', '2', '--quiet']);
    expect(final.code, final.stderr).toBe(1);
    const scans = await checkInvariants(db, inputs, 'after the final run');
    expect(scans.map((s) => s.path)).toEqual(inputs);
    expect(scans).toEqual(await dbRows(reference, SCANS_SQL));
    expect(scans.filter((s) => s.status === 'done')).toHaveLength(N_GOOD);
    expect(scans.filter((s) => s.status === 'failed').map((s) => [path.basename(s.path), s.error_code])).toEqual([
      ['notes.nii', 'not-nifti'],
      ['truncated.nii.gz', 'truncated'],
    ]);
    const [{ n }] = await dbRows<{ n: number }>(db, 'SELECT count(*) AS n FROM slices');
    expect(n).toBe(N_GOOD * 40);
    expect(await dbRows(db, SLICES_SQL)).toEqual(await dbRows(reference, SLICES_SQL));
  });
});
