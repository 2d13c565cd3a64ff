/**
 * Regions, zones and density on src/phantom chests not used for tuning (seeds 6401–6402), through the worker's
 * own scan task (openNifti, per-slice tallies, 3-D assembly), against the exact truth from the phantom's labels.
 */
import { fileTarget } from '../../src/readers/scanTarget.js';
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePhantomWithLabels, parseOrientation, toCanonical, type PhantomOptions } from '../../src/phantom/index.js';
import { regionTruth } from '../../src/phantom/regionTruth.js';
import { writeNifti } from '../../src/readers/nifti/write.js';
import { runScanTask } from '../../src/worker.js';
import { defaultPreset } from '../../pipeline.config.js';
import { RegionTally } from '../../src/biomarkers/huHistogram.js';
import { densityMeasures } from '../../src/biomarkers/densityMeasures.js';
import { isLeftLung, isLung } from '../../src/phantom/labels.js';
import { sliceZones } from '../../src/biomarkers/zones.js';

const dir = mkdtempSync(join(tmpdir(), 'lungflow-bm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function canonicalOf(opts: PhantomOptions) {
  const g = generatePhantomWithLabels(opts);
  const o = parseOrientation(opts.orientation ?? 'LPS');
  const n = opts.shape[0] * opts.shape[1] * opts.shape[2];
  const slope = g.spec.sclSlope ?? 1, inter = g.spec.sclInter ?? 0;
  const hu = toCanonical(g.spec.data, o, opts.shape, new Float64Array(n)).map((v) => v * slope + inter);
  return { ...g, hu, canonicalLabels: toCanonical(g.labels, o, opts.shape, new Uint8Array(n)) };
}

async function measure(opts: PhantomOptions, name: string) {
  const g = generatePhantomWithLabels(opts);
  const path = join(dir, `${name}.nii.gz`);
  await writeNifti(path, g.spec);
  const r = await runScanTask({ config: defaultPreset, target: fileTarget(path), masks: null, timeStages: false });
  if (!r.ok) throw new Error(r.message);
  return r.measurements;
}

const BASE: PhantomOptions = { shape: [192, 192, 100], spacingMm: [1.8, 1.8, 2.5], seed: 6401 };

describe('regions on a phantom (seed 6401)', async () => {
  const c = canonicalOf(BASE);
  const truth = regionTruth(c.canonicalLabels, c.hu, BASE.shape, BASE.spacingMm);
  const m = await measure(BASE, 'base');
  const rows = m.biomarkers!.regions;

  it('on the truth masks, the histogram measures equal the sorted-voxel truth exactly', () => {
    // The tally of the truth mask's voxels, through the same densityMeasures the pipeline uses.
    const [nx, ny, nz] = BASE.shape;
    const areas = Array.from({ length: nz }, (_, k) => {
      let left = 0, right = 0;
      for (let p = k * nx * ny; p < (k + 1) * nx * ny; p++) if (isLung(c.canonicalLabels[p])) (isLeftLung(c.canonicalLabels[p]) ? left++ : right++);
      return { leftAreaMm2: left, rightAreaMm2: right };
    });
    const zones = sliceZones(areas, true);
    const tallies = new Map<string, RegionTally>();
    for (let k = 0; k < nz; k++) {
      for (let p = k * nx * ny; p < (k + 1) * nx * ny; p++) {
        const l = c.canonicalLabels[p];
        if (!isLung(l)) continue;
        const side = isLeftLung(l) ? 'left' : 'right';
        for (const r of ['lung', side, `${side}_${zones[side][k]}`]) {
          if (!tallies.has(r)) tallies.set(r, new RegionTally());
          tallies.get(r)!.addVoxel(c.hu[p]);
        }
      }
    }
    for (const t of truth) {
      const d = densityMeasures(tallies.get(t.region)!, 1);
      expect(d.nVoxels, t.region).toBe(t.voxels);
      expect(d.perc15Hu, t.region).toBe(t.perc15Hu);
      expect(d.laa950Pct, t.region).toBe(t.laa950Pct);
      expect(d.laa910Pct, t.region).toBe(t.laa910Pct);
      expect(d.laa856Pct, t.region).toBe(t.laa856Pct);
      expect(d.meanHu!, t.region).toBeCloseTo(t.meanHu!, 9);
    }
  });

  it('measured: zone volumes within 2 %, Perc15 within 3 HU, LAA%-950 within 0.5 points (bronchi the measured mask leaves at the hila), mean within 15 HU (it weighs the dense hilar voxels the measured mask leaves out)', () => {
    for (const t of truth) {
      const r = rows.find((x) => x.region === t.region)!;
      if (process.env.SHOW) console.log(t.region, (100 * (r.volumeMl / t.volumeMl - 1)).toFixed(2), r.perc15Hu! - t.perc15Hu!, (r.laa950Pct! - t.laa950Pct!).toFixed(3), (r.meanHu! - t.meanHu!).toFixed(1));
      const ctx = `${t.region}: measured ${JSON.stringify(r)} truth ${JSON.stringify(t)}`;
      expect(Math.abs(r.volumeMl / t.volumeMl - 1), ctx).toBeLessThanOrEqual(0.02);
      expect(Math.abs(r.perc15Hu! - t.perc15Hu!), ctx).toBeLessThanOrEqual(3);
      expect(Math.abs(r.laa950Pct! - t.laa950Pct!), ctx).toBeLessThanOrEqual(0.5);
      expect(Math.abs(r.meanHu! - t.meanHu!), ctx).toBeLessThanOrEqual(15);
    }
  });

  it('the zones and sides add up to the lung, and to the scan volumes', () => {
    const vol = (name: string) => rows.find((x) => x.region === name)!.volumeMl;
    expect(vol('left')).toBeCloseTo(m.leftVolumeMl!, 6);
    expect(vol('right')).toBeCloseTo(m.rightVolumeMl!, 6);
    expect(vol('left_upper') + vol('left_middle') + vol('left_lower')).toBeCloseTo(vol('left'), 6);
    expect(vol('lung')).toBeCloseTo(m.lungVolumeMl, 6);
    expect(m.biomarkers!.flags).toEqual([]);
  });
});
