import { describe, it, expect } from 'vitest';
import { analyseSlice, DEFAULT_ANATOMY_PARAMS, type SliceCandidates } from '../../src/stages/anatomy.js';
import { labelRuns } from '../../src/stages/anatomyRuns.js';
import type { HuSlice } from '../../src/stages/types.js';

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
});

describe('analyseSlice', () => {
  const result = analyseSlice({ ...DEFAULT_ANATOMY_PARAMS, minCandidateAreaMm2: 1 }, chest());

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
    expect(h.parenchymaPx).toBe(2 * 280 - 4);
  });
});
