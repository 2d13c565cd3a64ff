/**
 * LAA%-950 and Perc15 where they mean something: a phantom with emphysema-like spheres (seed 6701, option
 * `emphysema`), through the worker's scan task, against the exact truth from its labels and HU.
 */
import { fileTarget } from '../../src/readers/scanTarget.js';
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePhantom, generatePhantomWithLabels, parseOrientation, toCanonical, type PhantomOptions } from '../../src/phantom/index.js';
import { regionTruth } from '../../src/phantom/regionTruth.js';
import { writeNifti } from '../../src/readers/nifti/write.js';
import { runScanTask } from '../../src/worker.js';
import { defaultPreset } from '../../pipeline.config.js';

const dir = mkdtempSync(join(tmpdir(), 'lungflow-emph-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const OPTS: PhantomOptions = { shape: [192, 192, 100], spacingMm: [1.8, 1.8, 2.5], seed: 6701, emphysema: 6 };

describe('emphysema phantom (seed 6701, 6 spheres)', async () => {
  const g = generatePhantomWithLabels(OPTS);
  const n = g.labels.length;
  const o = parseOrientation('LPS');
  const hu = toCanonical(g.spec.data, o, OPTS.shape, new Float64Array(n));
  const labels = toCanonical(g.labels, o, OPTS.shape, new Uint8Array(n));
  const truth = regionTruth(labels, hu, OPTS.shape, OPTS.spacingMm);
  const path = join(dir, 'e.nii.gz');
  await writeNifti(path, g.spec);
  const r = await runScanTask({ config: defaultPreset, target: fileTarget(path), masks: null, timeStages: false });
  if (!r.ok) throw new Error(r.message);
  const rows = r.measurements.biomarkers!.regions;

  it('the truth records the emphysema, and the option leaves a seed without it unchanged', () => {
    expect(g.truth.emphysema!.volumeMl).toBeGreaterThan(50);
    expect(truth[0].laa950Pct!).toBeGreaterThan(3);
    const plain = generatePhantom({ ...OPTS, emphysema: 0 });
    expect(plain.truth.emphysema).toBeUndefined();
    expect(plain.truth.volumesMl).toEqual(g.truth.volumesMl);
  });

  // Zone volumes: within 2 % for the lungs, sides, upper and lower zones; a middle zone, which holds the hila, within
  // 2.5 % (right middle -2.15 % here, -3.2 % before anatomy.closingFillsHoles: the measured lung stops at the hilar
  // vessels and bronchi that cross the truth's lung surface; README "Zones at the hila").
  it('measured LAA%-950 within 0.5 points and Perc15 within 3 HU of truth, every region; volumes within 2 % (middle zones 2.5 %)', () => {
    for (const t of truth) {
      const m = rows.find((x) => x.region === t.region)!;
      const ctx = `${t.region}: LAA ${m.laa950Pct} vs ${t.laa950Pct}, Perc15 ${m.perc15Hu} vs ${t.perc15Hu}, volume ${m.volumeMl} vs ${t.volumeMl}`;
      expect(Math.abs(m.laa950Pct! - t.laa950Pct!), ctx).toBeLessThanOrEqual(0.5);
      expect(Math.abs(m.perc15Hu! - t.perc15Hu!), ctx).toBeLessThanOrEqual(3);
      expect(Math.abs(m.volumeMl / t.volumeMl - 1), ctx).toBeLessThanOrEqual(t.region.endsWith('middle') ? 0.025 : 0.02);
    }
  });
});
