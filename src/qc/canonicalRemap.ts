import type { SlicePlan } from '../readers/slicing.js';

/**
 * For each pixel of a slice in the `canonical` plan (x toward Right, y toward Anterior), the index of the same
 * voxel in a slice read with `read` (same axial axis; e.g. the seed preset's stored orientation). Identity when
 * the two plans agree.
 */
export function canonicalPixelMap(read: SlicePlan, canonical: SlicePlan): Int32Array | null {
  if (read.axialAxis !== canonical.axialAxis) throw new RangeError('plans of different axial axes');
  if (read.xAxis === canonical.xAxis && read.yAxis === canonical.yAxis && read.xFlip === canonical.xFlip && read.yFlip === canonical.yFlip) return null;
  const dims = read.volumeDims;
  const map = new Int32Array(canonical.width * canonical.height);
  const v = [0, 0, 0];
  for (let y = 0, i = 0; y < canonical.height; y++) {
    for (let x = 0; x < canonical.width; x++, i++) {
      v[canonical.xAxis] = canonical.xFlip ? dims[canonical.xAxis] - 1 - x : x;
      v[canonical.yAxis] = canonical.yFlip ? dims[canonical.yAxis] - 1 - y : y;
      const sx = read.xFlip ? dims[read.xAxis] - 1 - v[read.xAxis] : v[read.xAxis];
      const sy = read.yFlip ? dims[read.yAxis] - 1 - v[read.yAxis] : v[read.yAxis];
      map[i] = sx + sy * read.width;
    }
  }
  return map;
}

export function remap<T extends Uint8Array | Float32Array>(data: T, map: Int32Array | null, make: (n: number) => T): T {
  if (!map) return data;
  const out = make(map.length);
  for (let i = 0; i < map.length; i++) out[i] = data[map[i]];
  return out;
}
