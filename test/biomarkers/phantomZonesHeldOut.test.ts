/**
 * Zone volumes on phantoms held out while the hilar fill (anatomy.closingFillsHoles) and the apex tip
 * (anatomy.minCandidateAreaMm2) were decided, through the worker's scan task, against the truth JSON's per-region
 * truth (src/phantom/regionTruthTally.ts): seeds 9101–9104, small and coarse (128 × 128 × 64 at 2.7 × 2.7 × 3.75 mm),
 * and seeds 9701–9704 at the thin sections quantitative CT is meant for (288 × 288 × 240 at 1.25 mm).
 */
import { fileTarget } from '../../src/readers/scanTarget.js';
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePhantom, type PhantomOptions } from '../../src/phantom/index.js';
import { writeNifti } from '../../src/readers/nifti/write.js';
import { runScanTask } from '../../src/worker.js';
import { defaultPreset } from '../../pipeline.config.js';
import type { PipelineConfig } from '../../src/config/pipelineConfig.js';

const dir = mkdtempSync(join(tmpdir(), 'lungflow-zones-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SEEDS = [9101, 9102, 9103, 9104];
const COARSE = { shape: [128, 128, 64], spacingMm: [2.7, 2.7, 3.75] } as const;
const THIN = { shape: [288, 288, 240], spacingMm: [1.25, 1.25, 1.25] } as const;
const noFill: PipelineConfig = { ...defaultPreset, anatomy: { ...defaultPreset.anatomy, closingFillsHoles: false } };

/** Per region, measured / truth volume - 1, for each config. */
async function zoneErrors(seed: number, grid: Pick<PhantomOptions, 'shape' | 'spacingMm'>, configs: readonly PipelineConfig[]): Promise<Map<string, number>[]> {
  const { spec, truth } = generatePhantom({ ...grid, seed });
  const path = join(dir, `s${seed}.nii.gz`);
  await writeNifti(path, spec);
  const errors = async (config: PipelineConfig) => {
    const r = await runScanTask({ config, target: fileTarget(path), masks: null, timeStages: false });
    if (!r.ok) throw new Error(r.message);
    return new Map(truth.regions.map((t) => [t.region, r.measurements.biomarkers!.regions.find((m) => m.region === t.region)!.volumeMl / t.volumeMl - 1]));
  };
  const out: Map<string, number>[] = [];
  for (const config of configs) out.push(await errors(config));
  return out;
}

describe('zone volumes on held-out phantoms (seeds 9101–9104, 2.7 mm)', async () => {
  const results = await Promise.all(SEEDS.map(async (s) => {
    const [fill, before] = await zoneErrors(s, COARSE, [defaultPreset, noFill]);
    return [s, { fill, noFill: before }] as const;
  }));

  it('lungs, sides, upper and lower zones within 2 % of truth', () => {
    for (const [seed, { fill }] of results) {
      for (const [region, e] of fill) if (!region.endsWith('middle')) expect(Math.abs(e), `${seed} ${region}`).toBeLessThanOrEqual(0.02);
    }
  });

  // The middle zones hold the hila, where the truth's lung surface cuts across vessels and bronchi that enter it
  // from the mediastinum: no density edge marks it, and the measured lung stops at the hilar structures. Measured
  // worst: -4.6 % (seed 9103, left middle; -4.7 % without the fill); at 1.8 mm -3.4 % (README, "Zones at the hila").
  it('middle zones below truth by at most 5 %, and the fill never takes them farther from it', () => {
    for (const [seed, { fill, noFill: before }] of results) {
      for (const region of ['left_middle', 'right_middle']) {
        const e = fill.get(region)!;
        expect(e, `${seed} ${region}`).toBeLessThanOrEqual(0);
        expect(e, `${seed} ${region}`).toBeGreaterThanOrEqual(-0.05);
        expect(Math.abs(e), `${seed} ${region}`).toBeLessThanOrEqual(Math.abs(before.get(region)!) + 1e-9);
      }
    }
  });
});

// At thin sections the hila still fall short of the truth, by -0.5 to -2.2 % on 14 fresh seeds (README, "Zones at the
// hila"); everything else is within 1 %. Measured on these seeds: middle zones -0.75 … -1.25 %, others within 0.5 %.
describe('zone volumes on held-out thin-section phantoms (seeds 9701–9704, 1.25 mm)', async () => {
  const results = await Promise.all([9701, 9702, 9703, 9704].map(async (s) => [s, (await zoneErrors(s, THIN, [defaultPreset]))[0]] as const));

  it('lungs, sides, upper and lower zones within 1 % of truth; middle zones below it by at most 2.5 %', () => {
    for (const [seed, errors] of results) {
      for (const [region, e] of errors) {
        if (region.endsWith('middle')) {
          expect(e, `${seed} ${region}`).toBeLessThanOrEqual(0);
          expect(e, `${seed} ${region}`).toBeGreaterThanOrEqual(-0.025);
        } else {
          expect(Math.abs(e), `${seed} ${region}`).toBeLessThanOrEqual(0.01);
        }
      }
    }
  });
});
