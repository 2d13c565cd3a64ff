import { describe, it, expect } from 'vitest';
import { rasterizePolygons, type RasterizeParams } from '../../src/stages/rasterize.js';

// Every expected mask below was produced by Debian's Pillow 9.4.0 (python3-pil 9.4.0-1.1+deb12u1), exactly as the
// tutorial's create_mask_from_polygon draws: per polygon a fresh 'L' canvas Image.new('L', (w, h)),
// ImageDraw.Draw(img).polygon([(x, y), ...], fill=1, outline=0)  (or fill=1 alone for "no erase"),
// canvases OR-ed; np.array(img) printed row by row (row = y, character = x).

const ERASE: RasterizeParams = { rule: 'pillow', eraseOutline: true };
const FILL: RasterizeParams = { rule: 'pillow', eraseOutline: false };

function draw(params: RasterizeParams, w: number, h: number, polys: number[][][]): string {
  const m = rasterizePolygons(params, polys.map((p) => ({ xy: Float64Array.from(p.flat()) })), w, h);
  expect(m.width).toBe(w);
  expect(m.height).toBe(h);
  const rows: string[] = [];
  for (let y = 0; y < h; y++) rows.push(Array.from(m.data.subarray(y * w, (y + 1) * w)).join(''));
  return rows.join('\n');
}

const lines = (...rows: string[]): string => rows.join('\n');

describe("rasterizePolygons 'pillow' (Pillow 9.4 polygon fill + 0-outline)", () => {
  const square = [[1, 1], [6, 1], [6, 6], [1, 6]];

  it('an integer square: the fill covers the closed square, the 0-outline erases its whole border', () => {
    expect(draw(FILL, 8, 8, [square])).toBe(lines(
      '00000000', '01111110', '01111110', '01111110', '01111110', '01111110', '01111110', '00000000'));
    expect(draw(ERASE, 8, 8, [square])).toBe(lines(
      '00000000', '00000000', '00111100', '00111100', '00111100', '00111100', '00000000', '00000000'));
  });

  it('a triangle, filled and with the outline erased', () => {
    const tri = [[1, 1], [7, 1], [4, 6]];
    expect(draw(FILL, 9, 7, [tri])).toBe(lines(
      '000000000', '011111110', '001111100', '001111100', '000111000', '000111000', '000010000'));
    expect(draw(ERASE, 9, 7, [tri])).toBe(lines(
      '000000000', '000000000', '000111000', '000111000', '000010000', '000010000', '000000000'));
  });

  it('a diamond: Bresenham diagonals erase exactly the border pixels', () => {
    const diamond = [[4, 0], [8, 4], [4, 8], [0, 4]];
    expect(draw(FILL, 9, 9, [diamond])).toBe(lines(
      '000010000', '000111000', '001111100', '011111110', '111111111', '011111110', '001111100', '000111000', '000010000'));
    expect(draw(ERASE, 9, 9, [diamond])).toBe(lines(
      '000000000', '000010000', '000111000', '001111100', '011111110', '001111100', '000111000', '000010000', '000000000'));
  });

  it('fractional vertices are truncated toward zero (x.95 -> x, -0.3 -> 0, 0.99 -> 0), not rounded', () => {
    const fractional = [[1.95, 1.2], [6.95, 0.99], [6.5, 6.95], [-0.3, 5.7]];
    const truncated = [[1, 1], [6, 0], [6, 6], [0, 5]];
    const expected = lines('00000010', '01111110', '01111110', '01111110', '11111110', '11111110', '00000010', '00000000');
    expect(draw(FILL, 8, 8, [fractional])).toBe(expected);
    expect(draw(FILL, 8, 8, [truncated])).toBe(expected);
  });

  it('a concave polygon (notch from below), filled and erased', () => {
    const concave = [[1, 1], [8, 1], [8, 6], [5, 3], [1, 6]];
    expect(draw(FILL, 10, 8, [concave])).toBe(lines(
      '0000000000', '0111111110', '0111111110', '0111111110', '0111101110', '0110000110', '0100000010', '0000000000'));
    expect(draw(ERASE, 10, 8, [concave])).toBe(lines(
      '0000000000', '0000000000', '0011111100', '0011101100', '0011000100', '0000000000', '0000000000', '0000000000'));
  });

  it("two overlapping polygons: A's erased outline inside B does not erase B (separate canvases), in either order", () => {
    const inner = square;
    const outer = [[0, 0], [11, 0], [11, 7], [0, 7]];
    const expected = lines(
      '000000000000', '011111111110', '011111111110', '011111111110', '011111111110', '011111111110', '011111111110', '000000000000');
    expect(draw(ERASE, 12, 8, [inner, outer])).toBe(expected);
    expect(draw(ERASE, 12, 8, [outer, inner])).toBe(expected);
  });

  it('a polygon partly outside the canvas is clipped; off-canvas outline pixels erase nothing', () => {
    const rect = [[-3, -2], [4, -2], [4, 3], [-3, 3]];
    expect(draw(FILL, 6, 5, [rect])).toBe(lines('111110', '111110', '111110', '111110', '000000'));
    expect(draw(ERASE, 6, 5, [rect])).toBe(lines('111100', '111100', '111100', '000000', '000000'));
  });

  it('a closed contour repeating its first point draws the same as the open one', () => {
    const closed = [...square, [1, 1]];
    expect(draw(ERASE, 8, 8, [closed])).toBe(draw(ERASE, 8, 8, [square]));
    expect(draw(FILL, 8, 8, [closed])).toBe(draw(FILL, 8, 8, [square]));
    // and the same with fractional closed contours as skimage gives them
    const ring = [[2.05, 3], [3, 1.05], [5, 1.05], [5.95, 3], [5, 5.95], [3, 5.95], [2.05, 3]];
    const ringMask = lines('00000000', '00000000', '00001000', '00011000', '00011000', '00000000', '00000000', '00000000');
    expect(draw(ERASE, 8, 8, [ring])).toBe(ringMask);
    expect(draw(ERASE, 8, 8, [ring.slice(0, -1)])).toBe(ringMask);
  });

  it('duplicate consecutive points change nothing', () => {
    expect(draw(FILL, 8, 8, [[[1, 1], [6, 1], [6, 1], [6, 6], [1, 6]]])).toBe(draw(FILL, 8, 8, [square]));
  });

  it('fewer than 3 distinct points: what Pillow leaves behind, and nothing for a single point', () => {
    // Two points: the fill draws the segment, the outline's two Bresenham passes miss one pixel.
    expect(draw(FILL, 6, 6, [[[1, 1], [4, 3]]])).toBe(lines('000000', '011000', '001100', '000010', '000000', '000000'));
    expect(draw(ERASE, 6, 6, [[[1, 1], [4, 3]]])).toBe(lines('000000', '001000', '000000', '000000', '000000', '000000'));
    // One point repeated: the empty closing edge is drawn as a pixel, the empty outline lines erase nothing.
    const dot = lines('000000', '000000', '001000', '000000', '000000', '000000');
    expect(draw(FILL, 6, 6, [[[2, 2], [2, 2], [2, 2]]])).toBe(dot);
    expect(draw(ERASE, 6, 6, [[[2, 2], [2, 2], [2, 2]]])).toBe(dot);
    // A single point: Pillow raises TypeError ("coordinate list must contain at least 2 coordinates"); we draw nothing.
    expect(draw(ERASE, 6, 6, [[[2, 2]]])).toBe(lines('000000', '000000', '000000', '000000', '000000', '000000'));
  });

  it('a sliver whose rounded span ends cross is still drawn (9.4 hline8 swaps reversed ends)', () => {
    expect(draw(FILL, 14, 13, [[[13, 7], [5, 11], [13, 7]]])).toBe(lines(
      '00000000000000', '00000000000000', '00000000000000', '00000000000000', '00000000000000', '00000000000000',
      '00000000000000', '00000000000011', '00000000000100', '00000000010000', '00000001000000', '00000110000000',
      '00000000000000'));
  });

  it("Pillow 9.1's corner patch pulls an off-canvas corner back onto the canvas", () => {
    // Truncated: (-1,18) (3,18) (5,15) (-2,13) (7,15). The corner at (-2, 13) alone would stay off-canvas;
    // the patch moves its intersection to 1, so row 13 gets pixels 0..1.
    const poly = [[-1.78, 18.38], [3.64, 18.38], [5.67, 15.1], [-2.31, 13.63], [7.33, 15.66], [-1.78, 18.38]];
    const expected = Array.from({ length: 16 }, () => '00000');
    expected[13] = '11000';
    expected[14] = '00100';
    expect(draw(FILL, 5, 16, [poly])).toBe(lines(...expected));
  });

  it('empty input, zero-sized canvas, and inputs left untouched', () => {
    expect(draw(ERASE, 3, 2, [])).toBe(lines('000', '000'));
    expect(rasterizePolygons(ERASE, [{ xy: Float64Array.from([0, 0, 5, 0, 5, 5]) }], 0, 4).data.length).toBe(0);
    const xy = Float64Array.from([1.5, 1.5, 6.5, 1.5, 6.5, 6.5]);
    rasterizePolygons(ERASE, [{ xy }], 8, 8);
    expect(Array.from(xy)).toEqual([1.5, 1.5, 6.5, 1.5, 6.5, 6.5]);
    expect(() => rasterizePolygons(ERASE, [{ xy: Float64Array.from([0, 0, NaN, 1, 2, 2]) }], 4, 4)).toThrow(RangeError);
    expect(() => rasterizePolygons(ERASE, [], 2.5, 4)).toThrow(RangeError);
  });

  it('a non-square canvas keeps x along the width (pixel (x, y) at x + y * width)', () => {
    // Pillow canvas (w=7, h=3): rectangle x 1..5, y 0..2 filled.
    const m = rasterizePolygons(FILL, [{ xy: Float64Array.from([1, 0, 5, 0, 5, 2, 1, 2]) }], 7, 3);
    expect(Array.from(m.data).join('')).toBe('0111110' + '0111110' + '0111110');
  });
});
