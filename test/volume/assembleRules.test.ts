/**
 * Per-scan rules of the default preset found on the phantom: a tissue island filled into a lung is taken back when
 * it sits on non-lung in the slice below (the top of a diaphragm dome); a thin region of pure air next to a lung (a
 * bronchus cut along its length at a hilum) is not joined to it; a region across the midline smaller than a lung's
 * cross-section is one lung's tip, not two lungs touching.
 */
import { describe, it, expect } from 'vitest';
import { analyseSlice, type SliceCandidates } from '../../src/stages/anatomy.js';
import { assembleScan } from '../../src/volume/assembleScan.js';
import { defaultSliceMasks } from '../../src/chain/defaultChain.js';
import type { HuSlice } from '../../src/stages/types.js';
import { defaultPreset } from '../../pipeline.config.js';
import { boxSlice as slice, BOX_SLICE_WIDTH as W } from '../helpers/boxSlice.js';

const LEFT = [8, 10, 25, 39]; // 18×30 px, the patient's left (x grows toward the patient's right)
const RIGHT = [34, 10, 51, 39];
const VESSEL = [14, 20, 15, 21]; // 2×2 px
const geometry = (n: number, superiorIsHigherIndex = true) => ({ sliceSpacingMm: 5, inPlaneSpacingMm: [2, 2] as const, nSlices: n, superiorIsHigherIndex });
const analyse = (s: HuSlice): SliceCandidates => analyseSlice(defaultPreset.anatomy, s);
const count = (m: Uint8Array) => m.reduce((a, v) => a + v, 0);

describe('diaphragm dome islands', () => {
  // Slices 0..6 from the feet up; lungs in 1..5. Under the right lung a dome rises: in slice 1 it is 10×20 px
  // (800 mm², too big to be filled), in slice 2 an island of 8×14 px, in slice 3 its top, 4×6 px; gone above.
  // A vertical vessel runs through the left lung in slices 2..5.
  const dome: Record<number, readonly number[]> = { 1: [38, 15, 47, 34], 2: [39, 18, 46, 31], 3: [41, 22, 44, 27] };
  const volume = Array.from({ length: 7 }, (_, k) => {
    const boxes: Array<[readonly number[], number]> = [];
    if (k >= 1 && k <= 5) boxes.push([LEFT, -850], [RIGHT, -850]);
    if (dome[k]) boxes.push([dome[k], 40]);
    if (k >= 2 && k <= 5) boxes.push([VESSEL, 40]);
    return slice(k, boxes);
  });
  const candidates = volume.map(analyse);
  const result = assembleScan(defaultPreset.assemble, candidates, geometry(7));

  it('reports the islands each lung filled in', () => {
    const right = candidates[2].candidates.find((c) => c.rightPx > c.leftPx)!;
    expect(right.islands.map((i) => i.areaPx)).toEqual([112]);
    expect(right.islands[0].vesselPx).toBe(112);
    const left = candidates[2].candidates.find((c) => c.leftPx > c.rightPx)!;
    expect(left.islands.map((i) => i.areaPx)).toEqual([4]);
  });

  it('takes back the top of the dome in every slice where it is an island, and keeps the vessel', () => {
    // Right lung: 540 px less the dome: 200 (too big to fill; the closing rounds its 4 corners off), 112 and 24
    // (taken back), then nothing.
    expect(result.slices.map((s) => s.rightAreaMm2)).toEqual([0, 344 * 4, 428 * 4, 516 * 4, 540 * 4, 540 * 4, 0]);
    expect(result.slices.map((s) => s.leftAreaMm2)).toEqual([0, 540 * 4, 540 * 4, 540 * 4, 540 * 4, 540 * 4, 0]);
    // Only the vessel is vessel (4 px × 4 mm² in slices 2..5), and in slice 1 the 4 corner pixels the closing
    // added; 5 mm apart.
    expect(result.slices.map((s) => s.vesselAreaMm2)).toEqual([0, 16, 16, 16, 16, 16, 0]);
    expect(result.vesselVolumeMl).toBeCloseTo(0.4, 12);
  });

  it('leaves the islands out of the masks', () => {
    for (const k of [2, 3]) {
      const { lung, vessels } = defaultSliceMasks(candidates[k], result.lungRegionsOf(k), result.islandsTakenBackOf(k));
      expect(count(lung)).toBe(result.slices[k].lungAreaMm2 / 4);
      expect(count(vessels)).toBe(4);
      const [x0, y0] = dome[k];
      expect(lung[x0 + y0 * W]).toBe(0);
    }
    expect(result.islandsTakenBackOf(4)).toEqual([]);
  });

  it('judges against the slice toward the feet whatever the storage order', () => {
    const reversed = assembleScan(defaultPreset.assemble, [...candidates].reverse(), geometry(7, false));
    expect(reversed.slices.map((s) => s.rightAreaMm2).reverse()).toEqual(result.slices.map((s) => s.rightAreaMm2));
    expect(reversed.vesselVolumeMl).toBeCloseTo(result.vesselVolumeMl, 12);
  });

  it('keeps every island when there is no slice below (a 2-D file) or the rule is off', () => {
    const one = assembleScan(defaultPreset.assemble, [candidates[2]], geometry(1));
    expect(one.slices[0].rightAreaMm2).toBe(540 * 4);
    const off = assembleScan({ ...defaultPreset.assemble, islandRingMm: 0 }, candidates, geometry(7));
    expect(off.slices[2].rightAreaMm2).toBe(540 * 4);
  });
});

describe('thin air next to a lung', () => {
  // A 2-px-wide strip (no core to read a median from) 2 px from the left lung, in the middle slice of three.
  const STRIP = [27, 12, 28, 30];
  const run = (stripHu: number) => {
    const volume = [0, 1, 2].map((k) => slice(k, [[LEFT, -850], [RIGHT, -850], ...(k === 1 ? ([[STRIP, stripHu]] as Array<[number[], number]>) : [])]));
    return assembleScan(defaultPreset.assemble, volume.map(analyse), geometry(3));
  };

  it('is not joined when it is as pure as gas (a bronchus cut along its length)', () => {
    expect(run(-1000).slices[1].lungAreaMm2).toBe(2 * 540 * 4);
  });

  it('is joined when it has the density of lung (a partial-volume sliver)', () => {
    expect(run(-850).slices[1].lungAreaMm2).toBe((2 * 540 + 38) * 4);
  });
});

describe('a small region across the midline', () => {
  it("is one lung's tip, not two lungs touching", () => {
    // The right lung reaches past the midline (x 29.5) in slice 0; in slices 1..2 that part is a separate 5×10 px
    // region (200 mm² < 600 mm²), 2 columns on the left of the midline and 3 on the right.
    const volume = [0, 1, 2].map((k) =>
      slice(k, [[LEFT, -850], [RIGHT, -850], [k === 0 ? [28, 30, 33, 39] : [28, 30, 32, 39], -850]]),
    );
    const r = assembleScan(defaultPreset.assemble, volume.map(analyse), geometry(3));
    expect(r.flags.filter((f) => f.startsWith('lungs-not-separated'))).toEqual([]);
    expect(r.slices[1].note).toBeNull();
    expect(r.slices[1].leftAreaMm2).toBe(540 * 4);
    expect(r.slices[1].rightAreaMm2).toBe((540 + 50) * 4);
  });
});
