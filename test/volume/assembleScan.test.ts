import { describe, it, expect } from 'vitest';
import { analyseSlice, type SliceCandidates } from '../../src/stages/anatomy.js';
import { assembleScan, LUNGS_TOUCHING_NOTE } from '../../src/volume/assembleScan.js';
import { runsNear, runsOverlap } from '../../src/volume/linkSlices.js';
import { paintRuns } from '../../src/volume/masks.js';
import type { HuSlice } from '../../src/stages/types.js';
import { defaultPreset } from '../../pipeline.config.js';
import { boxSlice as slice } from '../helpers/boxSlice.js';

const LEFT = [8, 10, 25, 39]; // x < midline 29.5: the patient's left (x grows toward the patient's right)
const RIGHT = [34, 10, 51, 39];
const TRACHEA = [28, 30, 31, 33];
const GAS = [12, 41, 20, 43];
const geometry = (n: number) => ({ sliceSpacingMm: 5, inPlaneSpacingMm: [2, 2] as const, nSlices: n, superiorIsHigherIndex: true });
const analyse = (s: HuSlice): SliceCandidates => analyseSlice(defaultPreset.anatomy, s);

describe('runsOverlap / runsNear', () => {
  it('tells overlapping, touching and distant run sets apart', () => {
    const a = Int32Array.from([0, 0, 5, 1, 0, 5]);
    expect(runsOverlap(a, Int32Array.from([1, 4, 9]))).toBe(true);
    expect(runsOverlap(a, Int32Array.from([1, 5, 9]))).toBe(false); // x1 is exclusive
    // a's last pixel is x 4 in row 1: x 6 in row 3 is 2 columns and 2 rows away; x 7 or row 4 is too far.
    expect(runsNear(a, Int32Array.from([3, 6, 9]), 2, 2)).toBe(true);
    expect(runsNear(a, Int32Array.from([3, 7, 9]), 2, 2)).toBe(false);
    expect(runsNear(a, Int32Array.from([4, 6, 9]), 2, 2)).toBe(false);
  });
});

describe('assembleScan', () => {
  // 7 slices; lungs (18×30 px = 540 px = 2160 mm² each) in slices 1..5, a trachea in every slice (the airway from
  // the top), a gas pocket in slices 1..2, nothing in slice 0 and 6.
  const lungSlices = [1, 2, 3, 4, 5];
  const volume = Array.from({ length: 7 }, (_, k) =>
    slice(k, [
      ...(lungSlices.includes(k) ? ([[LEFT, -850], [RIGHT, -850]] as Array<[number[], number]>) : []),
      [TRACHEA, -1000],
      ...(k === 1 || k === 2 ? ([[GAS, -1000]] as Array<[number[], number]>) : []),
    ]),
  );
  const result = assembleScan(defaultPreset.assemble, volume.map(analyse), geometry(7));

  it('measures both lungs, rejects the airway and the gas, and reports 0 where there is no lung', () => {
    expect(result.slices.map((s) => s.lungAreaMm2)).toEqual([0, 4320, 4320, 4320, 4320, 4320, 0]);
    expect(result.slices.map((s) => s.leftAreaMm2)).toEqual([0, 2160, 2160, 2160, 2160, 2160, 0]);
    expect(result.slices[0].vesselRatioPct).toBeNull();
    expect(result.slices[1].nLungRegions).toBe(2);
    // 5 slices × 4320 mm² × 5 mm = 108 mL; each side 54 mL.
    expect(result.lungVolumeMl).toBeCloseTo(108, 9);
    expect(result.leftVolumeMl).toBeCloseTo(54, 9);
    expect(result.rightVolumeMl).toBeCloseTo(54, 9);
    expect(result.vesselVolumeMl).toBe(0);
  });

  it('names the lung regions of each slice for masks, and none for an unknown index', () => {
    const sc = analyse(volume[2]);
    const ids = result.lungRegionsOf(2);
    expect(ids.length).toBe(2);
    const mask = new Uint8Array(60 * 50);
    for (const id of ids) paintRuns(sc.candidates[id].runs, 60, mask);
    expect(mask.reduce((s, v) => s + v, 0)).toBe(1080);
    expect(mask[TRACHEA[0] + TRACHEA[1] * 60]).toBe(0);
    expect(result.lungRegionsOf(99)).toEqual([]);
  });

  it('flags a volume outside 0.5–8 L when coverage is complete', () => {
    expect(result.flags).toEqual(['lung-volume-out-of-range: 0.11 L']);
  });

  it('flags lungs that touch the first or last slice instead', () => {
    const cut = assembleScan(defaultPreset.assemble, volume.slice(1).map(analyse), geometry(6));
    expect(cut.flags).toEqual(['incomplete-coverage: lung touches the first slice (inferior end)']);
  });

  it('drops a parenchyma-like blob that is small in every slice and in volume (mm², mL thresholds)', () => {
    // A 4×4 px (64 mm²) lung-density island in 3 slices: 0.96 mL, far below 15 mL and 600 mm².
    const small = [0, 1, 2].map((k) => slice(k, [[[20, 20, 23, 23], -850]]));
    const r = assembleScan(defaultPreset.assemble, small.map(analyse), geometry(3));
    expect(r.lungVolumeMl).toBe(0);
    expect(r.flags).toContain('no-lung-found: 0 of 3 slices');
  });

  it('degrades to one slice: a 2-D file still finds both lungs by their cross-section', () => {
    const one = assembleScan(defaultPreset.assemble, [analyse(volume[3])], geometry(1));
    expect(one.slices[0].leftAreaMm2).toBe(2160);
    expect(one.slices[0].rightAreaMm2).toBe(2160);
  });

  it('splits lungs that touch across the midline and flags the slices', () => {
    const joined = [0, 1, 2].map((k) => slice(k, [[[8, 10, 51, 39], -850]]));
    const r = assembleScan(defaultPreset.assemble, joined.map(analyse), geometry(3));
    // x 8..29 is left (22 columns), 30..51 right (22 columns), 30 rows, 4 mm² per pixel.
    expect(r.slices[1].leftAreaMm2).toBe(22 * 30 * 4);
    expect(r.slices[1].rightAreaMm2).toBe(22 * 30 * 4);
    expect(r.slices[1].note).toBe(LUNGS_TOUCHING_NOTE);
    expect(r.flags).toContain('lungs-not-separated: 3 slices');
  });

  it('flags HU that do not look like CT', () => {
    const width = 20, height = 20;
    const hu = new Float32Array(width * height).fill(300);
    const r = assembleScan(defaultPreset.assemble, [analyse({ index: 0, width, height, hu, spacingMm: [1, 1] })], geometry(1));
    expect(r.flags[0]).toMatch(/^not-ct: no air peak near -1000 HU/);
  });

  it('gives the same volumes whatever the slice order', () => {
    const reversed = [...volume].reverse().map(analyse);
    const r = assembleScan(defaultPreset.assemble, reversed, { ...geometry(7), superiorIsHigherIndex: false });
    // Equal up to the order of the floating-point sum.
    expect(r.lungVolumeMl).toBeCloseTo(result.lungVolumeMl, 9);
    expect(r.leftVolumeMl).toBeCloseTo(result.leftVolumeMl, 9);
    expect(r.slices.map((s) => s.lungAreaMm2).reverse()).toEqual(result.slices.map((s) => s.lungAreaMm2));
  });
});

describe('defaultSliceMasks', () => {
  it('paints the kept regions and their vessels', async () => {
    const { runDefaultSlice, defaultSliceMasks } = await import('../../src/chain/defaultChain.js');
    // Lung box with a 2×2 vessel at x 14..15, y 20..21.
    const s = slice(0, [[LEFT, -850], [[14, 20, 15, 21], 40]]);
    const { candidates } = runDefaultSlice(defaultPreset.anatomy, s, { timeStages: false });
    const ids = assembleScan(defaultPreset.assemble, [candidates], geometry(1)).lungRegionsOf(0);
    const { lung, vessels } = defaultSliceMasks(candidates, ids);
    expect(lung.reduce((a, v) => a + v, 0)).toBe(540);
    expect(vessels.reduce((a, v) => a + v, 0)).toBe(4);
    expect(vessels[14 + 20 * 60]).toBe(1);
  });
});
