/**
 * BV5 and BV10 on a phantom's vessel trees (seed 6501, never used to choose anything), through the worker's scan
 * task, against the exact truth from the tubes' radii (src/phantom/vesselSizeTruth.ts), two ways (README, "BV5 and
 * BV10 on fresh phantoms", bench/vesselSizeErrors.ts):
 *   - at 1 × 1 × 1.2 mm, what the measured vessel mask adds: BV5 and BV10 against the local thickness run on the
 *     truth vessel mask; and against the truth within 15 %, since on grids this coarse the trees' steps in radius
 *     between segments read thicker than the tubes are (BV5 8–14 % low on the truth mask; README's table);
 *   - against the truth, at 0.7 × 0.7 × 1 mm: the lung within 10 % (measured -7.0 / -2.3 %), each lung within 15 %
 *     (the left's BV5 reads -10.3 %).
 */
import { fileTarget } from '../../src/readers/scanTarget.js';
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePhantomWithLabels, parseOrientation, toCanonical, type PhantomOptions } from '../../src/phantom/index.js';
import { vesselSizeTruth } from '../../src/phantom/vesselSizeTruth.js';
import { writeNifti } from '../../src/readers/nifti/write.js';
import { runScanTask } from '../../src/worker.js';
import { defaultPreset } from '../../pipeline.config.js';
import { SIDES, ZONES } from '../../src/biomarkers/zones.js';
import { vesselSizeOnLabels } from '../helpers/vesselSizeOnLabels.js';

const dir = mkdtempSync(join(tmpdir(), 'lungflow-bv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The phantom's truth and the `default` preset's region rows. */
async function measure(opts: PhantomOptions) {
  const g = generatePhantomWithLabels(opts);
  const labels = toCanonical(g.labels, parseOrientation(opts.orientation ?? 'RAS'), opts.shape, new Uint8Array(g.labels.length));
  const truth = vesselSizeTruth(opts, labels);
  const path = join(dir, `v-${opts.spacingMm.join('x')}.nii.gz`);
  await writeNifti(path, g.spec);
  const r = await runScanTask({ config: defaultPreset, target: fileTarget(path), masks: null, timeStages: false });
  if (!r.ok) throw new Error(r.message);
  const voxelMl = opts.spacingMm.reduce((a, s) => a * s, 1) / 1000;
  /** Truth BV5 and BV10 (mL) of the lung or one side. */
  const truthMl = (region: 'lung' | 'left' | 'right') => {
    const zones = Object.entries(truth.zones).filter(([z]) => region === 'lung' || z.startsWith(region)).map(([, v]) => v);
    return [zones.reduce((a, z) => a + z.under5, 0) * voxelMl, zones.reduce((a, z) => a + z.under10, 0) * voxelMl];
  };
  return { g, labels, truth, rows: r.measurements.biomarkers!.regions, voxelMl, truthMl };
}

describe('BV5 and BV10 at 1 × 1 × 1.2 mm: what the measured vessel mask adds', async () => {
  const opts: PhantomOptions = { shape: [256, 256, 200], spacingMm: [1, 1, 1.2], seed: 6501, orientation: 'LPS' };
  const m = await measure(opts);
  const onTruthMask = vesselSizeOnLabels(m.labels, opts.shape, opts.spacingMm);

  it('every true vessel voxel lies in a tube', () => expect(m.truth.unexplained).toBe(0));

  it('lung, left and right: within 10 % of the local thickness on the truth vessel mask', () => {
    for (const region of ['lung', ...SIDES] as const) {
      const row = m.rows.find((x) => x.region === region)!;
      const [want5, want10] = onTruthMask[region].map((v) => v * m.voxelMl);
      expect(Math.abs(row.bv5Ml! / want5 - 1), `${region} BV5 ${row.bv5Ml} vs ${want5}`).toBeLessThanOrEqual(0.1);
      expect(Math.abs(row.bv10Ml! / want10 - 1), `${region} BV10 ${row.bv10Ml} vs ${want10}`).toBeLessThanOrEqual(0.1);
    }
  });

  it('lung, left and right: within 15 % of the truth', () => {
    for (const region of ['lung', ...SIDES] as const) {
      const [t5, t10] = m.truthMl(region);
      const row = m.rows.find((x) => x.region === region)!;
      expect(Math.abs(row.bv5Ml! / t5 - 1), `${region} BV5 ${row.bv5Ml} vs ${t5}`).toBeLessThanOrEqual(0.15);
      expect(Math.abs(row.bv10Ml! / t10 - 1), `${region} BV10 ${row.bv10Ml} vs ${t10}`).toBeLessThanOrEqual(0.15);
    }
  });
});

describe('BV5 and BV10 at 0.7 × 0.7 × 1 mm against the truth of known radii', async () => {
  const opts: PhantomOptions = { shape: [366, 366, 240], spacingMm: [0.7, 0.7, 1], seed: 6501, orientation: 'LPS' };
  const m = await measure(opts);

  it('lung: BV5 and BV10 within 10 % of truth; each lung, with half the vessels, within 15 %', () => {
    for (const region of ['lung', ...SIDES] as const) {
      const [t5, t10] = m.truthMl(region);
      const row = m.rows.find((x) => x.region === region)!;
      const tolerance = region === 'lung' ? 0.1 : 0.15;
      expect(Math.abs(row.bv5Ml! / t5 - 1), `${region} BV5 ${row.bv5Ml} vs ${t5}`).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(row.bv10Ml! / t10 - 1), `${region} BV10 ${row.bv10Ml} vs ${t10}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it('zones with >= 2 mL of vessel: BV5 and BV10 within 30 % (few vessels near a threshold decide a zone)', () => {
    for (const s of SIDES) for (const z of ZONES) {
      const t = m.truth.zones[`${s}_${z}`];
      if (t.vessel * m.voxelMl < 2) continue;
      const row = m.rows.find((x) => x.region === `${s}_${z}`)!;
      expect(Math.abs(row.bv5Ml! / (t.under5 * m.voxelMl) - 1), `${s}_${z} BV5`).toBeLessThanOrEqual(0.3);
      expect(Math.abs(row.bv10Ml! / (t.under10 * m.voxelMl) - 1), `${s}_${z} BV10`).toBeLessThanOrEqual(0.3);
    }
  });
});
