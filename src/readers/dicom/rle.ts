import { ReadError } from '../errors.js';

/**
 * DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, one PackBits segment per byte plane,
 * most significant plane first. Returns the frame as little-endian stored bytes.
 */
export function decodeRle(frame: Uint8Array, pixels: number, bytesPerPixel: number, path: string): Uint8Array {
  if (frame.length < 64) throw new ReadError('dicom-decode-failed', `${path}: the RLE frame is ${frame.length} bytes, shorter than its 64-byte header`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.length);
  const segments = view.getUint32(0, true);
  if (segments !== bytesPerPixel) {
    throw new ReadError('dicom-decode-failed', `${path}: the RLE frame has ${segments} segments, a ${bytesPerPixel * 8}-bit grey-scale image needs ${bytesPerPixel}`);
  }
  const out = new Uint8Array(pixels * bytesPerPixel);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : frame.length;
    // Segment 0 holds the most significant bytes; little-endian output puts them last in each pixel.
    const lane = bytesPerPixel - 1 - s;
    let o = 0, i = start;
    while (o < pixels && i < end) {
      const n = (frame[i++] << 24) >> 24;
      if (n >= 0) {
        for (let c = 0; c <= n && o < pixels; c++) out[(o++) * bytesPerPixel + lane] = frame[i++];
      } else if (n !== -128) {
        const v = frame[i++];
        for (let c = 0; c < 1 - n && o < pixels; c++) out[(o++) * bytesPerPixel + lane] = v;
      }
    }
    if (o < pixels) throw new ReadError('dicom-decode-failed', `${path}: RLE segment ${s + 1} of ${segments} ends after ${o} of ${pixels} pixels`);
  }
  return out;
}
