import { describe, it, expect } from 'vitest';
import { generatePhantomWithLabels, LABEL, type PhantomOptions } from '../../src/phantom/index.js';

const SMALL: PhantomOptions = { shape: [96, 96, 48], spacingMm: [3.5, 3.5, 6.25], seed: 3, orientation: 'RAS' };

const LUNG_CODES: readonly number[] = [LABEL.leftLung, LABEL.rightLung, LABEL.leftVessel, LABEL.rightVessel, LABEL.leftNodule, LABEL.rightNodule];
const isLungCode = (l: number) => LUNG_CODES.includes(l);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Mode of a 10-HU-bin histogram restricted to [lo, hi). */
function modeIn(data: ArrayLike<number>, skip: number, lo: number, hi: number): number {
  const counts = new Map<number, number>();
  for (let p = 0; p < data.length; p++) {
    const v = data[p];
    if (v === skip || v < lo || v >= hi) continue;
    const b = Math.floor(v / 10) * 10 + 5;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  return [...counts].reduce((best, cur) => (cur[1] > best[1] ? cur : best), [NaN, -1])[0];
}

describe('phantom realism', () => {
  const { spec, labels, truth } = generatePhantomWithLabels(SMALL);
  const hu = spec.data as Int16Array;
  const [nx, ny, nz] = spec.dims;
  const at = (i: number, j: number, k: number) => i + j * nx + k * nx * ny;

  it('has histogram peaks for air near -1000, lung near -850 and soft tissue near +40', () => {
    expect(Math.abs(modeIn(hu, truth.paddingHu, -1100, -900) + 1000)).toBeLessThanOrEqual(15);
    expect(Math.abs(modeIn(hu, truth.paddingHu, -950, -600) + 850)).toBeLessThanOrEqual(30);
    expect(Math.abs(modeIn(hu, truth.paddingHu, -300, 300) - 40)).toBeLessThanOrEqual(20);
  });

  it('gives lung parenchyma about -850 HU with an sd near 30 HU', () => {
    const lung: number[] = [];
    for (let p = 0; p < hu.length; p++) if (labels[p] === LABEL.leftLung || labels[p] === LABEL.rightLung) lung.push(hu[p]);
    const m = median(lung);
    const robustSd = 1.4826 * median(lung.map((v) => Math.abs(v - m)));
    expect(m).toBeGreaterThan(-880);
    expect(m).toBeLessThan(-820);
    expect(robustSd).toBeGreaterThan(20);
    expect(robustSd).toBeLessThan(45);
  });

  it('pads outside a circular field of view and leaves the air around the body at about -1000', () => {
    expect([-1024, -2048]).toContain(truth.paddingHu);
    expect(hu[at(0, 0, 0)]).toBe(truth.paddingHu);
    expect(hu[at(nx - 1, ny - 1, nz - 1)]).toBe(truth.paddingHu);
    const air: number[] = [];
    for (let j = 0; j < ny; j++) for (const i of [nx / 2 - 1, nx / 2]) if (hu[at(i, j, 0)] !== truth.paddingHu && labels[at(i, j, 0)] === 0) air.push(hu[at(i, j, 0)]);
    expect(air.filter((v) => v < -900).length).toBeGreaterThan(5);
  });

  it('keeps air-like non-lung structures at pure air', () => {
    for (const code of [LABEL.airway, LABEL.stomachGas, LABEL.tableSlot]) {
      const v: number[] = [];
      for (let p = 0; p < hu.length; p++) if (labels[p] === code) v.push(hu[p]);
      expect(v.length).toBeGreaterThan(0);
      expect(Math.abs(median(v) + 1000)).toBeLessThanOrEqual(10);
    }
  });

  it('never lets trachea, stomach gas or table slots touch lung within a slice', () => {
    const bronchusSlices = new Set(truth.slices.filter((s) => s.bronchusPx > 0).map((s) => s.index));
    let checked = 0, touching = 0;
    for (let k = 0; k < nz; k++) {
      for (let j = 1; j < ny - 1; j++) {
        for (let i = 1; i < nx - 1; i++) {
          const l = labels[at(i, j, k)];
          // Main bronchi open into the lung at the hila; only the trachea's slices are checked for airways.
          const air = l === LABEL.stomachGas || l === LABEL.tableSlot || (l === LABEL.airway && !bronchusSlices.has(k));
          if (!air) continue;
          checked++;
          for (const q of [at(i - 1, j, k), at(i + 1, j, k), at(i, j - 1, k), at(i, j + 1, k)]) if (isLungCode(labels[q])) touching++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(touching).toBe(0);
  });

  it('puts the stomach gas under the left lung base, never with lung below it', () => {
    let gasColumns = 0, leftLungAbove = 0, lungBelow = 0, gasOnRight = 0;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        let lowestGas = -1, highestGas = -1;
        for (let k = 0; k < nz; k++) {
          if (labels[at(i, j, k)] !== LABEL.stomachGas) continue;
          if (lowestGas < 0) lowestGas = k;
          highestGas = k;
        }
        if (lowestGas < 0) continue;
        gasColumns++;
        if (i >= nx / 2) gasOnRight++; // canonical x runs toward patient Right
        for (let k = 0; k < lowestGas; k++) if (isLungCode(labels[at(i, j, k)])) lungBelow++;
        for (let k = highestGas + 1; k < nz; k++) {
          if (labels[at(i, j, k)] === LABEL.leftLung || labels[at(i, j, k)] === LABEL.leftVessel) { leftLungAbove++; break; }
        }
      }
    }
    expect(gasColumns).toBeGreaterThan(0);
    expect(gasOnRight).toBe(0);
    expect(lungBelow).toBe(0);
    expect(leftLungAbove).toBeGreaterThan(gasColumns / 2);
  });

  it('has the trachea at the top of the volume, an air lumen of about 18 mm', () => {
    const top = truth.slices[nz - 1];
    expect(top.tracheaPx).toBeGreaterThan(0);
    const lumenMm2 = top.tracheaPx * 3.5 * 3.5;
    const diameter = 2 * Math.sqrt(lumenMm2 / Math.PI);
    expect(diameter).toBeGreaterThan(12);
    expect(diameter).toBeLessThan(24);
  });

  it('has arms as separate tissue islands when asked', () => {
    const withArms = generatePhantomWithLabels({ ...SMALL, arms: true, table: false });
    const d = withArms.spec.data as Int16Array;
    const k = nz >> 1, j = ny >> 1;
    // Walk a row from the left edge toward the centre: padding/air, arm tissue, air gap, then the body.
    const runs: string[] = [];
    for (let i = 0; i < nx / 2; i++) {
      const v = d[at(i, j, k)];
      const kind = v === withArms.truth.paddingHu ? 'pad' : v < -300 ? 'air' : 'tissue';
      if (runs[runs.length - 1] !== kind) runs.push(kind);
    }
    expect(runs.filter((r) => r === 'tissue').length).toBeGreaterThanOrEqual(2);
    expect(withArms.truth.slices.every((s) => s.tableSlotPx === 0)).toBe(true);
  });
});

describe('phantom table', () => {
  it('has an enclosed air slot that passes a 2000 px² hull test at 256×256, 1.4 mm', () => {
    const { spec, labels, truth } = generatePhantomWithLabels({ shape: [256, 256, 8], spacingMm: [1.4, 1.4, 2.5], seed: 4, orientation: 'RAS' });
    const [nx, ny] = spec.dims;
    const hu = spec.data as Int16Array;
    expect(truth.slices.every((s) => s.nonLungAir.includes('table_slot'))).toBe(true);
    // Largest slot: bounding box of the slot pixels in slice 0 that share a row with the most slot pixels.
    let best = { i0: 0, i1: -1, j0: 0, j1: -1 };
    for (let j = 0; j < ny; j++) {
      let i = 0;
      while (i < nx) {
        if (labels[i + j * nx] !== LABEL.tableSlot) { i++; continue; }
        const start = i;
        while (i < nx && labels[i + j * nx] === LABEL.tableSlot) i++;
        if (i - start > best.i1 - best.i0 + 1) best = { i0: start, i1: i - 1, j0: j, j1: j };
        else if (start === best.i0 && i - 1 === best.i1 && j === best.j1 + 1) best.j1 = j;
      }
    }
    const w = best.i1 - best.i0 + 1, h = best.j1 - best.j0 + 1;
    // Marching squares at level 0.95 puts the contour 0.05 px outside the slot pixels' centres.
    expect((w - 0.9) * (h - 0.9)).toBeGreaterThan(2000);
    // Enclosed: the ring of pixels around the slot is table plastic (HU well above -300), not air or padding.
    for (let i = best.i0 - 1; i <= best.i1 + 1; i++) {
      expect(hu[i + (best.j0 - 1) * nx]).toBeGreaterThan(-300);
      expect(hu[i + (best.j1 + 1) * nx]).toBeGreaterThan(-300);
    }
    for (let j = best.j0; j <= best.j1; j++) {
      expect(hu[best.i0 - 1 + j * nx]).toBeGreaterThan(-300);
      expect(hu[best.i1 + 1 + j * nx]).toBeGreaterThan(-300);
    }
    // A thin air gap separates the table from the body: some column has tissue, then air, then table.
    const mid = nx >> 1;
    const kinds: string[] = [];
    for (let j = best.j1 + 1; j < ny; j++) {
      const v = hu[mid + j * nx];
      const kind = v < -300 ? 'air' : 'solid';
      if (kinds[kinds.length - 1] !== kind) kinds.push(kind);
    }
    expect(kinds.slice(0, 3)).toEqual(['solid', 'air', 'solid']);
  });
});
