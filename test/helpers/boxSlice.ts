import type { HuSlice } from '../../src/stages/types.js';

export const BOX_SLICE_WIDTH = 60;
export const BOX_SLICE_HEIGHT = 50;

/** True when (x, y) lies in the inclusive box [x0, y0, x1, y1]. */
export const inBox = (x: number, y: number, b: readonly number[]) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

/** A 60×50 canonical slice at 2 mm pixels: body x 5..54, y 5..44 (40 HU) and the given boxes painted in order. */
export function boxSlice(index: number, boxes: Array<[readonly number[], number]>): HuSlice {
  const width = BOX_SLICE_WIDTH, height = BOX_SLICE_HEIGHT;
  const hu = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = inBox(x, y, [5, 5, 54, 44]) ? 40 : -1000;
      for (const [b, h] of boxes) if (inBox(x, y, b)) v = h;
      hu[x + y * width] = v;
    }
  }
  return { index, width, height, hu, spacingMm: [2, 2] };
}
