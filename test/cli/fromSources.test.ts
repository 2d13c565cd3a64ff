/**
 * bin/lungflow.js runs the TypeScript sources through tsx when there is no build or the build is older than the
 * sources (a checkout after `git pull`). `npm test` exercises the build, so this runs the sources once, started from
 * a folder outside the checkout as a user would: the workers named tsx by a bare `--import tsx`, which Node resolved
 * from the working directory, and the run exited 13 with nothing printed.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePhantomCohort } from '../../src/phantom/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { dbRows } from '../robustness/db.js';

describe('the CLI from its TypeScript sources', () => {
  it('runs a cohort with worker threads loaded through tsx, started outside the checkout', async () => {
    const dir = tempDir('from-sources');
    await writePhantomCohort(path.join(dir, 'scans'), { count: 2, baseSeed: 9401, shape: [64, 64, 24], spacingMm: [1.4, 1.4, 3] });
    const db = path.join(dir, 'r.duckdb');
    const r = await runCli(['run', path.join(dir, 'scans'), '--db', db, '--workers', '2'], { env: { LUNGFLOW_FROM_SOURCE: '1' }, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2 done, 0 failed/);
    expect(await dbRows(db, "SELECT count(*)::INT AS n FROM scans WHERE status = 'done'")).toEqual([{ n: 2 }]);
  });
});
