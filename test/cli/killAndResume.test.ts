import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryJson, runCli, settle, startCli, waitForLines } from '../helpers/cli.js';
import { copySeedSlices, tempDir } from '../helpers/cohortFixtures.js';
import { needSharedData } from '../helpers/sharedData.js';

const ALL = Array.from({ length: 21 }, (_, i) => i + 1);
const RESULTS_SQL = `SELECT s.path, s.status, s.n_slices, s.lung_volume_ml, s.vessel_volume_ml, count(l.slice_index) AS slice_rows
  FROM scans s LEFT JOIN slices l USING (scan_id) GROUP BY ALL ORDER BY s.path`;

const seedSlices = needSharedData('a run killed with SIGKILL and rerun', 'seed-slices');

describe.skipIf(seedSlices.skip)(seedSlices.title, () => {
  it('ends with every scan exactly once and complete, and a third run recomputes nothing', async () => {
    const dir = tempDir('kill');
    copySeedSlices(dir, [...ALL, ...ALL], 'k');
    const reference = path.join(dir, 'reference.duckdb');
    expect((await runCli(['run', dir, '--db', reference, '--preset', 'seed'])).code).toBe(0);

    const db = path.join(dir, 'killed.duckdb');
    // Slowed (25 ms a scan) so that the kill, after the first commits, comes while scans are still being made:
    // finished scans are committed together at most once a second.
    const child = startCli(['run', dir, '--db', db, '--preset', 'seed', '--workers', '1', '--max-scans', '1'], {
      env: { LUNGFLOW_TEST_FAULT: 'slow:slice' },
    });
    const finished = settle(child);
    await waitForLines(child, /^\[lungflow\] done /, 9);
    child.kill('SIGKILL');
    const killed = await finished;
    expect(killed.signal).toBe('SIGKILL');

    const partial = await queryJson<{ n: number }>(db, 'SELECT count(*) AS n FROM scans');
    expect(partial[0].n).toBeGreaterThanOrEqual(9);
    expect(partial[0].n).toBeLessThan(42);

    expect((await runCli(['run', dir, '--db', db, '--preset', 'seed'])).code).toBe(0);
    const rows = await queryJson<{ path: string; n_slices: number; slice_rows: number }>(db, RESULTS_SQL);
    expect(rows).toHaveLength(42);
    for (const r of rows) expect(r.slice_rows).toBe(r.n_slices);
    expect(rows).toEqual(await queryJson(reference, RESULTS_SQL));

    expect((await runCli(['run', dir, '--db', db, '--preset', 'seed'])).code).toBe(0);
    const last = await queryJson<{ n_done: number; n_skipped: number }>(db, 'SELECT n_done, n_skipped FROM runs ORDER BY started_at DESC LIMIT 1');
    expect(last[0]).toEqual({ n_done: 0, n_skipped: 42 });
    const statuses = await queryJson<{ status: string }>(db, 'SELECT status FROM runs ORDER BY started_at');
    expect(statuses.map((r) => r.status)).toEqual(['aborted', 'finished', 'finished']);
  });
});
