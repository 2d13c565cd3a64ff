/**
 * Morphological closing of one region with a disc of radius `radiusMm` (exact Euclidean, anisotropic pixels),
 * computed in the region's bounding box grown by the radius. A vessel that runs along the lung's edge or enters it
 * at the hilum leaves a notch in the air region; the closing gives those pixels back (they are lung, and vessel),
 * while concavities wider than the disc — the mediastinum, the heart — stay out.
 */

const INF = 1e20;

/** Scratch buffers for one slice; sized for the largest box seen. */
export class ClosingScratch {
  grid = new Float64Array(0);
  f = new Float64Array(0);
  d = new Float64Array(0);
  v = new Int32Array(0);
  z = new Float64Array(0);
  ensure(cells: number, line: number): void {
    if (this.grid.length < cells) this.grid = new Float64Array(cells);
    if (this.f.length < line) {
      this.f = new Float64Array(line);
      this.d = new Float64Array(line);
      this.v = new Int32Array(line);
      this.z = new Float64Array(line + 1);
    }
  }
}

/**
 * Closed region as (y, x0, x1) runs, keeping only added pixels for which `mayAdd(x + y * width)` is true.
 * `runs` must be in scan order.
 */
export function closeRegion(
  runs: Int32Array,
  bbox: readonly [number, number, number, number],
  width: number,
  height: number,
  spacingMm: readonly [number, number],
  radiusMm: number,
  mayAdd: (index: number) => boolean,
  scratch: ClosingScratch,
): Int32Array {
  const [sx, sy] = spacingMm;
  const mx = Math.ceil(radiusMm / sx) + 1, my = Math.ceil(radiusMm / sy) + 1;
  const gx0 = bbox[0] - mx, gy0 = bbox[1] - my;
  const W = bbox[2] - bbox[0] + 1 + 2 * mx, H = bbox[3] - bbox[1] + 1 + 2 * my;
  scratch.ensure(W * H, Math.max(W, H));
  const g = scratch.grid;
  const r2 = radiusMm * radiusMm;

  // Dilation: squared distance to the region <= r².
  g.fill(INF, 0, W * H);
  for (let k = 0; k < runs.length; k += 3) {
    const row = (runs[k] - gy0) * W - gx0;
    g.fill(0, row + runs[k + 1], row + runs[k + 2]);
  }
  distanceTransform(g, W, H, sx, sy, scratch);
  // Erosion of the dilation: squared distance to a non-dilated cell > r². The grown margin is never dilated.
  for (let i = 0; i < W * H; i++) g[i] = g[i] <= r2 ? INF : 0;
  distanceTransform(g, W, H, sx, sy, scratch);

  const out: number[] = [];
  let k = 0;
  for (let ly = 0; ly < H; ly++) {
    const y = gy0 + ly;
    if (y < 0 || y >= height) continue;
    while (k < runs.length && runs[k] < y) k += 3;
    let start = -1;
    for (let lx = 0; lx <= W; lx++) {
      const x = gx0 + lx;
      let inside = false;
      if (lx < W && x >= 0 && x < width && g[ly * W + lx] > r2) {
        inside = inRuns(runs, k, y, x) || mayAdd(x + y * width);
      }
      if (inside && start < 0) start = x;
      else if (!inside && start >= 0) {
        out.push(y, start, x);
        start = -1;
      }
    }
  }
  return Int32Array.from(out);
}

function inRuns(runs: Int32Array, from: number, y: number, x: number): boolean {
  for (let j = from; j < runs.length && runs[j] === y; j += 3) {
    if (x < runs[j + 1]) return false;
    if (x < runs[j + 2]) return true;
  }
  return false;
}

/** In-place exact squared Euclidean distance transform (Felzenszwalb–Huttenlocher), rows then columns. */
function distanceTransform(g: Float64Array, W: number, H: number, sx: number, sy: number, s: ClosingScratch): void {
  const { f, d } = s;
  for (let y = 0; y < H; y++) {
    const base = y * W;
    for (let x = 0; x < W; x++) f[x] = g[base + x];
    transform1d(f, d, W, sx, s);
    for (let x = 0; x < W; x++) g[base + x] = d[x];
  }
  for (let x = 0; x < W; x++) {
    for (let y = 0; y < H; y++) f[y] = g[y * W + x];
    transform1d(f, d, H, sy, s);
    for (let y = 0; y < H; y++) g[y * W + x] = d[y];
  }
}

function transform1d(f: Float64Array, d: Float64Array, n: number, step: number, s: ClosingScratch): void {
  const { v, z } = s;
  let k = 0;
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  for (let q = 1; q < n; q++) {
    const pq = q * step;
    let sHit: number;
    for (;;) {
      const p = v[k] * step;
      sHit = (f[q] + pq * pq - (f[v[k]] + p * p)) / (2 * (pq - p));
      if (sHit <= z[k] && k > 0) k--;
      else break;
    }
    if (sHit <= z[k]) {
      // k === 0 and the new parabola dominates everywhere.
      v[0] = q;
      z[0] = -INF;
      z[1] = INF;
      continue;
    }
    k++;
    v[k] = q;
    z[k] = sHit;
    z[k + 1] = INF;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    const pq = q * step;
    while (z[k + 1] < pq) k++;
    const p = v[k] * step;
    d[q] = (pq - p) * (pq - p) + f[v[k]];
  }
}
