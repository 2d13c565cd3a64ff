/**
 * A worker that throws, exits or runs out of heap (LUNGFLOW_TEST_FAULT, src/testFault.ts) fails the scan it was
 * working on, and only that scan; the pool replaces the worker, so the rest of the cohort completes.
 *
 * With one worker and one scan at a time the proof of replacement is direct: the two faulty scans each take the
 * only worker down, yet every scan after the first fault still runs.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { writePhantomScans } from './corpus.js';
import { dbRows } from './db.js';

interface Row {
  name: string;
  status: string;
  error_code: string | null;
  error: string | null;
  n_slices: number | null;
  lung_volume_ml: number | null;
  slice_rows: number;
}

const ROWS_SQL = `SELECT regexp_extract(s.path, '[^/]+$') AS name, s.status, s.error_code, s.error, s.n_slices, s.lung_volume_ml,
  (SELECT count(*) FROM slices l WHERE l.scan_id = s.scan_id) AS slice_rows FROM scans s ORDER BY name`;

const FAULTS = [
  { kind: 'throw', code: 'processing-error', error: 'injected test fault (slice 0)' },
  { kind: 'exit', code: 'worker-crashed', error: 'a worker thread died (slice 0): worker exited with code: 70; the worker was replaced' },
  {
    kind: 'oom', code: 'worker-out-of-memory',
    error: 'a worker ran out of memory (slice 0), over its heap limit (--worker-heap-mb); the worker was replaced',
  },
] as const;

describe('worker faults fail their scan only, and the pool replaces the worker', () => {
  const dir = tempDir('faults');
  const cohort = path.join(dir, 'cohort');
  let reference: Map<string, Row>;

  beforeAll(async () => {
    mkdirSync(cohort);
    writePhantomScans(cohort, 4, 300, 'good-');
    writePhantomScans(cohort, 2, 400, 'faulty-');
    const db = path.join(dir, 'reference.duckdb');
    const r = await runCli(['run', cohort, '--db', db, '--workers', '2', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    reference = new Map((await dbRows<Row>(db, ROWS_SQL)).map((x) => [x.name, x]));
  });

  for (const fault of FAULTS) {
    it(`a worker that ${fault.kind === 'throw' ? 'throws' : fault.kind === 'exit' ? 'calls process.exit' : 'exceeds its heap limit'}`, async () => {
      const db = path.join(dir, `${fault.kind}.duckdb`);
      const r = await runCli(['run', cohort, '--db', db, '--workers', '1', '--max-scans', '1', '--worker-heap-mb', '64'], {
        env: { LUNGFLOW_TEST_FAULT: `${fault.kind}:faulty-` },
      });
      expect(r.code, r.stderr).toBe(1);
      const rows = await dbRows<Row>(db, ROWS_SQL);
      expect(rows.map((x) => x.name)).toEqual([...reference.keys()]);
      for (const row of rows) {
        if (row.name.startsWith('faulty-')) {
          expect(row).toMatchObject({ status: 'failed', error_code: fault.code, error: fault.error, slice_rows: 0 });
        } else {
          // Every other scan is done, with exactly the reference result.
          expect(row).toEqual(reference.get(row.name));
        }
      }
      // The log shows at least one scan finishing after the first fault: the dead worker was replaced.
      const order = r.stderr.split('\n').filter((l) => /^\[lungflow\] (done|failed) /.test(l));
      expect(order).toHaveLength(6);
      const firstFault = order.findIndex((l) => l.startsWith('[lungflow] failed'));
      expect(firstFault).toBeGreaterThanOrEqual(0);
      expect(firstFault).toBeLessThan(order.length - 1);
      const [run] = await dbRows<{ status: string; n_done: number; n_failed: number }>(db, 'SELECT status, n_done, n_failed FROM runs');
      expect(run).toEqual({ status: 'finished', n_done: 4, n_failed: 2 });
    });
  }

  it('with two workers, a crash does not disturb the scan running beside it', async () => {
    const db = path.join(dir, 'exit-2.duckdb');
    const r = await runCli(['run', cohort, '--db', db, '--workers', '2', '--max-scans', '2'], {
      env: { LUNGFLOW_TEST_FAULT: 'exit:faulty-' },
    });
    expect(r.code, r.stderr).toBe(1);
    const rows = await dbRows<Row>(db, ROWS_SQL);
    expect(rows.filter((x) => x.status === 'failed').map((x) => [x.name, x.error_code])).toEqual([
      ['faulty-01.nii.gz', 'worker-crashed'],
      ['faulty-02.nii.gz', 'worker-crashed'],
    ]);
    for (const row of rows.filter((x) => x.status === 'done')) expect(row).toEqual(reference.get(row.name));
  });
});
