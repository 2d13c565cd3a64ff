import { describe, it, expect } from 'vitest';
import { generatePhantom, generatePhantomWithLabels, LABEL, type PhantomOptions } from '../../src/phantom/index.js';

const SMALL: PhantomOptions = { shape: [96, 96, 48], spacingMm: [3.5, 3.5, 6.25], seed: 3, orientation: 'RAS' };
const PIXEL_MM2 = 3.5 * 3.5;
const VOXEL_ML = (3.5 * 3.5 * 6.25) / 1000;

describe('phantom truth', () => {
  const { truth, labels, spec } = generatePhantomWithLabels(SMALL);
  const [nx, ny, nz] = spec.dims;
  const perSlice = nx * ny;

  it('states its slice indexing and has one entry per stored slice', () => {
    expect(truth.axialAxis).toBe(2);
    expect(truth.sliceIndexIncreasesToward).toBe('superior');
    expect(truth.slices.map((s) => s.index)).toEqual(Array.from({ length: nz }, (_, k) => k));
  });

  it('areas are pixel counts times the in-plane spacing and sum to the volumes', () => {
    let left = 0, right = 0, vessel = 0;
    for (const s of truth.slices) {
      expect(s.lungPx.total).toBe(s.lungPx.left + s.lungPx.right);
      expect(s.lungAreaMm2.left).toBeCloseTo(s.lungPx.left * PIXEL_MM2, 9);
      expect(s.vesselAreaMm2.total).toBeCloseTo(s.vesselPx.total * PIXEL_MM2, 9);
      expect(s.vesselPx.left).toBeLessThanOrEqual(s.lungPx.left);
      expect(s.vesselPx.right).toBeLessThanOrEqual(s.lungPx.right);
      left += s.lungAreaMm2.left;
      right += s.lungAreaMm2.right;
      vessel += s.vesselAreaMm2.total;
    }
    expect((left * 6.25) / 1000).toBeCloseTo(truth.volumesMl.lung.left, 6);
    expect((right * 6.25) / 1000).toBeCloseTo(truth.volumesMl.lung.right, 6);
    expect((vessel * 6.25) / 1000).toBeCloseTo(truth.volumesMl.vessel.total, 6);
    expect(truth.volumesMl.lung.total).toBeCloseTo(truth.voxels.lung.total * VOXEL_ML, 9);
  });

  it('per-slice counts are the label volume counted', () => {
    for (const s of truth.slices) {
      const c = new Array(16).fill(0);
      for (let p = s.index * perSlice; p < (s.index + 1) * perSlice; p++) c[labels[p]]++;
      expect(s.lungPx.left).toBe(c[LABEL.leftLung] + c[LABEL.leftVessel] + c[LABEL.leftNodule]);
      expect(s.lungPx.right).toBe(c[LABEL.rightLung] + c[LABEL.rightVessel] + c[LABEL.rightNodule]);
      expect(s.vesselPx.total).toBe(c[LABEL.leftVessel] + c[LABEL.rightVessel]);
      expect(s.nodulePx).toBe(c[LABEL.leftNodule] + c[LABEL.rightNodule]);
      expect(s.tracheaPx + s.bronchusPx).toBe(c[LABEL.airway]);
      expect(s.stomachGasPx).toBe(c[LABEL.stomachGas]);
      expect(s.tableSlotPx).toBe(c[LABEL.tableSlot]);
    }
  });

  it('has plausible adult volumes and vessels a few percent of the lung', () => {
    expect(truth.volumesMl.lung.total).toBeGreaterThan(1500);
    expect(truth.volumesMl.lung.total).toBeLessThan(6000);
    const vesselPct = (100 * truth.volumesMl.vessel.total) / truth.volumesMl.lung.total;
    expect(vesselPct).toBeGreaterThan(2);
    expect(vesselPct).toBeLessThan(15);
  });

  it('records nodules of 3-10 mm whose voxels match their spheres on a finer grid', () => {
    const fine = generatePhantom({ shape: [192, 192, 96], spacingMm: [1.75, 1.75, 3.125], seed: 5 }).truth;
    expect(fine.nodules.length).toBeGreaterThan(0);
    let expectedMl = 0;
    for (const n of fine.nodules) {
      expect(n.diameterMm).toBeGreaterThanOrEqual(3 * (336 / 358.4));
      expect(n.diameterMm).toBeLessThanOrEqual(10);
      expectedMl += ((4 / 3) * Math.PI * (n.diameterMm / 2) ** 3) / 1000;
    }
    expect(fine.volumesMl.nodule).toBeGreaterThan(expectedMl * 0.6);
    expect(fine.volumesMl.nodule).toBeLessThan(expectedMl * 1.4);
  });

  it('makes the right lung larger than the left for every seed', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const v = generatePhantom({ ...SMALL, seed }).truth.volumesMl.lung;
      expect(v.right).toBeGreaterThan(v.left * 1.03);
    }
  });

  it('grows the lungs from the apex toward the base', () => {
    for (const seed of [1, 3, 5]) {
      const t = seed === SMALL.seed ? truth : generatePhantom({ ...SMALL, seed }).truth;
      const { first, last } = t.lungSlices as { first: number; last: number };
      const total = t.slices.map((s) => s.lungAreaMm2.total);
      const right = t.slices.map((s) => s.lungAreaMm2.right);
      const mid = (first + last) / 2;
      const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
      expect(mean(total.slice(first, Math.floor(mid)))).toBeGreaterThan(mean(total.slice(Math.ceil(mid), last + 1)));
      // The right lung has no heart beside it: its widest slice lies in the lower half.
      expect(right.indexOf(Math.max(...right))).toBeLessThan(mid);
      // Over the upper third the area only grows going down (the heart and hila dent it lower down).
      const upper = Math.ceil(last - (last - first) / 3);
      for (let k = last; k > upper; k--) expect(total[k - 1]).toBeGreaterThanOrEqual(total[k]);
    }
  });

  it("keeps the lungs off the first and last slice for 'full' coverage and cuts them otherwise", () => {
    for (const seed of [1, 2, 3, 4]) {
      const t = generatePhantom({ ...SMALL, seed }).truth;
      expect(t.slices[0].lungPx.total).toBe(0);
      expect(t.slices[nz - 1].lungPx.total).toBe(0);
      expect(t.lungSlices.first).toBeGreaterThan(0);
    }
    const apexCut = generatePhantom({ ...SMALL, coverage: 'cut-apex' }).truth;
    expect(apexCut.slices[nz - 1].lungPx.total).toBeGreaterThan(0);
    expect(apexCut.slices[0].lungPx.total).toBe(0);
    const baseCut = generatePhantom({ ...SMALL, coverage: 'cut-base' }).truth;
    expect(baseCut.slices[0].lungPx.total).toBeGreaterThan(0);
    expect(baseCut.slices[nz - 1].lungPx.total).toBe(0);
  });

  it('has the trachea above the apex and on every slice down to the carina, with no lung there', () => {
    const last = truth.lungSlices.last!;
    expect(last).toBeLessThan(nz - 1);
    for (let k = last + 1; k < nz; k++) {
      expect(truth.slices[k].nonLungAir).toContain('trachea');
      expect(truth.slices[k].lungPx.total).toBe(0);
    }
    const withBronchus = truth.slices.filter((s) => s.bronchusPx > 0).map((s) => s.index);
    expect(withBronchus.length).toBeGreaterThan(0);
    expect(Math.max(...withBronchus)).toBeLessThan(last);
  });
});
