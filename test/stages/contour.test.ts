import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { findContours, type ContourParams } from '../../src/stages/contour.js';
import type { BinaryImage } from '../../src/stages/types.js';
import { needSharedData, sharedFile } from '../helpers/sharedData.js';

/**
 * Builds a 0/1 image from numpy-style rows: rows[x] is numpy row x (axis 0), its characters run along y.
 * So the picture reads exactly like `np.array([[...], ...])` printed by Python.
 */
function image(rows: string[]): BinaryImage {
  const width = rows.length;
  const height = rows[0].length;
  const data = new Uint8Array(width * height);
  rows.forEach((row, x) => [...row].forEach((ch, y) => (data[x + y * width] = ch === '1' ? 1 : 0)));
  return { width, height, data };
}

function contoursOf(rows: string[], params: Partial<ContourParams> = {}): number[][][] {
  const cs = findContours({ level: 0.95, fullyConnected: 'low', ...params }, image(rows));
  return cs.map((c) => {
    const pts: number[][] = [];
    for (let i = 0; i < c.xy.length; i += 2) pts.push([c.xy[i], c.xy[i + 1]]);
    return pts;
  });
}

// Every expected array below was printed by Debian's python3-skimage 0.19.3:
// `measure.find_contours(np.array(rows, float), level, fully_connected=...)`, floats via repr().
const OFF = 0.050000000000000044; // 0 + (0.95 - 1) / (0 - 1): a vertex 0.05 away from a 1-pixel at 0

describe('findContours (skimage find_contours on a 0/1 image)', () => {
  it('a single 1-pixel gives one closed 5-point diamond (first point repeated)', () => {
    expect(contoursOf(['000', '010', '000'])).toEqual([[[1.05, 1.0], [1.0, 0.95], [0.95, 1.0], [1.0, 1.05], [1.05, 1.0]]]);
  });

  it('keeps the float64 vertex offset exactly: 0.050000000000000044, not 0.05', () => {
    const [c] = contoursOf(['010', '000', '000']);
    expect(c).toEqual([[0.0, 1.05], [OFF, 1.0], [0.0, 0.95]]);
    expect(c[1][0]).not.toBe(0.05);
  });

  it('an open contour at the border runs border to border; in a corner it has only 2 points', () => {
    expect(contoursOf(['100', '000', '000'])).toEqual([[[0.0, OFF], [OFF, 0.0]]]);
  });

  it('saddle ul/lr (case 9): two contours under low, one under high', () => {
    const rows = ['0000', '0100', '0010', '0000'];
    expect(contoursOf(rows)).toEqual([
      [[1.05, 1.0], [1.0, 0.95], [0.95, 1.0], [1.0, 1.05], [1.05, 1.0]],
      [[2.05, 2.0], [2.0, 1.95], [1.95, 2.0], [2.0, 2.05], [2.05, 2.0]],
    ]);
    expect(contoursOf(rows, { fullyConnected: 'high' })).toEqual([
      [[2.05, 2.0], [2.0, 1.95], [1.05, 1.0], [1.0, 0.95], [0.95, 1.0], [1.0, 1.05], [1.95, 2.0], [2.0, 2.05], [2.05, 2.0]],
    ]);
  });

  it('saddle ur/ll (case 6): two contours under low, one under high', () => {
    const rows = ['0000', '0010', '0100', '0000'];
    expect(contoursOf(rows)).toEqual([
      [[1.05, 2.0], [1.0, 1.95], [0.95, 2.0], [1.0, 2.05], [1.05, 2.0]],
      [[2.05, 1.0], [2.0, 0.95], [1.95, 1.0], [2.0, 1.05], [2.05, 1.0]],
    ]);
    expect(contoursOf(rows, { fullyConnected: 'high' })).toEqual([
      [[2.05, 1.0], [2.0, 0.95], [1.95, 1.0], [1.0, 1.95], [0.95, 2.0], [1.0, 2.05], [1.05, 2.0], [2.0, 1.05], [2.05, 1.0]],
    ]);
  });

  it('a 0-hole inside a 1-region gives an outer and an inner closed contour', () => {
    expect(contoursOf(['000000', '011110', '011110', '010110', '011110', '000000'])).toEqual([
      [[4.05, 4.0], [4.05, 3.0], [4.05, 2.0], [4.05, 1.0], [4.0, 0.95], [3.0, 0.95], [2.0, 0.95], [1.0, 0.95], [0.95, 1.0],
        [0.95, 2.0], [0.95, 3.0], [0.95, 4.0], [1.0, 4.05], [2.0, 4.05], [3.0, 4.05], [4.0, 4.05], [4.05, 4.0]],
      [[3.0, 2.95], [2.05, 2.0], [3.0, 1.05], [3.95, 2.0], [3.0, 2.95]],
    ]);
  });

  it('a 0-region inside 1s (the body in air) is closed and wound the other way', () => {
    expect(contoursOf(['11111', '10001', '10001', '10001', '11111'])).toEqual([
      [[3.0, 3.95], [2.0, 3.95], [1.0, 3.95], [OFF, 3.0], [OFF, 2.0], [OFF, 1.0], [1.0, OFF], [2.0, OFF], [3.0, OFF],
        [3.95, 1.0], [3.95, 2.0], [3.95, 3.0], [3.0, 3.95]],
    ]);
  });

  it('matches skimage on a mixed image, low and high, and at level 0.5', () => {
    const rows = ['10010', '00110', '01000', '00001'];
    expect(contoursOf(rows)).toEqual([
      [[0.0, OFF], [OFF, 0.0]],
      [[0.0, 3.05], [1.0, 3.05], [1.05, 3.0], [1.05, 2.0], [1.0, 1.95], [0.95, 2.0], [0.0, 2.95]],
      [[2.05, 1.0], [2.0, 0.95], [1.95, 1.0], [2.0, 1.05], [2.05, 1.0]],
      [[3.0, 3.95], [2.95, 4.0]],
    ]);
    expect(contoursOf(rows, { fullyConnected: 'high' })).toEqual([
      [[0.0, OFF], [OFF, 0.0]],
      [[0.0, 3.05], [1.0, 3.05], [1.05, 3.0], [1.05, 2.0], [2.0, 1.05], [2.05, 1.0], [2.0, 0.95], [1.95, 1.0], [1.0, 1.95], [0.95, 2.0], [0.0, 2.95]],
      [[3.0, 3.95], [2.95, 4.0]],
    ]);
    expect(contoursOf(rows, { level: 0.5 })).toEqual([
      [[0.0, 0.5], [0.5, 0.0]],
      [[0.0, 3.5], [1.0, 3.5], [1.5, 3.0], [1.5, 2.0], [1.0, 1.5], [0.5, 2.0], [0.0, 2.5]],
      [[2.5, 1.0], [2.0, 0.5], [1.5, 1.0], [2.0, 1.5], [2.5, 1.0]],
      [[3.0, 3.5], [2.5, 4.0]],
    ]);
  });

  it('matches skimage on a random 7x8 image (contour order and point order, joins of partial contours)', () => {
    // rows from numpy.random.default_rng(11).random((7, 8)) < 0.45
    const rows = ['10011011', '00100110', '00000100', '10100101', '10110101', '11100011', '10001100'];
    expect(contoursOf(rows)).toEqual([
      [[0.0, OFF], [OFF, 0.0]],
      [[1.05, 2.0], [1.0, 1.95], [0.95, 2.0], [1.0, 2.05], [1.05, 2.0]],
      [[0.0, 4.05], [OFF, 4.0], [OFF, 3.0], [0.0, 2.95]],
      [[OFF, 7.0], [1.0, 6.05], [1.05, 6.0], [2.0, 5.05], [3.0, 5.05], [4.0, 5.05], [4.05, 5.0], [4.0, 4.95], [3.0, 4.95],
        [2.0, 4.95], [1.0, 4.95], [0.95, 5.0], [0.0, 5.95]],
      [[2.95, 0.0], [3.0, OFF], [4.0, OFF], [4.95, 1.0], [4.0, 1.95], [3.0, 1.95], [2.95, 2.0], [3.0, 2.05], [3.95, 3.0],
        [4.0, 3.05], [4.05, 3.0], [5.0, 2.05], [5.05, 2.0], [5.05, 1.0], [6.0, OFF]],
      [[5.05, 7.0], [5.05, 6.0], [5.0, 5.95], [4.95, 6.0], [4.0, 6.95], [3.0, 6.95], [2.95, 7.0]],
      [[6.0, 3.95], [5.95, 4.0], [5.95, 5.0], [6.0, 5.05]],
    ]);
  });

  it('finds nothing in a uniform image or at a level outside [0, 1), and treats any non-zero byte as 1', () => {
    expect(contoursOf(['000', '000'])).toEqual([]);
    expect(contoursOf(['111', '111'])).toEqual([]);
    expect(contoursOf(['000', '010', '000'], { level: 1 })).toEqual([]);
    expect(contoursOf(['000', '010', '000'], { level: -0.5 })).toEqual([]);
    const img = image(['000', '010', '000']);
    img.data[4] = 255;
    expect(findContours({ level: 0.95, fullyConnected: 'low' }, img)).toHaveLength(1);
  });

  it('refuses levels that would put vertices on pixel centres, and images smaller than 2x2', () => {
    expect(() => contoursOf(['000', '010', '000'], { level: 0 })).toThrow(RangeError);
    expect(() => contoursOf(['000', '010', '000'], { level: 1 - 2 ** -53 })).toThrow(RangeError);
    expect(() => findContours({ level: 0.95, fullyConnected: 'low' }, { width: 1, height: 5, data: new Uint8Array(5) })).toThrow(RangeError);
  });
});


/** Minimal reader for the seed slices: int16 2-D NIfTI-1, little endian, slope 1 / intercept 0. */
function airOfSeedSlice(name: string): BinaryImage {
  const buf = gunzipSync(readFileSync(sharedFile('seed-slices', name)));
  const width = buf.readInt16LE(42); // dim[1]
  const height = buf.readInt16LE(44); // dim[2]
  const offset = buf.readFloatLE(108); // vox_offset
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = buf.readInt16LE(offset + 2 * i) < -300 ? 1 : 0;
  return { width, height, data };
}

const seedSlices = needSharedData('findContours on real seed slices', 'seed-slices');

describe.skipIf(seedSlices.skip)(seedSlices.title, () => {
  // Expected from Debian's skimage 0.19.3 on (nib.load(f).get_fdata() < -300).astype(float), level 0.95:
  // number of contours, total points, the first 5 contour lengths, and two float64 sums over the flattened
  // points in contour order (plain sum; sum of value * (i % 7 + 1)), which pin every coordinate and the order.
  const expected = [
    { name: 'slice001.nii.gz', n: 37, points: 5806, first: [637, 638, 296, 242, 1527], sum: 3554667.4999999693, wsum: 14216857.00000001 },
    { name: 'slice003.nii.gz', n: 274, points: 6545, first: [218, 200, 1741, 5, 5], sum: 3746997.4500000183, wsum: 14989707.599999987 },
    { name: 'slice004.nii.gz', n: 128, points: 7724, first: [2240, 205, 193, 7, 1381], sum: 4653007.599999948, wsum: 18610926.200000007 },
  ];
  for (const e of expected) {
    it(`${e.name}: same contours and points as skimage`, () => {
      const cs = findContours({ level: 0.95, fullyConnected: 'low' }, airOfSeedSlice(e.name));
      expect(cs.length).toBe(e.n);
      expect(cs.reduce((s, c) => s + c.xy.length / 2, 0)).toBe(e.points);
      expect(cs.slice(0, 5).map((c) => c.xy.length / 2)).toEqual(e.first);
      let sum = 0;
      let wsum = 0;
      let i = 0;
      for (const c of cs) {
        for (const v of c.xy) {
          sum += v;
          wsum += v * ((i % 7) + 1);
          i++;
        }
      }
      expect(sum).toBe(e.sum);
      expect(wsum).toBe(e.wsum);
    });
  }
});
