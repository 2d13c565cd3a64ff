/**
 * Contention and interruption through the real CLI: a second run on a database that a running run holds fails at
 * once (exit 2, one line); SIGINT stops a run with exit 130, keeping finished scans complete and marking the run
 * 'interrupted'; an unwritable --masks folder is refused before anything runs.
 *
 * LUNGFLOW_TEST_FAULT=slow:scan- delays every slice by 25 ms, so the first run is reliably still busy when the
 * second one starts and when SIGINT arrives.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, settle, startCli, waitForLines, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { writePhantomScans } from './corpus.js';
import { dbRows } from './db.js';

const N_SCANS = 24;
const SLOW = { LUNGFLOW_TEST_FAULT: 'slow:scan-' };

interface ScanCheck {
  path: string;
  status: string;
  n_slices: number;
  slice_rows: number;
  distinct_slices: number;
}

const SCAN_CHECK_SQL = `SELECT s.path, s.status, s.n_slices, count(l.slice_index) AS slice_rows,
  count(DISTINCT l.slice_index) AS distinct_slices FROM scans s LEFT JOIN slices l USING (scan_id) GROUP BY ALL ORDER BY s.path`;

describe('two runs on one database, and Ctrl-C', () => {
  const dir = tempDir('contention');
  const cohort = path.join(dir, 'cohort');
  const db = path.join(dir, 'results.duckdb');
  let inputs: string[];
  let first: ReturnType<typeof startCli>;
  let firstDone: Promise<CliResult>;

  beforeAll(() => {
    mkdirSync(cohort);
    // Four distinct scans, copied: a long cohort that is quick to make (about 12 s of slowed work on 2 workers).
    const distinct = writePhantomScans(dir, 4, 600, 'source-');
    inputs = Array.from({ length: N_SCANS }, (_, i) => {
      const target = path.join(cohort, `scan-${String(i + 1).padStart(2, '0')}.nii.gz`);
      copyFileSync(distinct[i % distinct.length], target);
      return target;
    });
  });

  it('a second run on a database in use fails at once with one clear line and exit 75 (may pass: a scheduler retries)', async () => {
    first = startCli(['run', cohort, '--db', db, '--workers', '2'], { env: SLOW });
    firstDone = settle(first);
    await waitForLines(first, /^\[lungflow\] done /, 1);
    expect(first.exitCode, 'the first run must still be running').toBeNull();

    const t0 = Date.now();
    const second = await runCli(['run', cohort, '--db', db, '--workers', '1']);
    const elapsedMs = Date.now() - t0;
    expect(second.code).toBe(75);
    expect(second.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^lungflow: database ${escape(db)} is in use by another process \\(PID ${first.pid}\\), probably another lungflow run; wait for it to finish or use another --db$`),
      ),
    ]);
    // "At once": it did not wait for the lock; the first run is still busy.
    expect(first.exitCode, `the second run took ${elapsedMs} ms`).toBeNull();
  });

  it('SIGINT ends the run with exit 130, keeps every finished scan complete and marks the run interrupted', async () => {
    first.kill('SIGINT');
    const r = await firstDone;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/\[lungflow\] interrupted: taking no new scans, keeping finished ones/);
    expect(r.stderr).toMatch(/, INTERRUPTED → /);

    const logged = r.stderr.split('\n').filter((l) => l.startsWith('[lungflow] done ')).map((l) => l.split(' ')[2]);
    const rows = await dbRows<ScanCheck>(db, SCAN_CHECK_SQL);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.length).toBeLessThan(N_SCANS);
    // Exactly the scans the log reported done, each with all its slices and nothing else.
    expect(rows.map((x) => x.path).sort()).toEqual(logged.sort());
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'done', n_slices: 40, slice_rows: 40, distinct_slices: 40 });
    }
    const runs = await dbRows<{ status: string; n_done: number }>(db, 'SELECT status, n_done FROM runs');
    expect(runs).toEqual([{ status: 'interrupted', n_done: rows.length }]);
  });

  it('a rerun after the interruption completes the cohort, reusing what was finished', async () => {
    const before = await dbRows<ScanCheck>(db, SCAN_CHECK_SQL);
    const r = await runCli(['run', cohort, '--db', db, '--workers', '2', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const rows = await dbRows<ScanCheck>(db, SCAN_CHECK_SQL);
    expect(rows.map((x) => x.path)).toEqual([...inputs].sort());
    for (const row of rows) expect(row).toMatchObject({ status: 'done', slice_rows: 40, distinct_slices: 40 });
    const [last] = await dbRows<{ n_done: number; n_skipped: number }>(db, 'SELECT n_done, n_skipped FROM runs ORDER BY started_at DESC LIMIT 1');
    expect(last).toEqual({ n_done: N_SCANS - before.length, n_skipped: before.length });
  });
});

describe('an unwritable --masks folder is reported before the run starts', () => {
  const dir = tempDir('masks');
  const cohort = path.join(dir, 'cohort');
  // A regular file where a folder should be: unwritable even for root, unlike a chmod-ed folder.
  const blocker = path.join(dir, 'not-a-folder');

  beforeAll(() => {
    mkdirSync(cohort);
    writePhantomScans(cohort, 1, 700);
    writeFileSync(blocker, 'a file, not a folder\n');
  });

  for (const [what, masks] of [
    ['a file in place of the folder', blocker],
    ['a folder below a file', path.join(blocker, 'masks', 'deeper')],
  ] as const) {
    it(`${what}: exit 2, one line naming the file, no database written`, async () => {
      const db = path.join(dir, `${path.basename(masks)}.duckdb`);
      const r = await runCli(['run', cohort, '--db', db, '--masks', masks]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`lungflow: --masks folder ${masks} is not writable: ${blocker} is a file, not a folder`]);
      expect(existsSync(db), 'no database (so no scans rows) for a run that never started').toBe(false);
    });
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
