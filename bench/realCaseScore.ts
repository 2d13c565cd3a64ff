/**
 * Scores the `default` preset's lung mask on a real CT (issue 16): the mask as a volume on the canonical grid,
 * compared with a reference lung mask read the same way, and split into 3-D components to find what lies apart
 * from the two lungs. For bench/realCases.ts and the real-case tests.
 */
import { openNifti } from '../src/readers/nifti/open.js';
import { defaultSliceMasks } from '../src/chain/defaultChain.js';
import type { DefaultOnFile } from './defaultOnFile.js';

/** A volume on the canonical grid, slice-major: voxel (x, y, k) at x + y * width + k * width * height. */
export interface MaskVolume {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  /** [x, y, slice] voxel size in mm. */
  readonly spacingMm: readonly [number, number, number];
  readonly data: Uint8Array;
}

export function lungMaskVolume(r: DefaultOnFile): MaskVolume {
  const { width, height } = r.candidates[0];
  const data = new Uint8Array(width * height * r.candidates.length);
  r.candidates.forEach((s, k) => {
    data.set(defaultSliceMasks(s, r.scan.lungRegionsOf(s.index), r.scan.islandsTakenBackOf(s.index)).lung, k * width * height);
  });
  const [sx, sy] = r.geometry.inPlaneSpacingMm;
  return { width, height, depth: r.candidates.length, spacingMm: [sx, sy, r.geometry.sliceSpacingMm], data };
}

/** A label file read like the CT (canonical slices): label values as stored, on the same grid as the CT's slices. */
export async function readLabelVolume(path: string, sliceSpacingMm: number): Promise<MaskVolume> {
  const source = await openNifti(path, { spacing: 'geometry', orientation: 'canonical' });
  try {
    const planes: Float32Array[] = [];
    let width = 0, height = 0;
    for await (const s of source.slices()) {
      width = s.width;
      height = s.height;
      planes.push(s.hu);
    }
    const data = new Uint8Array(width * height * planes.length);
    planes.forEach((p, k) => {
      for (let i = 0; i < p.length; i++) data[k * width * height + i] = Math.round(p[i]);
    });
    return { width, height, depth: planes.length, spacingMm: [source.spacingMm[0], source.spacingMm[1], sliceSpacingMm], data };
  } finally {
    await source.close();
  }
}

export function voxelMl(v: MaskVolume): number {
  return (v.spacingMm[0] * v.spacingMm[1] * v.spacingMm[2]) / 1000;
}

/** Dice of mask (non-zero) against reference (non-zero). */
export function dice(mask: MaskVolume, reference: MaskVolume): number {
  let a = 0, b = 0, both = 0;
  for (let i = 0; i < mask.data.length; i++) {
    const m = mask.data[i] !== 0, r = reference.data[i] !== 0;
    if (m) a++;
    if (r) b++;
    if (m && r) both++;
  }
  return a + b > 0 ? (2 * both) / (a + b) : 1;
}

/**
 * Exact Euclidean distance (mm) from every voxel to the nearest voxel where `inside` is true (Felzenszwalb &
 * Huttenlocher's separable transform, anisotropic spacing). Infinity everywhere when nothing is inside.
 */
export function distanceTo(v: MaskVolume, inside: (i: number) => boolean): Float32Array {
  const { width: W, height: H, depth: D } = v;
  const n = W * H * D;
  const d2 = new Float32Array(n);
  for (let i = 0; i < n; i++) d2[i] = inside(i) ? 0 : Infinity;
  const maxLen = Math.max(W, H, D);
  const f = new Float64Array(maxLen), out = new Float64Array(maxLen);
  const vIdx = new Int32Array(maxLen), z = new Float64Array(maxLen + 1);
  const pass = (len: number, stride: number, starts: Iterable<number>, step: number) => {
    for (const start of starts) {
      for (let q = 0; q < len; q++) f[q] = d2[start + q * stride];
      edt1d(f, len, step, out, vIdx, z);
      for (let q = 0; q < len; q++) d2[start + q * stride] = out[q];
    }
  };
  pass(W, 1, range(H * D, (r) => r * W), v.spacingMm[0]);
  pass(H, W, range(W * D, (r) => (r % W) + Math.floor(r / W) * W * H), v.spacingMm[1]);
  pass(D, W * H, range(W * H, (r) => r), v.spacingMm[2]);
  for (let i = 0; i < n; i++) d2[i] = Math.sqrt(d2[i]);
  return d2;
}

function* range(n: number, at: (r: number) => number): Iterable<number> {
  for (let r = 0; r < n; r++) yield at(r);
}

/** 1-D squared distance transform of f (samples `step` mm apart) into out. */
function edt1d(f: Float64Array, n: number, step: number, out: Float64Array, v: Int32Array, z: Float64Array): void {
  const s2 = step * step;
  let k = -1;
  for (let q = 0; q < n; q++) {
    if (f[q] === Infinity) continue;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    let s: number;
    for (;;) {
      const p = v[k];
      s = (f[q] + s2 * q * q - (f[p] + s2 * p * p)) / (2 * s2 * (q - p));
      if (s <= z[k] && k > 0) k--;
      else break;
    }
    if (s <= z[k]) {
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      k = 0;
      continue;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    for (let q = 0; q < n; q++) out[q] = Infinity;
    return;
  }
  let j = 0;
  for (let q = 0; q < n; q++) {
    while (z[j + 1] < q) j++;
    const dq = (q - v[j]) * step;
    out[q] = dq * dq + f[v[j]];
  }
}

export interface MaskComponent {
  readonly volumeMl: number;
  readonly firstSlice: number;
  readonly lastSlice: number;
  /** Share of the component's voxels on the patient's left (canonical x below the volume's centre column). */
  readonly leftFraction: number;
  /** Smallest distance (mm) from the component to the two lungs; 0 for the lungs themselves. */
  readonly distanceToLungsMm: number;
  readonly isLung: boolean;
}

/**
 * 3-D components (face-connected voxels) of a mask. "The two lungs" are the largest component on each side
 * (by where most of its voxels lie), or the largest alone when it spans both sides (lungs touching).
 */
export function maskComponents(full: MaskVolume): MaskComponent[] {
  const mask = cropToMask(full);
  const { width: W, height: H, depth: D, data } = mask;
  const plane = W * H;
  const label = new Int32Array(data.length).fill(-1);
  const sizes: number[] = [], left: number[] = [], first: number[] = [], last: number[] = [];
  const stack = new Int32Array(data.length);
  const midX = full.width / 2 - mask.x0; // canonical: +x toward the patient's right
  for (let seed = 0; seed < data.length; seed++) {
    if (!data[seed] || label[seed] >= 0) continue;
    const id = sizes.length;
    let top = 0, size = 0, nLeft = 0, lo = D, hi = -1;
    stack[top++] = seed;
    label[seed] = id;
    while (top > 0) {
      const i = stack[--top];
      size++;
      const x = i % W, k = Math.floor(i / plane), y = Math.floor((i - k * plane) / W);
      if (x < midX) nLeft++;
      if (k < lo) lo = k;
      if (k > hi) hi = k;
      const push = (j: number) => {
        if (data[j] && label[j] < 0) {
          label[j] = id;
          stack[top++] = j;
        }
      };
      if (x > 0) push(i - 1);
      if (x < W - 1) push(i + 1);
      if (y > 0) push(i - W);
      if (y < H - 1) push(i + W);
      if (k > 0) push(i - plane);
      if (k < D - 1) push(i + plane);
    }
    sizes.push(size);
    left.push(nLeft / size);
    first.push(lo);
    last.push(hi);
  }
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a]);
  const lungs = new Set<number>();
  if (order.length > 0) {
    const big = order[0];
    lungs.add(big);
    if (left[big] > 0.2 && left[big] < 0.8) {
      // the two lungs touching
    } else {
      const other = order.find((c) => (left[c] >= 0.5) !== (left[big] >= 0.5));
      if (other !== undefined) lungs.add(other);
    }
  }
  const dist = distanceTo(mask, (i) => lungs.has(label[i]));
  const minDist = sizes.map(() => Infinity);
  for (let i = 0; i < data.length; i++) if (label[i] >= 0 && dist[i] < minDist[label[i]]) minDist[label[i]] = dist[i];
  const ml = voxelMl(mask);
  return order.map((c) => ({
    volumeMl: sizes[c] * ml,
    firstSlice: first[c] + mask.z0,
    lastSlice: last[c] + mask.z0,
    leftFraction: left[c],
    distanceToLungsMm: lungs.has(c) ? 0 : minDist[c],
    isLung: lungs.has(c),
  }));
}

/** The mask cut to the box of its set voxels (so labelling and distances cost what the mask spans). */
function cropToMask(v: MaskVolume): MaskVolume & { readonly x0: number; readonly z0: number } {
  const { width: W, height: H, depth: D, data } = v;
  let x0 = W, x1 = -1, y0 = H, y1 = -1, z0 = D, z1 = -1;
  for (let i = 0; i < data.length; i++) {
    if (!data[i]) continue;
    const x = i % W, z = Math.floor(i / (W * H)), y = Math.floor(i / W) % H;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  if (x1 < 0) return { ...v, x0: 0, z0: 0 };
  const w = x1 - x0 + 1, h = y1 - y0 + 1, d = z1 - z0 + 1;
  const out = new Uint8Array(w * h * d);
  for (let z = 0; z < d; z++) {
    for (let y = 0; y < h; y++) {
      const from = x0 + (y + y0) * W + (z + z0) * W * H;
      out.set(data.subarray(from, from + w), y * w + z * w * h);
    }
  }
  return { width: w, height: h, depth: d, spacingMm: v.spacingMm, data: out, x0, z0 };
}

/** Volume (mL) of the mask farther than `mm` from every reference voxel (non-zero), and the slices it lies on. */
export function farFromReference(mask: MaskVolume, reference: MaskVolume, mm: number): { ml: number; slices: number[] } {
  const dist = distanceTo(reference, (i) => reference.data[i] !== 0);
  const plane = mask.width * mask.height;
  let n = 0;
  const slices = new Set<number>();
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i] && dist[i] > mm) {
      n++;
      slices.add(Math.floor(i / plane));
    }
  }
  return { ml: n * voxelMl(mask), slices: [...slices].sort((a, b) => a - b) };
}
