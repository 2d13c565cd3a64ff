/**
 * Vessel size by opening (src/biomarkers/vesselSize.ts) against the brute-force definition of local thickness,
 * and against digitised tubes of known radius.
 */
import { describe, it, expect } from 'vitest';
import { VesselSizer, BV_AREAS_MM2, definitionWeights, diameterOfArea, totalsUnderAreas, type AreaWeights } from '../../src/biomarkers/vesselSize.js';
import { calibratedWeights } from '../../src/biomarkers/vesselSizeCalibration.js';

type Spacing = [number, number, number];

/** Voxels under 5 and 10 mm², by the definition's hard threshold unless other weights are given. */
function runSizer(mask: Uint8Array, dims: Spacing, spacing: Spacing, weights?: AreaWeights): Float64Array {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const sizer = new VesselSizer(nx, ny, nz, spacing, 1);
  for (let z = 0; z < nz; z++) {
    const v = mask.subarray(z * plane, (z + 1) * plane);
    const idx: number[] = [];
    for (let p = 0; p < plane; p++) if (v[p]) idx.push(p);
    sizer.add(Int32Array.from(idx), new Uint8Array(idx.length).fill(1));
  }
  return totalsUnderAreas(sizer.finish(), weights ?? definitionWeights(sizer.halfThicknessMm))[1];
}

/**
 * Brute force, uncapped: every voxel c's largest ball has radius R(c) = halfway between the distance to the nearest
 * non-vessel voxel centre (outside the volume counts as non-vessel) and the largest grid distance below it, plus a
 * sixth of a voxel (src/biomarkers/vesselSize.ts), searched over a wide cube; t(x) / 2 = the largest R(c) over the
 * c with |x - c| < R(c), over the same cube.
 */
function bruteForce(mask: Uint8Array, dims: Spacing, spacing: Spacing): Float64Array {
  const [nx, ny, nz] = dims;
  const [sx, sy, sz] = spacing;
  const at = (x: number, y: number, z: number) => (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz ? 0 : mask[x + nx * (y + ny * z)]);
  const R = new Float64Array(mask.length);
  const reach = 6;
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    if (!at(x, y, z)) continue;
    let best = Infinity;
    for (let dz = -reach; dz <= reach; dz++) for (let dy = -reach; dy <= reach; dy++) for (let dx = -reach; dx <= reach; dx++) {
      if (at(x + dx, y + dy, z + dz)) continue;
      best = Math.min(best, Math.hypot(dx * sx, dy * sy, dz * sz));
    }
    let below = 0; // the largest grid distance under the nearest non-vessel voxel's
    for (let dz = -reach; dz <= reach; dz++) for (let dy = -reach; dy <= reach; dy++) for (let dx = -reach; dx <= reach; dx++) {
      const d = Math.hypot(dx * sx, dy * sy, dz * sz);
      if (d < best && d > below) below = d;
    }
    R[x + nx * (y + ny * z)] = (best + below) / 2 + Math.cbrt(sx * sy * sz) / 6;
  }
  const under = new Float64Array(BV_AREAS_MM2.length);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    if (!at(x, y, z)) continue;
    let half = 0;
    for (let dz = -reach; dz <= reach; dz++) for (let dy = -reach; dy <= reach; dy++) for (let dx = -reach; dx <= reach; dx++) {
      const xx = x + dx, yy = y + dy, zz = z + dz;
      if (!at(xx, yy, zz)) continue;
      const r = R[xx + nx * (yy + ny * zz)];
      if (Math.hypot(dx * sx, dy * sy, dz * sz) < r) half = Math.max(half, r);
    }
    BV_AREAS_MM2.forEach((a, t) => { if (half < diameterOfArea(a) / 2) under[t]++; });
  }
  return under;
}

/** Tubes (capsules) of given radii along random directions, voxel centres inside; each voxel's true radius is the largest tube holding it. */
function tubes(dims: Spacing, spacing: Spacing, list: { a: number[]; b: number[]; r: number }[]) {
  const [nx, ny, nz] = dims;
  const mask = new Uint8Array(nx * ny * nz);
  const radius = new Float64Array(nx * ny * nz);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const p = [x * spacing[0], y * spacing[1], z * spacing[2]];
    for (const t of list) {
      const d = t.b.map((v, i) => v - t.a[i]);
      const len2 = d[0] ** 2 + d[1] ** 2 + d[2] ** 2;
      let u = ((p[0] - t.a[0]) * d[0] + (p[1] - t.a[1]) * d[1] + (p[2] - t.a[2]) * d[2]) / len2;
      u = Math.max(0, Math.min(1, u));
      const dist = Math.hypot(p[0] - t.a[0] - u * d[0], p[1] - t.a[1] - u * d[1], p[2] - t.a[2] - u * d[2]);
      if (dist <= t.r) {
        const q = x + nx * (y + ny * z);
        mask[q] = 1;
        radius[q] = Math.max(radius[q], t.r);
      }
    }
  }
  return { mask, radius };
}

/** Distance between segments ab and cd, by dense sampling (enough for a test's spacing rule). */
function segmentDistance(a: number[], b: number[], c: number[], d: number[]): number {
  let best = Infinity;
  for (let i = 0; i <= 40; i++) {
    const p = a.map((v, k) => v + ((b[k] - v) * i) / 40);
    for (let j = 0; j <= 40; j++) {
      const q = c.map((v, k) => v + ((d[k] - v) * j) / 40);
      best = Math.min(best, Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
    }
  }
  return best;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('vessel size by opening', () => {
  it('equals the brute-force definition on small random volumes (anisotropic voxels)', () => {
    for (const [seed, spacing] of [[1, [0.7, 0.7, 1]], [2, [0.6, 0.8, 0.625]], [3, [1, 1, 1.25]]] as [number, Spacing][]) {
      const dims: Spacing = [28, 26, 22];
      const rand = rng(seed);
      const ext = dims.map((n, i) => n * spacing[i]);
      const list = Array.from({ length: 6 }, () => ({
        a: ext.map((e) => rand() * e), b: ext.map((e) => rand() * e), r: 0.5 + rand() * 2.5,
      }));
      const { mask } = tubes(dims, spacing, list);
      expect(Array.from(runSizer(mask, dims, spacing)), `seed ${seed}`).toEqual(Array.from(bruteForce(mask, dims, spacing)));
    }
  });

  it('a sizer reusing the planes of the scan before gets what a fresh one gets (a thread measures scan after scan)', () => {
    const spacing: Spacing = [0.7, 0.7, 0.8];
    const dims: Spacing = [30, 30, 12];
    const rand = rng(11);
    const ext = dims.map((n, i) => n * spacing[i]);
    const scan = () => tubes(dims, spacing, Array.from({ length: 5 }, () => ({ a: ext.map((e) => rand() * e), b: ext.map((e) => rand() * e), r: 0.8 + rand() * 2 }))).mask;
    const first = scan(), second = scan();
    const before = Array.from(runSizer(first, dims, spacing));
    expect(before.some((v) => v > 0)).toBe(true);
    runSizer(second, dims, spacing);
    expect(Array.from(runSizer(first, dims, spacing))).toEqual(before);
    expect(Array.from(runSizer(first, dims, spacing))).toEqual(Array.from(bruteForce(first, dims, spacing)));
  });

  it('BV5 and BV10 of tubes of known radii within 10 % of truth, with the weights of this grid', () => {
    const spacing: Spacing = [0.7, 0.7, 0.8];
    const dims: Spacing = [90, 90, 80];
    const rand = rng(7);
    const ext = dims.map((n, i) => n * spacing[i]);
    // Radii spread over 0.5–3 mm (cross-sections 0.8–28 mm²), random directions, every tube inside the volume.
    const list: { a: number[]; b: number[]; r: number }[] = [];
    for (let tries = 0; list.length < 25 && tries < 5000; tries++) {
      const r = 0.5 + 2.5 * rand();
      const c = ext.map((e) => e * (0.2 + 0.6 * rand()));
      const dir = [rand() - 0.5, rand() - 0.5, rand() - 0.5];
      const n = Math.hypot(...dir);
      const half = 8 + 10 * rand();
      const a = c.map((v, i) => v - (dir[i] / n) * half), b = c.map((v, i) => v + (dir[i] / n) * half);
      const inside = [...a, ...b].every((v, i) => v >= r + 2 && v <= ext[i % 3] - r - 2);
      // Apart from each other: where tubes cross, the union holds bigger balls than either tube (the phantom's
      // vessel trees test junctions).
      const apart = list.every((t) => segmentDistance(a, b, t.a, t.b) > r + t.r + 1.5);
      if (inside && apart) list.push({ a, b, r });
    }
    const { mask, radius } = tubes(dims, spacing, list);
    const truth = BV_AREAS_MM2.map((a) => radius.reduce((acc, r) => acc + (r > 0 && Math.PI * r * r < a ? 1 : 0), 0));
    expect(list.length).toBe(25);
    const got = runSizer(mask, dims, spacing, calibratedWeights(spacing));
    BV_AREAS_MM2.forEach((a, t) => {
      expect(Math.abs(got[t] / truth[t] - 1), `BV${a}: ${got[t]} vs ${truth[t]} voxels`).toBeLessThanOrEqual(0.1);
    });
  });

  it('diameters of 5 and 10 mm² are 2.52 and 3.57 mm', () => {
    expect(diameterOfArea(5)).toBeCloseTo(2.523, 3);
    expect(diameterOfArea(10)).toBeCloseTo(3.568, 3);
  });
});
