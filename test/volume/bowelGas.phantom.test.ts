/**
 * Issue 16 on the phantom: gas below the diaphragm that reads like lung (src/phantom/bowelGas.ts), one chest per
 * variant and distance, on the three grids of the accuracy tests (seeds 6301–6303, which score clean without gas).
 * The generator: gas in the parenchyma's HU range, kept the asked distance from the lung, the rest of the chest
 * untouched. The `default` preset: no mask voxel on the gas, volumes as without it; the rule before issue 16
 * (`mainComponentsOnly: false`) takes the gas for lung and flags it, so these chests do test the rule.
 */
import { describe, it, expect } from 'vitest';
import { benchChest, runDefaultPreset, scoreScan } from '../../bench/accuracy.js';
import { phantomVolume, type PhantomChestOptions } from '../../bench/phantomVolume.js';
import { distanceTo } from '../../bench/realCaseScore.js';
import { generatePhantomWithLabels, LABEL, isLung, type BowelGasOptions } from '../../src/phantom/index.js';
import { analyseSlice } from '../../src/stages/anatomy.js';
import { assembleScan } from '../../src/volume/assembleScan.js';
import { defaultSliceMasks } from '../../src/chain/defaultChain.js';
import { defaultPreset } from '../../pipeline.config.js';
import type { ChestVolume } from '../../bench/syntheticChest.js';

const CASES: { n: number; bowelGas: BowelGasOptions }[] = [
  { n: 0, bowelGas: { variant: 'colon', gapMm: 4 } }, // 2 × 2 × 3 mm
  { n: 1, bowelGas: { variant: 'stomach', gapMm: 4 } }, // 1.4 × 1.4 × 2.5 mm
  { n: 2, bowelGas: { variant: 'both', gapMm: 12 } }, // 1.8 × 1.8 × 2.5 mm
];

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

function runRule(v: ChestVolume, mainComponentsOnly: boolean) {
  const sc = v.slices.map((s) => analyseSlice(defaultPreset.anatomy, s));
  const scan = assembleScan({ ...defaultPreset.assemble, mainComponentsOnly }, sc, {
    sliceSpacingMm: v.sliceSpacingMm, inPlaneSpacingMm: v.inPlaneSpacingMm, nSlices: sc.length, superiorIsHigherIndex: true,
  });
  return { sc, scan, masks: sc.map((s) => defaultSliceMasks(s, scan.lungRegionsOf(s.index), scan.islandsTakenBackOf(s.index)).lung) };
}

describe.each(CASES)('bowel gas $bowelGas.variant, $bowelGas.gapMm mm under the diaphragm', async ({ n, bowelGas }) => {
  const chest: PhantomChestOptions = { ...benchChest(6301, n), bowelGas };
  const withGas = generatePhantomWithLabels({ seed: chest.seed, shape: chest.shape, spacingMm: chest.spacingMm, arms: chest.arms, orientation: 'RAS', bowelGas });
  const plain = generatePhantomWithLabels({ seed: chest.seed, shape: chest.shape, spacingMm: chest.spacingMm, arms: chest.arms, orientation: 'RAS' });
  const v = await phantomVolume(chest);
  const [nx, ny, nz] = chest.shape;
  const plane = nx * ny;
  const voxelMl = (chest.spacingMm[0] * chest.spacingMm[1] * chest.spacingMm[2]) / 1000;
  // The variant's gas: stomach-gas voxels it added or gave the sharp-kernel look (all of the stomach's, when asked).
  const gas: number[] = [];
  for (let i = 0; i < withGas.labels.length; i++) {
    if (withGas.labels[i] === LABEL.stomachGas && (plain.labels[i] !== LABEL.stomachGas || bowelGas.variant !== 'colon')) gas.push(i);
  }
  const huAt = (i: number) => v.slices[Math.floor(i / plane)].hu[i % plane];

  it('paints gas of 5+ mL whose median HU is inside the parenchyma range (-950 … -850), labelled not lung', () => {
    expect(gas.length * voxelMl).toBeGreaterThan(5);
    const m = median(gas.map(huAt));
    expect(m).toBeGreaterThanOrEqual(-950);
    expect(m).toBeLessThanOrEqual(-850);
    expect(withGas.truth.options.bowelGas).toEqual(bowelGas);
  });

  it('keeps the gas the asked distance from the lung, and leaves the rest of the chest as without it', () => {
    const dist = distanceTo(
      { width: nx, height: ny, depth: nz, spacingMm: chest.spacingMm, data: withGas.labels },
      (i) => isLung(withGas.labels[i]),
    );
    const nearest = Math.min(...gas.map((i) => dist[i]));
    expect(nearest).toBeGreaterThanOrEqual(bowelGas.gapMm + 3); // + the diaphragm (about 4.4 mm here)
    expect(withGas.truth.volumesMl).toEqual(plain.truth.volumesMl);
    let changedElsewhere = 0;
    for (let i = 0; i < withGas.labels.length; i++) {
      const touched = withGas.labels[i] === LABEL.stomachGas || plain.labels[i] === LABEL.stomachGas;
      if (!touched && (withGas.labels[i] !== plain.labels[i] || withGas.spec.data[i] !== plain.spec.data[i])) changedElsewhere++;
    }
    expect(changedElsewhere, 'voxels changed outside the gas').toBe(0);
  });

  it('default preset: not one mask voxel on the gas, volumes within 1 %, no flags; the old rule took it for lung', () => {
    const now = runRule(v, true);
    const onGas = (masks: Uint8Array[]) => gas.filter((i) => masks[Math.floor(i / plane)][i % plane]).length;
    expect(onGas(now.masks)).toBe(0);
    const score = scoreScan(v, runDefaultPreset(v));
    expect(score.falseLungSlices).toBe(0);
    expect(Math.abs(score.lungVolumeErrPct)).toBeLessThanOrEqual(1);
    expect(Math.abs(score.leftVolumeErrPct!)).toBeLessThanOrEqual(1);
    expect(Math.abs(score.rightVolumeErrPct!)).toBeLessThanOrEqual(1);
    expect(now.scan.flags).toEqual([]);

    const before = runRule(v, false);
    expect(onGas(before.masks) * voxelMl).toBeGreaterThan(5);
    expect(before.scan.flags.some((f) => f.startsWith('extra-lung-components: '))).toBe(true);
  });
});
