/**
 * Memory stays flat in the cohort size: the runner decodes a bounded number of scans and keeps a bounded number
 * of slices in the pool, so 20 scans peak at (about) the RSS of 2.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePhantomCohort } from '../../src/phantom/index.js';
import { runCliMeasured } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';

const MB = 1024 * 1024;

describe('peak memory does not grow with the cohort', () => {
  it('peak RSS for 20 scans is within 10 % of that for 2 scans', async () => {
    const dir = tempDir('memory');
    const sources = path.join(dir, 'sources');
    await writePhantomCohort(sources, { count: 2, baseSeed: 9301, shape: [256, 256, 100], spacingMm: [1.4, 1.4, 3] });
    const cohort = (n: number): string => {
      const d = path.join(dir, `cohort-${n}`);
      mkdirSync(d);
      for (let i = 0; i < n; i++) {
        copyFileSync(path.join(sources, `phantom-000${(i % 2) + 1}.nii.gz`), path.join(d, `scan-${String(i).padStart(2, '0')}.nii.gz`));
      }
      return d;
    };
    const run = (n: number) =>
      runCliMeasured(['run', cohort(n), '--db', path.join(dir, `${n}.duckdb`), '--workers', '2', '--max-scans', '2', '--quiet'], path.join(dir, `${n}.rss`));
    const two = await run(2);
    const twenty = await run(20);
    expect(two.code, two.stderr).toBe(0);
    expect(twenty.code, twenty.stderr).toBe(0);
    const ratio = twenty.peakRssBytes / two.peakRssBytes;
    console.log(`peak RSS: 2 scans ${(two.peakRssBytes / MB).toFixed(0)} MB, 20 scans ${(twenty.peakRssBytes / MB).toFixed(0)} MB (ratio ${ratio.toFixed(3)})`);
    expect(ratio).toBeLessThan(1.1);
  });
});
