import { describe, it, expect } from 'vitest';
import { analyseSlice, type SliceCandidates } from '../../src/stages/anatomy.js';
import { BitRunScratch, labelBitRuns, labelRuns } from '../../src/stages/anatomyRuns.js';
import type { HuSlice } from '../../src/stages/types.js';
import { defaultPreset } from '../../pipeline.config.js';

/** A hand-made canonical slice: x toward patient Right, y toward Anterior. HU painted shape by shape. */
function paint(width: number, height: number, fn: (x: number, y: number) => number): HuSlice {
  const hu = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) hu[x + y * width] = fn(x, y);
  return { index: 0, width, height, hu, spacingMm: [1, 1] };
}
const inBox = (x: number, y: number, x0: number, y0: number, x1: number, y1: number) => x >= x0 && x <= x1 && y >= y0 && y <= y1;

/**
 * 60×50 slice: outside air -1000; body box x 10..49, y 10..39 (40 HU); left lung box x 13..26, y 14..33 (-850)
 * with a 2×2 vessel (40 HU) at x 18..19, y 20..21; right lung box x 33..46, y 14..33 (-850); a trachea 3×3 at
 * x 28..30, y 30..32 (-1000); a table x 5..54, y 43..47 (100 HU) with an air slot x 20..39, y 44..46 (-1000);
 * an arm x 1..7, y 15..25 (40 HU).
 */
function chest(): HuSlice {
  return paint(60, 50, (x, y) => {
    if (inBox(x, y, 18, 20, 19, 21)) return 40;
    if (inBox(x, y, 13, 14, 26, 33)) return -850;
    if (inBox(x, y, 33, 14, 46, 33)) return -850;
    if (inBox(x, y, 28, 30, 30, 32)) return -1000;
    if (inBox(x, y, 10, 10, 49, 39)) return 40;
    if (inBox(x, y, 20, 44, 39, 46)) return -1000;
    if (inBox(x, y, 5, 43, 54, 47)) return 100;
    if (inBox(x, y, 1, 15, 7, 25)) return 40;
    return -1000;
  });
}

function byArea(s: SliceCandidates) {
  return [...s.candidates].sort((a, b) => b.areaPx - a.areaPx);
}

describe('labelRuns', () => {
  it('joins diagonal runs only with 8-connectivity', () => {
    // 3×3 with a diagonal: (0,0), (1,1), (2,2) set.
    const m = new Uint8Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(labelRuns(m, 3, 3, 1, 4).nLabels).toBe(3);
    expect(labelRuns(m, 3, 3, 1, 8).nLabels).toBe(1);
    // The zeros: (1,0),(2,0),(2,1) and (0,1),(0,2),(1,2): two 4-components, one 8-component.
    expect(labelRuns(m, 3, 3, 0, 4).nLabels).toBe(2);
    expect(labelRuns(m, 3, 3, 0, 8).nLabels).toBe(1);
  });

  it('labelBitRuns (a word at a time) gives labelRuns\'s components, across word edges and a ragged last word', () => {
    let seed = 99;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const scratch = new BitRunScratch();
    for (const width of [5, 31, 32, 33, 64, 70]) {
      const height = 9, nw = (width + 31) >>> 5;
      const img = new Uint8Array(width * height).map(() => (rand() < 0.5 ? 1 : 0));
      const bits = new Int32Array(nw * height).map(() => (rand() * 2 ** 32) | 0); // garbage past the width
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const w = y * nw + (x >>> 5);
          bits[w] = img[y * width + x] ? bits[w] | (1 << (x & 31)) : bits[w] & ~(1 << (x & 31));
        }
      }
      for (const value of [0, 1] as const) {
        for (const conn of [4, 8] as const) {
          const a = labelRuns(img, width, height, value, conn), b = labelBitRuns(bits, nw, width, height, value, conn, scratch);
          expect(Array.from(b.runs), `${width} ${value} ${conn}`).toEqual(Array.from(a.runs));
          expect(Array.from(b.label), `${width} ${value} ${conn}`).toEqual(Array.from(a.label));
          expect(Array.from(b.touchesBorder)).toEqual(Array.from(a.touchesBorder));
        }
      }
    }
  });
});

describe('analyseSlice', () => {
  const result = analyseSlice({ ...defaultPreset.anatomy, minCandidateAreaMm2: 1 }, chest());

  it('finds the body, not the table or the arm', () => {
    expect(result.body?.bbox).toEqual([10, 10, 49, 39]);
    expect(result.body?.midlineX).toBe(29.5);
  });

  it('keeps only air enclosed by the body: two lungs and the trachea, not the table slot or outside air', () => {
    const c = byArea(result);
    expect(c.map((r) => r.areaPx)).toEqual([14 * 20, 14 * 20, 9]);
    expect(c.every((r) => r.bbox[1] >= 10 && r.bbox[3] <= 39)).toBe(true);
  });

  it('fills the vessel hole, counts it as vessel and tells parenchyma from gas by the median', () => {
    const [left] = byArea(result).filter((r) => r.bbox[0] === 13);
    expect(left.areaPx).toBe(280);
    expect(left.airPx).toBe(276);
    expect(left.vesselPx).toBe(4);
    expect(Array.from(left.vesselRuns)).toEqual([20, 18, 20, 21, 18, 20]);
    expect(left.medianAirHu).toBe(-850);
    expect(left.leftPx).toBe(280);
    expect(left.rightPx).toBe(0);
    const trachea = byArea(result)[2];
    expect(trachea.medianAirHu).toBe(-1000);
    expect(trachea.leftPx + trachea.rightPx).toBe(9);
    // Trachea x 28..30 around the midline 29.5: 28, 29 left; 30 right.
    expect(trachea.leftPx).toBe(6);
  });

  it('encodes regions as (y, x0, x1) runs in scan order', () => {
    const right = result.candidates.find((r) => r.bbox[0] === 33)!;
    expect(right.runs.length).toBe(20 * 3);
    expect(Array.from(right.runs.subarray(0, 3))).toEqual([14, 33, 47]);
    expect(right.rightPx).toBe(280);
  });

  it('reports histogram facts', () => {
    const h = result.histogram;
    expect(h.totalPx).toBe(3000);
    // Estimated from every 3rd pixel: 2 × 280 - 4 = 556 parenchyma pixels, within 10 %.
    expect(Math.abs(h.parenchymaPx / 556 - 1)).toBeLessThan(0.1);
  });
});

describe('analyseSlice: density, rim and notches', () => {
  it('reads the density on the core, so a gas pocket with a partial-volume rim reads as gas', () => {
    // Body x 2..27, y 2..27; a gas pocket x 9..17, y 9..17 (81 px): 5×5 of pure gas (-1000) inside a 2-px
    // partial-volume rim (-700, 56 px). Over all pixels the median would be -700 (lung-like); the core (the 7×7
    // pixels with four neighbours inside) holds 25 at -1000 and 24 at -700: median -1000.
    const slice = paint(30, 30, (x, y) => {
      if (inBox(x, y, 11, 11, 15, 15)) return -1000;
      if (inBox(x, y, 9, 9, 17, 17)) return -700;
      if (inBox(x, y, 2, 2, 27, 27)) return 40;
      return -1000;
    });
    const [gas] = analyseSlice({ ...defaultPreset.anatomy, minCandidateAreaMm2: 1 }, slice).candidates;
    expect(gas.areaPx).toBe(81);
    expect(gas.medianAirHu).toBe(-1000);
    expect(gas.meanAirHu).toBeCloseTo((25 * -1000 + 56 * -700) / 81, 3);
  });

  it('does not count the lung rim between the vessel and the air thresholds as vessel', () => {
    // Lung x 5..24, y 5..24 at -850 with its outer ring at -450 (air-like below -400, vessel-dense from -500).
    const slice = paint(30, 30, (x, y) => {
      if (inBox(x, y, 6, 6, 23, 23)) return -850;
      if (inBox(x, y, 5, 5, 24, 24)) return -450;
      return inBox(x, y, 1, 1, 28, 28) ? 40 : -1000;
    });
    const [lung] = analyseSlice({ ...defaultPreset.anatomy, minCandidateAreaMm2: 1, closingRadiusMm: 0 }, slice).candidates;
    expect(lung.areaPx).toBe(400);
    expect(lung.vesselPx).toBe(0);
  });

  it('gives back a notch cut by a vessel on the lung edge, as lung and vessel, but not a wide concavity', () => {
    // Lung x 5..34, y 5..34 (-850) in a body x 1..48, y 1..38. A vessel 3 px wide (x 15..17, 40 HU) enters from
    // the bottom edge 6 px deep (y 5..10), joined to body tissue: a notch. A wide bay x 25..34, y 25..34 is cut
    // out of the lung's corner (tissue): a concavity far wider than the 4 mm closing, it must stay out.
    const slice = paint(50, 40, (x, y) => {
      if (inBox(x, y, 15, 5, 17, 10)) return 40;
      if (inBox(x, y, 25, 25, 34, 34)) return 40;
      if (inBox(x, y, 5, 5, 34, 34)) return -850;
      return inBox(x, y, 1, 1, 48, 38) ? 40 : -1000;
    });
    const open = analyseSlice({ ...defaultPreset.anatomy, minCandidateAreaMm2: 1, closingRadiusMm: 0 }, slice).candidates[0];
    const closed = analyseSlice({ ...defaultPreset.anatomy, minCandidateAreaMm2: 1 }, slice).candidates[0];
    expect(open.areaPx).toBe(900 - 100 - 18);
    expect(open.vesselPx).toBe(0);
    // The closing adds the 18 notch pixels (all vessel) and only the inner corner's few pixels of the bay's
    // rounded-off corner: an octagon of radius 4 px fills an L-shaped corner by a handful of pixels.
    expect(closed.vesselPx).toBeGreaterThanOrEqual(18);
    expect(closed.areaPx - open.areaPx).toBe(closed.vesselPx);
    expect(closed.areaPx - open.areaPx).toBeLessThan(18 + 15);
  });
});

describe('analyseSlice: airways inside the lung', () => {
  it('counts a bronchus (wall around a lumen) inside the lung as lung but its wall not as vessel', () => {
    // Lung x 5..34, y 5..34 (-850). A bronchus: wall ring x 14..20, y 14..20 (40 HU, 2 px thick at 1 mm) around a
    // lumen x 16..18, y 16..18 (-1000). A vessel x 26..28, y 26..28 (40 HU) far from it.
    const slice = paint(40, 40, (x, y) => {
      if (inBox(x, y, 16, 16, 18, 18)) return -1000;
      if (inBox(x, y, 14, 14, 20, 20)) return 40;
      if (inBox(x, y, 26, 26, 28, 28)) return 40;
      if (inBox(x, y, 5, 5, 34, 34)) return -850;
      return inBox(x, y, 1, 1, 38, 38) ? 40 : -1000;
    });
    const result = analyseSlice({ ...defaultPreset.anatomy, minCandidateAreaMm2: 1 }, slice);
    expect(result.candidates.length).toBe(1);
    const [lung] = result.candidates;
    expect(lung.areaPx).toBe(900);
    expect(lung.vesselPx).toBe(9);
    expect(Array.from(lung.vesselRuns)).toEqual([26, 26, 29, 27, 26, 29, 28, 26, 29]);
  });
});

describe('analyseSlice: holes the closing encloses (closingFillsHoles)', () => {
  // Lung x 5..44, y 5..44 (-850) in a body x 1..58, y 1..48 (40 HU), 1 mm pixels. A tangle of vessels x 20..29,
  // y 20..29 (40 HU) inside the lung touches the chest wall by one thin branch y 24..25, x 5..19: tissue joined to
  // the body, so not a hole of the lung's air. The 4 mm closing bridges the 2 px branch; then the tangle is enclosed.
  const tangle = (lumen: boolean) => paint(60, 50, (x, y) => {
    if (lumen && inBox(x, y, 23, 23, 26, 26)) return -1000;
    if (inBox(x, y, 20, 20, 29, 29) || inBox(x, y, 5, 24, 19, 25)) return 40;
    if (inBox(x, y, 5, 5, 44, 44)) return -850;
    return inBox(x, y, 1, 1, 58, 48) ? 40 : -1000;
  });
  const params = { ...defaultPreset.anatomy, minCandidateAreaMm2: 1 };

  it('fills the tangle once its branch is bridged: the whole lung outline, vessels counted, the tangle an island', () => {
    const filled = analyseSlice(params, tangle(false)).candidates;
    const open = analyseSlice({ ...params, closingFillsHoles: false }, tangle(false)).candidates;
    expect(filled).toHaveLength(1);
    expect(filled[0].areaPx).toBe(1600);
    expect(filled[0].vesselPx).toBe(100 + 30);
    expect(open[0].areaPx).toBeLessThanOrEqual(1600 - 80); // 1512: the closing rounds off only the tangle's corners
    // The part of the tangle the closing did not reach is reported, so a diaphragm dome filled this way can be
    // taken back as one enclosed from the start.
    const island = filled[0].islands.find((i) => i.bbox[0] >= 20 && i.bbox[2] <= 29);
    expect(island).toBeDefined();
    expect(island!.vesselPx).toBe(island!.areaPx);
  });

  it('takes in a bronchus lumen lying inside the filled hole (one region, not a gas candidate beside the lung)', () => {
    const filled = analyseSlice(params, tangle(true)).candidates;
    const open = analyseSlice({ ...params, closingFillsHoles: false }, tangle(true)).candidates;
    expect(open).toHaveLength(2);
    expect(open.map((c) => c.areaPx).sort((a, b) => a - b)[0]).toBe(16);
    expect(filled).toHaveLength(1);
    expect(filled[0].areaPx).toBe(1600);
    expect(filled[0].airPx).toBe(1600 - (100 - 16) - 30);
    expect(filled[0].islands.some((i) => i.bbox[0] >= 20 && i.bbox[2] <= 29)).toBe(false);
  });

  // The lumen (x, y 23..26) is gas: the tangle within 2 mm of it (x, y 21..28 less the lumen, 48 px) is its wall,
  // not vessel; the rest of the tangle (84 - 48 px) and the branch (30 px) stay vessel.
  it('a swallowed lumen of gas: the tissue within airwayWallMm of it is bronchial wall, not vessel', () => {
    const [lung] = analyseSlice(params, tangle(true)).candidates;
    expect(lung.vesselPx).toBe(84 - 48 + 30);
    const [off] = analyseSlice({ ...params, swallowedLumenMaxMedianHu: -10000 }, tangle(true)).candidates;
    expect(off.vesselPx).toBe(84 + 30);
  });

  it('a swallowed piece of lung density, or a speck of gas under 3 mm², leaves the tissue round it vessel', () => {
    const piece = paint(60, 50, (x, y) => {
      if (inBox(x, y, 23, 23, 26, 26)) return -850;
      if (inBox(x, y, 20, 20, 29, 29) || inBox(x, y, 5, 24, 19, 25)) return 40;
      if (inBox(x, y, 5, 5, 44, 44)) return -850;
      return inBox(x, y, 1, 1, 58, 48) ? 40 : -1000;
    });
    const [lung] = analyseSlice(params, piece).candidates;
    expect(lung.areaPx).toBe(1600);
    expect(lung.vesselPx).toBe(84 + 30);
    const speck = paint(60, 50, (x, y) => {
      if (inBox(x, y, 24, 24, 24, 25)) return -1000; // 2 px: 2 mm²
      if (inBox(x, y, 20, 20, 29, 29) || inBox(x, y, 5, 24, 19, 25)) return 40;
      if (inBox(x, y, 5, 5, 44, 44)) return -850;
      return inBox(x, y, 1, 1, 58, 48) ? 40 : -1000;
    });
    const [withSpeck] = analyseSlice(params, speck).candidates;
    expect(withSpeck.vesselPx).toBe(98 + 30);
  });
});
