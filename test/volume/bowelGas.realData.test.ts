/**
 * Issue 16 on real CT (../shared/data/realct, read through openNifti as the runner reads it): gas in the colon
 * and stomach is not lung. Scored by bench/realCases.ts (`npx tsx bench/realCases.ts` prints the same figures).
 * Before the fix: lung bases Dice 0.913 with 13.4 mL more than 5 mm from the reference; CPTAC 39.4 mL in
 * components apart from the lungs; COPDGene Dice 0.982, left +2.9 %, right +2.2 %.
 */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { needSharedData, sharedFile } from '../helpers/sharedData.js';
import { componentsScore, reassemble, scoreCopdGene, scoreLungBases } from '../../bench/realCases.js';
import { runDefaultOnFile } from '../../bench/defaultOnFile.js';
import { defaultPreset } from '../../pipeline.config.js';

const REAL = sharedFile('realct');

const need = needSharedData('gas below the diaphragm on real CT', 'realct');

describe.skipIf(need.skip)(need.title, () => {
  it('TotalSegmentator lung bases: nothing more than 5 mm from the reference lung (the stomach gas), Dice >= 0.95', async () => {
    const s = await scoreLungBases(path.join(REAL, 'totalsegmentator-example-sm-lungbases'));
    expect(s.farMl).toBe(0); // 13.4 mL on slices 24–27 before
    expect(s.dice).toBeGreaterThanOrEqual(0.95); // 0.966 measured, 0.913 before
    expect(Math.abs(s.volumeErrPct)).toBeLessThan(3); // +0.2 % measured, +11.8 % before
    expect(s.flags).toEqual(['incomplete-coverage: lung touches the last slice (superior end)']);
  });

  it('CPTAC C3N-00247 (B70f): components apart from the two lungs < 2 mL (the two bowel-gas pockets are gone)', async () => {
    const r = await runDefaultOnFile(path.join(REAL, 'cptac-lscc-C3N-00247-dlwpt', 'ct.nii.gz'));
    const s = componentsScore(r);
    expect(s.apartMl).toBeLessThan(2); // 0.1 mL measured; 39.4 before (22.6 + 14.9 mL of bowel gas, 15.7 and 41.6 mm away)
    expect(s.lungMl).toBeGreaterThan(4400);
    expect(s.lungMl).toBeLessThan(4700);
    // The bowel gas no longer reaches the first slice: the lung is inside the scan.
    expect(s.flags).toEqual([]);
    // The rule before issue 16 kept both pockets, and the flag says so.
    const before = reassemble(r, { ...defaultPreset.assemble, mainComponentsOnly: false }).scan;
    expect(before.lungVolumeMl - s.lungMl).toBeGreaterThan(35);
    expect(before.flags).toContainEqual(expect.stringMatching(/^extra-lung-components: 2 components, 3\d\.\d mL$/));
  });

  it('COPDGene 10002K (64³): Dice and left/right volumes no worse than before (0.982; +2.9 % / +2.2 %)', async () => {
    const dir = path.join(REAL, 'cip-copdgene-10002K-64');
    const s = await scoreCopdGene(dir);
    const before = await scoreCopdGene(dir, { ...defaultPreset.assemble, mainComponentsOnly: false });
    expect(before.dice).toBeCloseTo(0.982, 3);
    expect(s.dice).toBeGreaterThanOrEqual(before.dice); // 0.983 measured
    expect(Math.abs(s.leftErrPct)).toBeLessThanOrEqual(Math.abs(before.leftErrPct)); // +2.3 % measured, +2.9 % before
    expect(Math.abs(s.rightErrPct)).toBeLessThanOrEqual(Math.abs(before.rightErrPct)); // +2.2 % both
    expect(Math.abs(s.leftErrPct)).toBeLessThanOrEqual(2.9);
    expect(Math.abs(s.rightErrPct)).toBeLessThanOrEqual(2.25);
  });
});
