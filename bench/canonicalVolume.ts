/**
 * A small whole-volume NIfTI loader for the benchmark and the real-data tests, until `openNifti` is committed:
 * HU (slope/intercept applied) reoriented to RAS+ by the affine's closest axes, sliced along the axis closest to
 * world z. Slice `index` is the stored index along that axis, as the real reader reports it.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as nifti from 'nifti-reader-js';
import type { HuSlice } from '../src/stages/types.js';

export interface CanonicalVolume {
  readonly slices: HuSlice[];
  readonly sliceSpacingMm: number;
  readonly inPlaneSpacingMm: readonly [number, number];
  readonly superiorIsHigherIndex: boolean;
}

export function loadCanonical(path: string): CanonicalVolume {
  let bytes: Uint8Array = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const h = nifti.readHeader(buf) as any;
  const image = nifti.readImage(h, buf);
  const dims = [h.dims[1], h.dims[2] || 1, h.dims[3] || 1];
  const ctor: any = ({ 2: Uint8Array, 4: Int16Array, 8: Int32Array, 16: Float32Array, 64: Float64Array, 256: Int8Array, 512: Uint16Array, 768: Uint32Array } as any)[h.datatypeCode];
  const n = dims[0] * dims[1] * dims[2];
  const raw = new ctor(image, 0, n);
  const slope = h.scl_slope === 0 || Number.isNaN(h.scl_slope) ? 1 : h.scl_slope;
  const inter = Number.isNaN(h.scl_inter) ? 0 : h.scl_inter;
  const A: number[][] = h.affine;
  // For each voxel axis: the world axis it is closest to, and its sign.
  const worldOf = [0, 1, 2].map((ax) => {
    const col = [A[0][ax], A[1][ax], A[2][ax]];
    let best = 0;
    for (let w = 1; w < 3; w++) if (Math.abs(col[w]) > Math.abs(col[best])) best = w;
    return { w: best, sign: Math.sign(col[best]) || 1 };
  });
  if (new Set(worldOf.map((o) => o.w)).size < 3) throw new Error(`${path}: degenerate affine`);
  const axial = worldOf.findIndex((o) => o.w === 2);
  const axX = worldOf.findIndex((o) => o.w === 0);
  const axY = worldOf.findIndex((o) => o.w === 1);
  const pix = [Math.abs(h.pixDims[1]), Math.abs(h.pixDims[2]), Math.abs(h.pixDims[3])];
  const stride = [1, dims[0], dims[0] * dims[1]];
  const width = dims[axX], height = dims[axY];
  const slices: HuSlice[] = [];
  for (let k = 0; k < dims[axial]; k++) {
    const hu = new Float32Array(width * height);
    for (let y = 0; y < height; y++) {
      const sy = worldOf[axY].sign > 0 ? y : height - 1 - y;
      for (let x = 0; x < width; x++) {
        const sx = worldOf[axX].sign > 0 ? x : width - 1 - x;
        const v = raw[sx * stride[axX] + sy * stride[axY] + k * stride[axial]];
        hu[x + y * width] = v * slope + inter;
      }
    }
    slices.push({ index: k, width, height, hu, spacingMm: [pix[axX], pix[axY]] });
  }
  return { slices, sliceSpacingMm: pix[axial], inPlaneSpacingMm: [pix[axX], pix[axY]], superiorIsHigherIndex: worldOf[axial].sign > 0 };
}
