/** Many machines: `--shard K/N` splits a cohort without coordination, `merge` joins the shards' databases. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inShard, parseShard } from '../../src/pipeline/shard.js';
import { queryJson, runCli } from '../helpers/cli.js';
import { copySeedSlices, tempDir, writeBadFiles } from '../helpers/cohortFixtures.js';
import { needSharedData } from '../helpers/sharedData.js';

const SLICES = 'SELECT s.path, l.* EXCLUDE (scan_id) FROM slices l JOIN scans s USING (scan_id) ORDER BY s.path, l.slice_index';
const SCANS = 'SELECT path, status, error, lung_volume_ml, left_volume_ml, vessel_volume_ml, flags, config_hash, laa950_pct, perc15_hu FROM scans ORDER BY path';
const REGIONS = 'SELECT s.path, r.* EXCLUDE (scan_id) FROM regions r JOIN scans s USING (scan_id) ORDER BY s.path, r.region';
const HISTOGRAMS = `SELECT s.path, h.region, count(*)::INTEGER AS bins, sum(h.voxel_count)::DOUBLE AS voxels, sum(h.hu_bin * h.voxel_count)::DOUBLE AS hu
  FROM hu_histograms h JOIN scans s USING (scan_id) GROUP BY ALL ORDER BY ALL`;

describe('shards', () => {
  it('parse K/N and put every path in exactly one of N shards', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0']) expect(() => parseShard(bad), bad).toThrow(/K\/N/);
    const counts = [0, 0, 0];
    for (let i = 0; i < 300; i++) {
      const p = `/cohort/sub-${i}/ct.nii.gz`;
      const owners = [1, 2, 3].filter((k) => inShard(p, { index: k, count: 3 }));
      expect(owners).toHaveLength(1);
      counts[owners[0] - 1]++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(60);
  });
});

const shards = needSharedData('run --shard on two "machines", then merge', 'seed-slices');

describe.skipIf(shards.skip)(shards.title, () => {
  it('gives the same rows as one run over the whole cohort, and merging again changes nothing', async () => {
    const dir = tempDir('shard');
    copySeedSlices(dir, [1, 2, 3, 4, 5, 6, 7, 8]);
    writeBadFiles(dir);
    const whole = path.join(dir, 'whole.duckdb');
    const parts = [1, 2].map((k) => path.join(dir, `part-${k}.duckdb`));
    expect((await runCli(['run', dir, '--db', whole, '-q'])).code).toBe(1);
    for (const [i, part] of parts.entries()) {
      const r = await runCli(['run', dir, '--db', part, '--shard', `${i + 1}/2`, '-q']);
      expect([0, 1]).toContain(r.code);
    }
    const partRows = await Promise.all(parts.map((p) => queryJson<{ path: string }>(p, 'SELECT path FROM scans')));
    expect(partRows[0].length).toBeGreaterThan(0);
    expect(partRows[1].length).toBeGreaterThan(0);
    expect(partRows[0].length + partRows[1].length).toBe(11);
    expect(new Set([...partRows[0], ...partRows[1]].map((r) => r.path)).size).toBe(11);

    const merged = path.join(dir, 'merged.duckdb');
    const m = await runCli(['merge', '--db', merged, ...parts]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).toMatch(/part-1\.duckdb: \d+ scans taken, 0 already as new or newer/);
    expect(await queryJson(merged, SLICES)).toEqual(await queryJson(whole, SLICES));
    expect(await queryJson(merged, SCANS)).toEqual(await queryJson(whole, SCANS));
    const regions = await queryJson(whole, REGIONS);
    expect(regions.length).toBeGreaterThan(0);
    expect(await queryJson(merged, REGIONS)).toEqual(regions);
    expect(await queryJson(merged, HISTOGRAMS)).toEqual(await queryJson(whole, HISTOGRAMS));
    expect((await queryJson<{ n: number }>(merged, 'SELECT count(*)::INTEGER AS n FROM runs'))[0].n).toBe(2);

    const again = await runCli(['merge', '--db', merged, ...parts]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/0 scans taken, \d+ already as new or newer in .*, 0 runs added/);
    expect(await queryJson(merged, SLICES)).toEqual(await queryJson(whole, SLICES));

    // A newer result for a path replaces the older one; an older one does not.
    await runCli(['run', dir, '--db', parts[0], '--shard', '1/2', '--force', '-q', '--preset', 'seed']);
    await runCli(['merge', '--db', merged, parts[0]]);
    const presets = await queryJson<{ preset: string; n: number }>(merged, 'SELECT preset, count(*)::INTEGER AS n FROM scans GROUP BY preset ORDER BY preset');
    expect(presets).toEqual([
      { preset: 'default', n: partRows[1].length },
      { preset: 'seed', n: partRows[0].length },
    ]);
    const dup = await queryJson<{ n: number }>(merged, 'SELECT count(*)::INTEGER AS n FROM (SELECT scan_id, slice_index FROM slices GROUP BY ALL HAVING count(*) > 1)');
    expect(dup[0].n).toBe(0);
    expect((await queryJson<{ n: number }>(merged, 'SELECT count(*)::INTEGER AS n FROM slices l ANTI JOIN scans s USING (scan_id)'))[0].n).toBe(0);
  });
});

describe('merge refuses bad sources', () => {
  it('refuses a source that is not a lungflow database, and merging a file into itself', async () => {
    const dir = tempDir('merge-bad');
    const r = await runCli(['merge', '--db', path.join(dir, 'm.duckdb'), path.join(dir, 'missing.duckdb')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lungflow: cannot open database .*missing\.duckdb/m);
    const self = await runCli(['merge', '--db', path.join(dir, 'm.duckdb'), path.join(dir, 'm.duckdb')]);
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/also a source/);
  });
});
