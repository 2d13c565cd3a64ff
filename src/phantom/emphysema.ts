/**
 * Emphysema-like regions for the phantom (option `emphysema`, off by default so existing seeds keep their truth):
 * spheres inside the lungs whose parenchyma voxels (not vessels, nodules or bronchi) read a known HU distribution,
 * uniform over the integers -1000 … -951 — every one of them below -950 HU, so LAA%-950 and Perc15 have exact
 * truth (src/phantom/regionTruth.ts), and the emphysema volume is counted into the truth record.
 */
import type { Anatomy } from './anatomy.js';
import { LABEL } from './labels.js';
import { lungExclusions, lungSideAt } from './lungShape.js';
import { mixSeed, mulberry32 } from './random.js';

export const EMPHYSEMA_HU: readonly [number, number] = [-1000, -951];

export interface EmphysemaBlob {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly r: number;
}

/** `count` spheres of radius 10–22 mm (times the anatomy's in-plane scale), centred inside a lung. */
export function emphysemaBlobs(a: Anatomy, seed: number, count: number): EmphysemaBlob[] {
  const rand = mulberry32(mixSeed(seed, 0xe3f1));
  const exclusions = lungExclusions(a);
  const out: EmphysemaBlob[] = [];
  const half = a.fovRadius;
  for (let tries = 0; out.length < count && tries < 10000; tries++) {
    const x = (rand() * 2 - 1) * half, y = (rand() * 2 - 1) * half, z = rand() * a.zExtent;
    if (lungSideAt(a, x, y, z, exclusions) === LABEL.other) continue;
    out.push({ x, y, z, r: (10 + 12 * rand()) * a.inPlaneScale });
  }
  return out;
}

/**
 * Paints slice k (centre height z mm) of a canonical grid: parenchyma voxels inside a blob get their HU; returns how
 * many. `xs`, `ys` are the pixel centres (mm, the renderer's frame).
 */
export function paintEmphysema(
  blobs: readonly EmphysemaBlob[], seed: number, k: number, z: number,
  xs: Float64Array, ys: Float64Array, hu: Float32Array, label: Uint8Array,
): number {
  const nx = xs.length;
  const rand = mulberry32(mixSeed(seed ^ 0x5eed, k));
  const [lo, hi] = EMPHYSEMA_HU;
  let n = 0;
  const painted = new Uint8Array(hu.length);
  for (const b of blobs) {
    const dz = z - b.z;
    if (dz * dz > b.r * b.r) continue;
    const r2 = b.r * b.r - dz * dz;
    for (let j = 0; j < ys.length; j++) {
      const dy = ys[j] - b.y;
      if (dy * dy > r2) continue;
      for (let i = 0; i < nx; i++) {
        const dx = xs[i] - b.x;
        if (dx * dx + dy * dy > r2) continue;
        const p = j * nx + i;
        if (label[p] !== LABEL.leftLung && label[p] !== LABEL.rightLung) continue;
        if (painted[p]) continue; // overlapping blobs
        painted[p] = 1;
        hu[p] = lo + Math.floor(rand() * (hi - lo + 1));
        n++;
      }
    }
  }
  return n;
}
