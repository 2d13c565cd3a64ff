/**
 * Vessel size by local thickness, for BV5 and BV10 (Estépar et al. 2013, "Computed tomographic measures of
 * pulmonary vascular morphology in smokers and their clinical implications", AJRCCM 188:231): the blood vessel
 * volume whose cross-section is under 5 (resp. 10) mm².
 *
 * A vessel voxel's local thickness t is the diameter of the largest ball that fits inside the 3-D vessel mask and
 * contains it (Hildebrand & Rüegsegger 1997, "A new method for the model-independent assessment of thickness in
 * three-dimensional images"); its cross-section is π (t/2)². On the voxel grid: the largest ball centred at a vessel
 * voxel c has the radius R(c) = the distance (mm, anisotropic spacing) from c to the nearest non-vessel voxel centre
 * (the Euclidean distance transform), and it contains every voxel x with |x − c| < R(c). So x has t(x) ≥ D iff some
 * c with 2 R(c) ≥ D lies closer to x than R(c).
 *
 * Only two thresholds matter (D = 2 √(A/π): 2.52 and 3.57 mm), so the distance transform is needed only up to a
 * cap a voxel beyond the larger one: R(c) is found by visiting c's neighbours nearest first until the first
 * non-vessel voxel (at most the capped ball, ~100–200 voxels at 0.7–0.8 mm), and x is tested against centres
 * within the cap. A centre deeper than the cap covers x as well as the cap does (any x within the cap of it is
 * vessel), so capping changes nothing for these thresholds; test/biomarkers/vesselSize.test.ts checks this against
 * the uncapped brute-force definition. Linear in the vessel voxels, streamed through a window of 4·kz + 1 slices.
 *
 * The sizer gives each region's histogram of t; what share of each t counts under 5 and 10 mm² is a weight: the
 * definition's hard threshold (definitionWeights), or the grid's calibration (vesselSizeCalibration.ts), which
 * BV5 and BV10 use.
 */
import { keepShapeAlive } from '../runtime/keepShapeAlive.js';
import { ballOffsets, type BallOffsets } from './ballOffsets.js';

/** Cross-sections (mm²) whose vessel volume below is counted. */
export const BV_AREAS_MM2 = [5, 10] as const;

/** Diameter (mm) of a circle of the given area. */
export function diameterOfArea(areaMm2: number): number {
  return 2 * Math.sqrt(areaMm2 / Math.PI);
}

/**
 * Per region code (0..nCodes), the vessel voxels at each local thickness the grid can give: index i counts the
 * voxels whose t / 2 is `VesselSizer.halfThicknessMm[i]` (0: no centre deep enough to reach 5 mm² holds it).
 */
export type ThicknessHistograms = Float64Array[];

/** Per thickness index, the share of a voxel counted under each area of BV_AREAS_MM2 (one array per area). */
export type AreaWeights = readonly Float64Array[];

/** Per region code, the (weighted) voxels under each area of BV_AREAS_MM2. */
export type VesselSizeTotals = Float64Array[];

/** Weights of the definition itself: a voxel counts under an area when its t / 2 is under that area's radius. */
export function definitionWeights(halfThicknessMm: Float64Array): AreaWeights {
  return BV_AREAS_MM2.map((a) => halfThicknessMm.map((h) => (h < diameterOfArea(a) / 2 ? 1 : 0)));
}

/** Voxels under each area per region code: the histograms weighted. */
export function totalsUnderAreas(histograms: ThicknessHistograms, weights: AreaWeights): VesselSizeTotals {
  return histograms.map((h) => Float64Array.from(weights, (w) => {
    let n = 0;
    for (let i = 0; i < h.length; i++) if (h[i] > 0) n += h[i] * w[i];
    return n;
  }));
}

/**
 * Streams slices (in index order, one grid) through the measure. `add` takes the indexes of the slice's vessel
 * voxels and the region code of each (0 = none); `finish` returns the thickness histograms per code. The work per
 * slice is its vessel voxels times the capped ball: nothing is done per pixel of the slice.
 */
export class VesselSizer {
  private readonly ball: BallOffsets;
  private readonly thresholdsMm: readonly number[];
  private readonly span: number;
  private readonly k: number;
  private readonly vessel: Uint8Array[];
  /**
   * R(c) per slice, as a code into rOf (0: not vessel; i: from the ball's (i-1)-th offset; the last: beyond the
   * cap): exact distances, so ties between R(c) and |x - c| compare as the definition says, at 2 bytes.
   */
  private readonly radius: Uint16Array[];
  private readonly rOf: Float64Array;
  /** t / 2 (mm) per thickness index of the histograms. */
  get halfThicknessMm(): Float64Array {
    return this.rOf;
  }
  /** Per slice, the largest R(c) code of the centres found so far whose ball holds the voxel (t / 2). */
  private readonly thick: Uint16Array[];
  /** The smallest R code that reaches a threshold: shallower centres do not spread. */
  private readonly minCore: number;
  private readonly voxels: Int32Array[];
  private readonly codes: Uint8Array[];
  private added = 0;
  private readonly histograms: ThicknessHistograms;
  private readonly n: number;
  /**
   * The ball's offsets as in-plane index steps (dy * width + dx) and plane numbers (dz + k), for centres at least
   * the ball's reach from the slice's edges: no bounds to check there, which is nearly every vessel voxel.
   */
  private readonly step: Int32Array;
  private readonly planeOf: Int32Array;
  private readonly reachX: number;
  private readonly reachY: number;

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly nSlices: number,
    spacingMm: readonly [number, number, number],
    nCodes: number,
  ) {
    this.thresholdsMm = BV_AREAS_MM2.map((a) => diameterOfArea(a) / 2);
    const voxel = Math.max(...spacingMm);
    this.ball = ballOffsets(Math.max(...this.thresholdsMm) + voxel, spacingMm);
    this.rOf = radiusTable(this.ball);
    if (this.rOf.length > 0xffff) throw new RangeError(`vessel size: voxels of ${spacingMm.join('x')} mm are too fine for the capped ball`);
    this.k = this.ball.kz;
    // The ring holds slices z-2k..z+2k; a scan of fewer slices needs only as many planes as it has slices (a
    // single 512x512 slice would otherwise allocate 4k+1 planes of each kind, ~17 MB, for nothing).
    this.span = Math.max(1, Math.min(4 * this.k + 1, nSlices));
    this.n = width * height;
    const ring = takeRing(this.n, this.span);
    this.vessel = ring.vessel;
    this.radius = ring.radius;
    this.thick = ring.thick;
    // Shallower centres leave their voxels at index 0, which the calibration weighs as one thickness: spreading
    // them too (down to a voxel under 5 mm²) moved BV5 on the trees' truth masks by 0.3–1.2 points, not worth
    // the extra balls.
    let minCore = this.rOf.length;
    for (let i = this.rOf.length - 1; i >= 1; i--) if (this.rOf[i] >= this.thresholdsMm[0]) minCore = i;
    this.minCore = minCore;
    this.voxels = Array.from({ length: this.span }, () => new Int32Array(0));
    this.codes = Array.from({ length: this.span }, () => new Uint8Array(0));
    this.histograms = Array.from({ length: nCodes + 1 }, () => new Float64Array(this.rOf.length));
    const nOff = this.ball.distMm.length, offs = this.ball.offsets;
    this.step = new Int32Array(nOff);
    this.planeOf = new Int32Array(nOff);
    let reachX = 0, reachY = 0;
    for (let o = 0; o < nOff; o++) {
      this.step[o] = offs[3 * o + 1] * width + offs[3 * o];
      this.planeOf[o] = offs[3 * o + 2] + this.k;
      reachX = Math.max(reachX, Math.abs(offs[3 * o]));
      reachY = Math.max(reachY, Math.abs(offs[3 * o + 1]));
    }
    this.reachX = reachX;
    this.reachY = reachY;
    keepShapeAlive(this);
  }

  add(voxels: Int32Array, codes: Uint8Array): void {
    const s = this.added++;
    const slot = s % this.span;
    // The slot's previous slice leaves: clear only its voxels.
    const old = this.voxels[slot], vessel = this.vessel[slot], radius = this.radius[slot], thick = this.thick[slot];
    for (let q = 0; q < old.length; q++) {
      vessel[old[q]] = 0;
      radius[old[q]] = 0;
      thick[old[q]] = 0;
    }
    for (let q = 0; q < voxels.length; q++) vessel[voxels[q]] = 1;
    this.voxels[slot] = voxels;
    this.codes[slot] = codes;
    this.distances(s - this.k);
    this.spread(s - this.k);
    this.classify(s - 2 * this.k);
  }

  finish(): ThicknessHistograms {
    while (this.added < this.nSlices) this.add(new Int32Array(0), new Uint8Array(0));
    for (let s = this.nSlices - this.k; s < this.nSlices; s++) {
      this.distances(s);
      this.spread(s);
    }
    for (let s = this.nSlices - 2 * this.k; s < this.nSlices; s++) this.classify(s);
    // The planes are clean again once the slices still in them are cleared: the next scan of this size reuses them.
    for (let slot = 0; slot < this.span; slot++) {
      const voxels = this.voxels[slot];
      for (let q = 0; q < voxels.length; q++) {
        this.vessel[slot][voxels[q]] = 0;
        this.radius[slot][voxels[q]] = 0;
        this.thick[slot][voxels[q]] = 0;
      }
      this.voxels[slot] = new Int32Array(0);
    }
    keepSpare({ n: this.n, vessel: this.vessel, radius: this.radius, thick: this.thick });
    return this.histograms;
  }

  /** The ring's planes for slices z-k..z+k (null outside the volume). */
  private planes<T>(ring: T[], z: number): (T | null)[] {
    const out: (T | null)[] = [];
    for (let dz = -this.k; dz <= this.k; dz++) out.push(z + dz >= 0 && z + dz < this.nSlices ? ring[(z + dz) % this.span] : null);
    return out;
  }

  /** R(c) for slice z's vessel voxels, capped at the ball's radius (slices z-k..z+k are in the ring). */
  private distances(z: number): void {
    if (z < 0 || z >= this.nSlices) return;
    const { width, height, ball, k } = this;
    const slot = z % this.span;
    const out = this.radius[slot];
    const voxels = this.voxels[slot];
    if (voxels.length === 0) return;
    const planes = this.planes(this.vessel, z);
    const offs = ball.offsets;
    const nOff = ball.distMm.length;
    const { step, planeOf, reachX, reachY } = this;
    for (let q = 0; q < voxels.length; q++) {
      const p = voxels[q];
      const x = p % width, y = (p - x) / width;
      let r = nOff + 1;
      if (x >= reachX && y >= reachY && x < width - reachX && y < height - reachY) {
        for (let o = 0; o < nOff; o++) {
          const plane = planes[planeOf[o]];
          if (plane === null || plane[p + step[o]] === 0) {
            r = o + 1;
            break;
          }
        }
        out[p] = r;
        continue;
      }
      for (let o = 0; o < nOff; o++) {
        const xx = x + offs[3 * o], yy = y + offs[3 * o + 1];
        const plane = planes[offs[3 * o + 2] + k];
        if (plane === null || xx < 0 || yy < 0 || xx >= width || yy >= height || plane[yy * width + xx] === 0) {
          r = o + 1;
          break;
        }
      }
      out[p] = r;
    }
  }

  /**
   * Ball propagation from slice z's centres deep enough to matter (R(c) at least the smaller threshold): every
   * vessel voxel x with |x - c| < R(c) records R(c) if it is the largest yet. Thin vessels, most of the voxels,
   * cost nothing here.
   */
  private spread(z: number): void {
    if (z < 0 || z >= this.nSlices) return;
    const { width, height, ball, k, rOf, minCore } = this;
    const slot = z % this.span;
    const voxels = this.voxels[slot];
    if (voxels.length === 0) return;
    const radius = this.radius[slot];
    const vessels = this.planes(this.vessel, z);
    const thicks = this.planes(this.thick, z);
    const offs = ball.offsets;
    const dist = ball.distMm;
    const nOff = dist.length;
    const { step, planeOf, reachX, reachY } = this;
    for (let q = 0; q < voxels.length; q++) {
      const p = voxels[q];
      const code = radius[p];
      if (code < minCore) continue;
      const r = rOf[code];
      const x = p % width, y = (p - x) / width;
      if (x >= reachX && y >= reachY && x < width - reachX && y < height - reachY) {
        for (let o = 0; o < nOff && dist[o] < r; o++) {
          const dz = planeOf[o];
          const plane = vessels[dz];
          const i = p + step[o];
          if (plane === null || plane[i] === 0) continue;
          const t = thicks[dz]!;
          if (code > t[i]) t[i] = code;
        }
        continue;
      }
      for (let o = 0; o < nOff && dist[o] < r; o++) {
        const xx = x + offs[3 * o], yy = y + offs[3 * o + 1];
        const dz = offs[3 * o + 2] + k;
        const plane = vessels[dz];
        if (plane === null || xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
        const i = yy * width + xx;
        if (plane[i] === 0) continue;
        const t = thicks[dz]!;
        if (code > t[i]) t[i] = code;
      }
    }
  }

  /** Counts slice z's vessel voxels by thickness (every centre within reach has spread). */
  private classify(z: number): void {
    if (z < 0 || z >= this.nSlices) return;
    const slot = z % this.span;
    const voxels = this.voxels[slot];
    const codes = this.codes[slot];
    const thick = this.thick[slot];
    for (let q = 0; q < voxels.length; q++) this.histograms[codes[q]][thick[voxels[q]]]++;
  }
}

interface Ring {
  readonly n: number;
  readonly vessel: Uint8Array[];
  readonly radius: Uint16Array[];
  readonly thick: Uint16Array[];
}

/**
 * The planes of the last scans measured on this thread, all zero again, by plane size: a cohort of single slices
 * would otherwise allocate (and fault in) three fresh planes per scan, more than measuring its vessels costs. Two
 * sizes are kept, so that the calibration's small tubes (vesselSizeCalibration.ts) do not evict a scan's planes.
 */
const spareRings = new Map<number, Ring>();
const SPARE_SIZES = 2;

function keepSpare(ring: Ring): void {
  spareRings.delete(ring.n);
  spareRings.set(ring.n, ring);
  if (spareRings.size > SPARE_SIZES) spareRings.delete(spareRings.keys().next().value!);
}

function takeRing(n: number, span: number): Ring {
  const spare = spareRings.get(n);
  if (spare && spare.vessel.length >= span) {
    spareRings.delete(n);
    return { n, vessel: spare.vessel.slice(0, span), radius: spare.radius.slice(0, span), thick: spare.thick.slice(0, span) };
  }
  return {
    n,
    vessel: Array.from({ length: span }, () => new Uint8Array(n)),
    radius: Array.from({ length: span }, () => new Uint16Array(n)),
    thick: Array.from({ length: span }, () => new Uint16Array(n)),
  };
}

/**
 * R(c) for "the first non-vessel voxel is the i-th offset": halfway between its distance and the largest smaller
 * distance on the grid (every voxel that near is vessel: the mask's edge lies between the two), plus a sixth of a
 * voxel — the mean distance from a tube's axis to the nearest voxel centre, which the ball centres (voxel centres)
 * lose. The sixth was chosen on straight digitised tubes of radius 1.1–1.95 mm at 0.7×0.7×0.8 and 0.6×0.6×1 mm,
 * where it puts the 50 % point of both thresholds within 0.07 mm of the true radius; the phantom's vessel trees
 * (test/biomarkers/phantomVesselSize.test.ts) were not used to choose it. Code 0: not vessel. Under the calibrated
 * weights the values matter only through their order and through which centres spread.
 */
function radiusTable(ball: BallOffsets): Float64Array {
  const d = ball.distMm;
  const kappaMm = ball.voxelMm / 6;
  const out = new Float64Array(d.length + 2);
  let prev = 0;
  for (let i = 0; i < d.length; i++) {
    if (i > 0 && d[i] > d[i - 1]) prev = d[i - 1];
    out[i + 1] = (prev + d[i]) / 2 + kappaMm;
  }
  out[d.length + 1] = ball.radiusMm;
  return out;
}
