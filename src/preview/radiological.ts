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
  const n = width * height;
  // Both mirrors together turn the picture half a turn: pixel i goes to n-1-i. One 32-bit word per RGBA pixel.
  if (data.byteOffset % 4 === 0) {
    const from = new Uint32Array(data.buffer, data.byteOffset, n);
    const to = new Uint32Array(out.buffer, 0, n);
    for (let i = 0, j = n - 1; i < n; i++, j--) to[i] = from[j];
  } else {
    for (let i = 0, j = n - 1; i < n; i++, j--) {
      const a = 4 * i, b = 4 * j;
      out[a] = data[b]; out[a + 1] = data[b + 1]; out[a + 2] = data[b + 2]; out[a + 3] = data[b + 3];
    }
  }
  return { width, height, data: out };
}
