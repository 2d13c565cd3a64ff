/**
 * The truth JSON of `lungflow phantom` carries the exact per-region truth (`regions`): equal to what
 * src/phantom/regionTruth.ts and src/phantom/vesselSizeTruth.ts compute from the truth labels and the stored HU, and
 * what `lungflow run` measures on that phantom lies within the README's stated tolerances of it. Seed 7301 (with
 * emphysema), 1 × 1 × 1.2 mm so that BV5 and BV10 are measured; never used to choose anything.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatePhantomWithLabels, parseOrientation, toCanonical, type PhantomOptions, type PhantomTruth } from '../../src/phantom/index.js';
import { regionTruth } from '../../src/phantom/regionTruth.js';
import { vesselSizeTruth } from '../../src/phantom/vesselSizeTruth.js';
import { REGIONS, SIDES } from '../../src/biomarkers/zones.js';
import { queryJson, runCli } from '../helpers/cli.js';
import { vesselSizeOnLabels } from '../helpers/vesselSizeOnLabels.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lungflow-regiontruth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const OPTS: PhantomOptions = { shape: [256, 256, 200], spacingMm: [1, 1, 1.2], seed: 7301, emphysema: 4 };

interface RegionRow {
  region: string; volume_ml: number; mean_hu: number; perc15_hu: number; laa950_pct: number;
  vessel_volume_ml: number; bv5_ml: number | null; bv10_ml: number | null;
}

describe('the phantom truth JSON: per-region truth', async () => {
  const out = path.join(dir, 'scans');
  const made = await runCli(['phantom', out, '-n', '1', '--shape', OPTS.shape.join(','), '--spacing', OPTS.spacingMm.join(','),
    '--seed', String(OPTS.seed), '--emphysema', String(OPTS.emphysema)]);
  if (made.code !== 0) throw new Error(made.stderr);
  const json = JSON.parse(readFileSync(path.join(out, 'phantom-0001.truth.json'), 'utf8')) as PhantomTruth;
  const g = generatePhantomWithLabels(OPTS);
  const n = g.labels.length;
  const o = parseOrientation('LPS');
  const labels = toCanonical(g.labels, o, OPTS.shape, new Uint8Array(n));

  it('equals regionTruth and vesselSizeTruth on the truth labels and stored HU, region by region', () => {
    const hu = toCanonical(g.spec.data, o, OPTS.shape, new Float64Array(n)).map((v) => v * (g.spec.sclSlope ?? 1) + (g.spec.sclInter ?? 0));
    const truth = regionTruth(labels, hu, OPTS.shape, OPTS.spacingMm);
    const size = vesselSizeTruth(OPTS, labels);
    expect(size.unexplained).toBe(0);
    expect(json.regions.map((r) => r.region)).toEqual(REGIONS);
    for (const t of truth) {
      const j = json.regions.find((r) => r.region === t.region)!;
      const { meanHu, ...exact } = t;
      expect(j, t.region).toMatchObject(exact);
      expect(j.meanHu!, t.region).toBeCloseTo(meanHu!, 9);
      const zones = Object.entries(size.zones).filter(([z]) => t.region === 'lung' || z === t.region || z.startsWith(`${t.region}_`)).map(([, v]) => v);
      expect(j.vesselVoxels, t.region).toBe(zones.reduce((a, z) => a + z.vessel, 0));
      expect(j.bv5Voxels, t.region).toBe(zones.reduce((a, z) => a + z.under5, 0));
      expect(j.bv10Voxels, t.region).toBe(zones.reduce((a, z) => a + z.under10, 0));
    }
    // What the generator returns is what the file holds; the keys written before are all still there.
    expect(json.regions).toEqual(JSON.parse(JSON.stringify(g.truth.regions)));
    expect(json.volumesMl.lung.total).toBeCloseTo(json.regions[0].volumeMl, 9);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['format', 'voxels', 'volumesMl', 'slices', 'emphysema', 'regionDefinitions']));
  });

  it('lungflow run measures it within the stated tolerances', async () => {
    const db = path.join(dir, 'x.duckdb');
    const run = await runCli(['run', '--manifest', path.join(out, 'cohort.csv'), '--db', db]);
    expect(run.code, run.stderr).toBe(0);
    const rows = await queryJson<RegionRow>(db, 'SELECT * FROM regions');
    // 1 x 1 x 1.2 mm is measured, and said to be coarser than the grids vessel size was shown accurate on.
    const [scan] = await queryJson<{ flags: string[] }>(db, 'SELECT flags FROM scans');
    expect(scan.flags.filter((f) => f.startsWith('vessel-size'))).toEqual([expect.stringMatching(/^vessel-size-coarse: voxels of 1\.00 x 1\.00 x 1\.20 mm/)]);
    // BV5 and BV10 against the local thickness on the truth vessel mask: at this grid the estimate itself reads BV5
    // about 10 % low (README, "BV5 and BV10 on fresh phantoms"); test/biomarkers/phantomVesselSize.test.ts holds
    // them against the truth.
    const onTruthMask = vesselSizeOnLabels(labels, OPTS.shape, OPTS.spacingMm);
    const voxelMl = OPTS.spacingMm.reduce((a, v) => a * v, 1) / 1000;
    for (const t of json.regions) {
      const m = rows.find((r) => r.region === t.region)!;
      const ctx = `${t.region}: measured ${JSON.stringify(m)} truth ${JSON.stringify(t)}`;
      expect(Math.abs(m.volume_ml / t.volumeMl - 1), ctx).toBeLessThanOrEqual(0.02);
      // Zones 0.7 points: in the left middle zone (-0.63) a sliver of posterior lung, cut off in-plane by a vessel
      // and filled by an emphysema sphere (HU -1000 … -951), reads as gas (median below -960) and is left out.
      expect(Math.abs(m.laa950_pct - t.laa950Pct!), ctx).toBeLessThanOrEqual(t.region.includes('_') ? 0.7 : 0.5);
      expect(Math.abs(m.perc15_hu - t.perc15Hu!), ctx).toBeLessThanOrEqual(3);
      expect(Math.abs(m.mean_hu - t.meanHu!), ctx).toBeLessThanOrEqual(15);
      if (t.region !== 'lung' && !(SIDES as readonly string[]).includes(t.region)) continue;
      expect(Math.abs(m.vessel_volume_ml / t.vesselVolumeMl - 1), ctx).toBeLessThanOrEqual(0.1);
      const [want5, want10] = onTruthMask[t.region as 'lung' | 'left' | 'right'].map((v) => v * voxelMl);
      expect(Math.abs(m.bv5_ml! / want5 - 1), ctx).toBeLessThanOrEqual(0.1);
      expect(Math.abs(m.bv10_ml! / want10 - 1), ctx).toBeLessThanOrEqual(0.1);
    }
  });
});
