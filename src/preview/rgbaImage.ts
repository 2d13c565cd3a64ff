/** An 8-bit RGBA picture, rows top to bottom, x fastest, 4 bytes per pixel (the layout pngjs packs). */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export type Rgb = readonly [number, number, number];

export function blankImage(width: number, height: number, fill: Rgb = [0, 0, 0]): RgbaImage {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new RangeError(`image size must be positive whole numbers, got ${width}x${height}`);
  }
  const data = new Uint8Array(width * height * 4);
  for (let o = 0; o < data.length; o += 4) {
    data[o] = fill[0];
    data[o + 1] = fill[1];
    data[o + 2] = fill[2];
    data[o + 3] = 255;
  }
  return { width, height, data };
}
