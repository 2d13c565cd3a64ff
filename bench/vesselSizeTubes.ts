/**
 * The local thickness estimate (src/biomarkers/vesselSize.ts) alone, on straight digitised tubes: COUNT capsules of
 * radius 0.5–3 mm (uniform), 16–36 mm long, random directions, at least 1.5 mm apart, in a 120 mm cube, each voxel's
 * truth the radius of the largest capsule holding it. BV5 and BV10 error (%) at each grid given, counted with the
 * grid's calibrated weights (src/biomarkers/vesselSizeCalibration.ts: other tubes, another radius distribution) and
 * with the definition's hard threshold. Set beside the
 * phantom trees (bench/vesselSizeErrors.ts, "sizer on truth"): an estimate that holds on one and not the other
 * depends on the radius distribution or the junctions.
 *   npx tsx bench/vesselSizeTubes.ts SEED COUNT SPACING [SPACING ...]
 *   npx tsx bench/vesselSizeTubes.ts 1 300 0.7,0.7,1 0.9,0.9,1 1,1,1.2
 */
import { BV_AREAS_MM2, definitionWeights, totalsUnderAreas, VesselSizer } from '../src/biomarkers/vesselSize.js';
import { calibratedWeights } from '../src/biomarkers/vesselSizeCalibration.js';
import { tripleArg } from './tripleArg.js';

type Vec = [number, number, number];
interface Capsule { readonly a: Vec; readonly b: Vec; readonly r: number }

const FIELD_MM = 120;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Closest distance between segments ab and cd, by dense sampling (enough for a 1.5 mm gap). */
function segmentGap(p: Capsule, q: Capsule): number {
  let best = Infinity;
  for (let i = 0; i <= 30; i++) {
    const u = p.a.map((v, k) => v + ((p.b[k] - v) * i) / 30);
    for (let j = 0; j <= 30; j++) {
      const w = q.a.map((v, k) => v + ((q.b[k] - v) * j) / 30);
      best = Math.min(best, Math.hypot(u[0] - w[0], u[1] - w[1], u[2] - w[2]));
    }
  }
  return best;
}

function capsules(seed: number, count: number): Capsule[] {
  const rand = rng(seed);
  const out: Capsule[] = [];
  for (let tries = 0; out.length < count && tries < 100 * count; tries++) {
    const r = 0.5 + 2.5 * rand();
    const c = [0, 1, 2].map(() => FIELD_MM * (0.1 + 0.8 * rand()));
    const d = [rand() - 0.5, rand() - 0.5, rand() - 0.5];
    const n = Math.hypot(...d);
    const half = 8 + 10 * rand();
    const t: Capsule = { a: c.map((v, i) => v - (d[i] / n) * half) as Vec, b: c.map((v, i) => v + (d[i] / n) * half) as Vec, r };
    if (![...t.a, ...t.b].every((v) => v >= r + 2 && v <= FIELD_MM - r - 2)) continue;
    if (out.every((o) => segmentGap(t, o) > t.r + o.r + 1.5)) out.push(t);
  }
  return out;
}

/** The capsules on the grid: mask and each voxel's true radius (0 outside). */
function digitise(list: readonly Capsule[], dims: Vec, sp: Vec): Float64Array {
  const [nx, ny] = dims;
  const radius = new Float64Array(dims[0] * dims[1] * dims[2]);
  for (const t of list) {
    const lo = [0, 1, 2].map((i) => Math.max(0, Math.floor((Math.min(t.a[i], t.b[i]) - t.r - 1) / sp[i])));
    const hi = [0, 1, 2].map((i) => Math.min(dims[i] - 1, Math.ceil((Math.max(t.a[i], t.b[i]) + t.r + 1) / sp[i])));
    const d = t.b.map((v, i) => v - t.a[i]);
    const len2 = d[0] ** 2 + d[1] ** 2 + d[2] ** 2;
    for (let z = lo[2]; z <= hi[2]; z++) for (let y = lo[1]; y <= hi[1]; y++) for (let x = lo[0]; x <= hi[0]; x++) {
      const p = [x * sp[0] - t.a[0], y * sp[1] - t.a[1], z * sp[2] - t.a[2]];
      const u = Math.max(0, Math.min(1, (p[0] * d[0] + p[1] * d[1] + p[2] * d[2]) / len2));
      if (Math.hypot(p[0] - u * d[0], p[1] - u * d[1], p[2] - u * d[2]) > t.r) continue;
      const q = x + nx * (y + ny * z);
      radius[q] = Math.max(radius[q], t.r);
    }
  }
  return radius;
}

function main(): void {
  const [seedText, countText, ...spacings] = process.argv.slice(2);
  if (!seedText || !countText || spacings.length === 0) throw new Error('usage: npx tsx bench/vesselSizeTubes.ts SEED COUNT SPACING [SPACING ...]');
  const list = capsules(Number(seedText), Number(countText));
  console.log(`${list.length} capsules, seed ${seedText}`);
  console.log('spacing mm       calibrated: BV5 %   BV10 %   definition: BV5 %   BV10 %   truth BV5 voxels');
  for (const text of spacings) {
    const sp = tripleArg(text);
    const dims = sp.map((s) => Math.round(FIELD_MM / s)) as Vec;
    const radius = digitise(list, dims, sp);
    const plane = dims[0] * dims[1];
    const sizer = new VesselSizer(dims[0], dims[1], dims[2], sp, 1);
    for (let z = 0; z < dims[2]; z++) {
      const voxels: number[] = [];
      for (let p = 0; p < plane; p++) if (radius[z * plane + p] > 0) voxels.push(p);
      sizer.add(Int32Array.from(voxels), new Uint8Array(voxels.length).fill(1));
    }
    const histograms = sizer.finish();
    const calibrated = totalsUnderAreas(histograms, calibratedWeights(sp))[1];
    const definition = totalsUnderAreas(histograms, definitionWeights(sizer.halfThicknessMm))[1];
    const truth = BV_AREAS_MM2.map((area) => radius.reduce((n, r) => n + (r > 0 && Math.PI * r * r < area ? 1 : 0), 0));
    const pct = (got: Float64Array, t: number) => `${(100 * (got[t] / truth[t] - 1)).toFixed(1)}`.padStart(6);
    console.log(`${text.padEnd(16)}            ${pct(calibrated, 0)}   ${pct(calibrated, 1)}              ${pct(definition, 0)}   ${pct(definition, 1)}   ${truth[0]}`);
  }
}

main();
