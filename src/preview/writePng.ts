import { writeFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import type { RgbaImage } from './rgbaImage.js';

/** PNG bytes of an opaque RGBA image, stored as RGB (colour type 2): the alpha channel would only add bytes. */
export function encodePng(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png, { colorType: 2 });
}

export async function writePng(file: string, image: RgbaImage): Promise<void> {
  await writeFile(file, encodePng(image));
}
