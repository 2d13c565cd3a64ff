/**
 * The per-scan rule of issue 16 on small built volumes: only the main left and right components are lung by their
 * size; another lung-sized, lung-dense component apart from them is not (one that overlaps them in a neighbouring
 * slice is linked to them: that is the rule's limit); a small piece kept for its nearness is flagged
 * `extra-lung-components`; a lone 2-D slice keeps every big region.
 */
import { describe, it, expect } from 'vitest';
import { analyseSlice } from '../../src/stages/anatomy.js';
import { assembleScan } from '../../src/volume/assembleScan.js';
import { mainLungRoots } from '../../src/volume/mainLungs.js';
import { defaultPreset } from '../../pipeline.config.js';
import { boxSlice as slice } from '../helpers/boxSlice.js';

const LEFT = [8, 10, 25, 39]; // the patient's left (x grows toward the patient's right)
const RIGHT = [34, 10, 51, 39];
const GAS = [10, 12, 30, 27]; // 21×16 px = 1344 mm² a slice: lung-sized, at lung density (-900 HU)

/** Lungs in slices lungFrom..7, gas in slices 0..gasTo, and any extra boxes in slices 3..5; 5 mm slices. */
function scan(lungFrom: number, gasTo: number, mainComponentsOnly = true, extra: Array<[readonly number[], number]> = []) {
  const slices = Array.from({ length: 9 }, (_, k) => {
    const boxes: Array<[readonly number[], number]> = [];
    if (k >= lungFrom && k <= 7) boxes.push([LEFT, -850], [RIGHT, -850]);
    if (k <= gasTo) boxes.push([GAS, -900]);
    if (k >= 3 && k <= 5) boxes.push(...extra);
    return slice(k, boxes);
  });
  const candidates = slices.map((s) => analyseSlice(defaultPreset.anatomy, s));
  const geometry = { sliceSpacingMm: 5, inPlaneSpacingMm: [2, 2] as const, nSlices: 9, superiorIsHigherIndex: true };
  // A lung volume range that fits these small boxes, so that only the flag under test can show.
  return assembleScan({ ...defaultPreset.assemble, mainComponentsOnly, lungVolumeRangeL: [0.05, 8] }, candidates, geometry);
}

const lungOnly = 2 * 18 * 30 * 4 * 5 * 5 / 1000; // two 18×30 px lungs over 5 slices: 108 mL

describe('main lung components (issue 16)', () => {
  it('leaves out a lung-sized component apart from the two lungs (a slice between them)', () => {
    const r = scan(3, 1);
    expect(r.lungVolumeMl).toBeCloseTo(lungOnly, 6);
    expect(r.slices[0].lungAreaMm2).toBe(0);
    expect(r.flags).toEqual([]);
    // Before issue 16 any component with a slice of 600 mm² was lung, and the flag shows it.
    const before = scan(3, 1, false);
    expect(before.slices[0].lungAreaMm2).toBe(1344);
    expect(before.flags).toEqual([
      'incomplete-coverage: lung touches the first slice (inferior end)',
      'extra-lung-components: 1 component, 13.4 mL',
    ]);
  });

  it('cannot tell gas that overlaps a lung in the neighbouring slice from lung: one 3-D component (the limit)', () => {
    const r = scan(3, 2);
    expect(r.slices[2].lungAreaMm2).toBe(1344);
  });

  it('flags a piece of 5+ mL kept for lying near a lung in its slices, apart from the lungs in 3-D', () => {
    const piece: [readonly number[], number] = [[27, 12, 31, 35], -850]; // 5×24 px, 4 mm from both lungs: 7.2 mL
    const r = scan(1, -1, true, [piece]);
    expect(r.slices[4].lungAreaMm2).toBe(2 * 18 * 30 * 4 + 480);
    expect(r.flags).toEqual(['extra-lung-components: 1 component, 7.2 mL']);
  });

  it('keeps every big region of a lone 2-D slice', () => {
    const s = slice(0, [[LEFT, -850], [[34, 10, 51, 22], -850], [[34, 26, 51, 39], -850]]);
    const r = assembleScan(defaultPreset.assemble, [analyseSlice(defaultPreset.anatomy, s)], {
      sliceSpacingMm: 5, inPlaneSpacingMm: [2, 2], nSlices: 1, superiorIsHigherIndex: true,
    });
    expect(r.slices[0].nLungRegions).toBe(3);
  });

  it('takes the largest component alone when it spans both sides (lungs touching), else the largest of each side', () => {
    const both = new Map([[1, { volumeMl: 900, leftPx: 400, rightPx: 500 }], [2, { volumeMl: 30, leftPx: 10, rightPx: 0 }]]);
    expect([...mainLungRoots(both, 0.2)]).toEqual([1]);
    const sides = new Map([
      [1, { volumeMl: 2000, leftPx: 0, rightPx: 900 }],
      [2, { volumeMl: 40, leftPx: 30, rightPx: 0 }],
      [3, { volumeMl: 1800, leftPx: 800, rightPx: 5 }],
      [4, { volumeMl: 25, leftPx: 0, rightPx: 20 }],
    ]);
    expect([...mainLungRoots(sides, 0.2)].sort()).toEqual([1, 3]);
  });
});
