/**
 * A full disk under --db or --masks, on a real small filesystem (a 5 MB tmpfs the test mounts as root): the run
 * stops with exit 75, every committed scan is whole (its slices all there, its masks complete), nothing finished is
 * lost, and the rerun after space is freed completes the cohort. The disk is filled while the run is under way,
 * after its first committed scan, so the test does not depend on how large DuckDB's files are.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhantomCohort } from '../../src/phantom/index.js';
import { queryJson, runCli, settle, startCli, waitForLines } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';

const dir = tempDir('diskfull');
const mnt = path.join(dir, 'small-disk');
const cohort = path.join(dir, 'cohort');
let why: string | null = null;

beforeAll(async () => {
  mkdirSync(mnt);
  if (process.getuid?.() !== 0) why = 'not root: cannot mount a small tmpfs';
  else {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=5m', 'tmpfs', mnt], { encoding: 'utf8' });
    if (r.status !== 0) why = `mount -t tmpfs failed: ${r.stderr.trim()}`;
  }
  if (why) console.warn(`skipped: the disk-full tests: ${why}`);
  await writePhantomCohort(cohort, { count: 6, baseSeed: 9701, shape: [96, 96, 40], spacingMm: [3, 3, 6] });
}, 60_000);

afterAll(() => {
  if (!why) spawnSync('umount', [mnt]);
});

/** Writes zeros until the filesystem is full. */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

async function runUntilFull(args: string[], filler: string) {
  const child = startCli(['run', cohort, ...args, '--workers', '2'], { env: { LUNGFLOW_TEST_FAULT: 'slow:phantom' } });
  const result = settle(child);
  await waitForLines(child, /^\[lungflow\] done /, 1);
  fillUp(filler);
  return result;
}

const COMPLETE = `SELECT count(*)::INTEGER AS n FROM scans s WHERE status = 'done'
  AND n_slices = (SELECT count(*) FROM slices l WHERE l.scan_id = s.scan_id)`;

describe('disk full', () => {
  it('on --db: exit 75, committed scans kept whole, the rerun after space is freed completes', { timeout: 240_000 }, async (ctx) => {
    if (why) ctx.skip();
    const db = path.join(mnt, 'r.duckdb');
    const filler = path.join(mnt, 'filler');
    const r = await runUntilFull(['--db', db], filler);
    expect(r.code, r.stderr).toBe(75);
    expect(r.stderr).toMatch(/No space left on device.*exit 75/);
    rmSync(filler);
    const kept = await queryJson<{ n: number }>(db, 'SELECT count(*)::INTEGER AS n FROM scans');
    expect(kept[0].n).toBeGreaterThanOrEqual(1);
    expect(await queryJson(db, COMPLETE)).toEqual(kept);

    const again = await runCli(['run', cohort, '--db', db, '-q']);
    expect(again.code, again.stderr).toBe(0);
    expect(await queryJson(db, COMPLETE)).toEqual([{ n: 6 }]);
    rmSync(db);
    rmSync(`${db}.wal`, { force: true });
  });

  it('on --masks: exit 75, no scan recorded failed, every mask of a committed scan complete; the rerun completes', { timeout: 240_000 }, async (ctx) => {
    if (why) ctx.skip();
    const db = path.join(dir, 'masks.duckdb');
    const masks = path.join(mnt, 'masks');
    const filler = path.join(mnt, 'filler');
    const r = await runUntilFull(['--db', db, '--masks', masks], filler);
    expect(r.code, r.stderr).toBe(75);
    rmSync(filler);
    const rows = await queryJson<{ status: string; lung_mask_path: string; vessel_mask_path: string }>(db, 'SELECT status, lung_mask_path, vessel_mask_path FROM scans');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const row of rows) {
      expect(row.status).toBe('done');
      for (const file of [row.lung_mask_path, row.vessel_mask_path]) expect(gunzipSync(readFileSync(file)).length).toBeGreaterThan(352);
    }
    // Every file under a mask's name is complete: a mask is written aside (*.tmp) and renamed once whole. (A worker
    // stopped mid-write when the run ends can leave its *.tmp behind; the rerun writes that scan's masks anew.)
    for (const f of readdirSync(masks).filter((f) => !f.endsWith('.tmp'))) {
      expect(f).toMatch(/_(lung|vessels|regions)\.nii\.gz$/);
      expect(() => gunzipSync(readFileSync(path.join(masks, f))), f).not.toThrow();
    }

    const again = await runCli(['run', cohort, '--db', db, '--masks', masks, '-q']);
    expect(again.code, again.stderr).toBe(0);
    const all = await queryJson<{ lung_mask_path: string }>(db, "SELECT lung_mask_path FROM scans WHERE status = 'done'");
    expect(all.length).toBe(6);
    for (const row of all) expect(existsSync(row.lung_mask_path)).toBe(true);
  });
});
