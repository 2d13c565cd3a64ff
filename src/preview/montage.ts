import { blankImage, type Rgb, type RgbaImage } from './rgbaImage.js';

/** The images side by side, left to right, top-aligned, `gap` background pixels between them. */
export function montage(images: readonly RgbaImage[], gap = 4, background: Rgb = [0, 0, 0]): RgbaImage {
  if (images.length === 0) throw new RangeError('montage of no images');
  const width = images.reduce((w, im) => w + im.width, 0) + gap * (images.length - 1);
  const height = Math.max(...images.map((im) => im.height));
  const out = blankImage(width, height, background);
  let left = 0;
  for (const im of images) {
    const row = im.width * 4;
    for (let y = 0; y < im.height; y++) {
      out.data.set(im.data.subarray(y * row, (y + 1) * row), 4 * (y * width + left));
    }
    left += im.width + gap;
  }
  return out;
}
