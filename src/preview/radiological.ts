import type { RgbaImage } from './rgbaImage.js';

/**
 * A canonical slice (read with orientation 'canonical': x increases toward the patient's Right, y toward Anterior,
 * row y = 0 first) turned into the radiological view: the patient's right on the image's LEFT (as if facing the
 * patient, looking up from the feet) and anterior at the TOP. Both axes are mirrored:
 * display (column c, row r) = slice (x = width-1-c, y = height-1-r). Without the x mirror the picture would be
 * in the neurological convention (right on the right); without the y mirror the spine would be at the top.
 */
export function toRadiological(slice: RgbaImage): RgbaImage {
  const { width, height, data } = slice;
  const out = new Uint8Array(data.length);
  for (let r = 0; r < height; r++) {
    const y = height - 1 - r;
    for (let c = 0; c < width; c++) {
      const x = width - 1 - c;
      out.set(data.subarray(4 * (y * width + x), 4 * (y * width + x) + 4), 4 * (r * width + c));
    }
  }
  return { width, height, data: out };
}
