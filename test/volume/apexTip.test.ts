/**
 * A lung's tip is lung: on these held-out phantoms (1.25 mm isotropic) a lung's top slice holds 1–2 voxels
 * (1.6–3.1 mm²). Left out, the lung is a slice shorter, its zone boundaries move by a third of a slice, and a whole
 * slice changes zone: upper and middle zones were off by 2.6–3.2 % with anatomy.minCandidateAreaMm2 at 4 mm².
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePhantom } from '../../src/phantom/index.js';
import { writeNifti } from '../../src/readers/nifti/write.js';
import { fileTarget } from '../../src/readers/scanTarget.js';
import { runScanTask } from '../../src/worker.js';
import { defaultPreset } from '../../pipeline.config.js';

const dir = mkdtempSync(join(tmpdir(), 'lungflow-apex-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const extent = (areas: number[]) => [areas.findIndex((a) => a > 0), areas.length - 1 - [...areas].reverse().findIndex((a) => a > 0)];

describe('the lung tip of a voxel or two is found (seeds 9301, 9302, 9604; 288 × 288 × 240 at 1.25 mm)', async () => {
  const cases = await Promise.all([9301, 9302, 9604].map(async (seed) => {
    const { spec, truth } = generatePhantom({ shape: [288, 288, 240], spacingMm: [1.25, 1.25, 1.25], seed });
    const path = join(dir, `s${seed}.nii.gz`);
    await writeNifti(path, spec);
    const r = await runScanTask({ config: defaultPreset, target: fileTarget(path), masks: null, timeStages: false });
    if (!r.ok) throw new Error(r.message);
    return { seed, truth, m: r.measurements };
  }));

  it('each lung spans the slices of its truth, the tip slice included', () => {
    for (const { seed, truth, m } of cases) {
      const tip = Math.min(...(['left', 'right'] as const).map((side) => {
        const t = truth.slices.map((s) => s.lungPx[side]);
        return Math.min(t[extent(t)[0]], t[extent(t)[1]]);
      }));
      expect(tip, `${seed}: the case has a tip of at most 2 voxels`).toBeLessThanOrEqual(2);
      for (const side of ['left', 'right'] as const) {
        const measured = extent(m.slices.map((s) => (side === 'left' ? s.leftAreaMm2 : s.rightAreaMm2) ?? 0));
        expect(measured, `${seed} ${side}`).toEqual(extent(truth.slices.map((s) => s.lungPx[side])));
      }
    }
  });

  it('upper and lower zones within 1 % of truth', () => {
    for (const { seed, truth, m } of cases) {
      for (const t of truth.regions.filter((r) => r.region.endsWith('upper') || r.region.endsWith('lower'))) {
        const v = m.biomarkers!.regions.find((r) => r.region === t.region)!.volumeMl;
        expect(Math.abs(v / t.volumeMl - 1), `${seed} ${t.region}`).toBeLessThanOrEqual(0.01);
      }
    }
  });
});
