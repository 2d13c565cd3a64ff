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
 */
import { ballOffsets, type BallOffsets } from './ballOffsets.js';

/** Cross-sections (mm²) whose vessel volume below is counted. */
export const BV_AREAS_MM2 = [5, 10] as const;

/** Diameter (mm) of a circle of the given area. */
export function diameterOfArea(areaMm2: number): number {
  return 2 * Math.sqrt(areaMm2 / Math.PI);
}

/** Per region code (0..nCodes), vessel voxels whose cross-section is under each area of BV_AREAS_MM2. */
export type VesselSizeTotals = Float64Array[];

/**
 * Streams slices (in index order, one grid) through the measure. `add` takes the slice's vessel mask (0/1), its
 * region codes (0 = none) and the list of its vessel voxel indexes; `finish` returns the totals per code.
 */
export class VesselSizer {
  private readonly ball: BallOffsets;
  private readonly thresholdsMm: readonly number[];
  private readonly span: number;
  private readonly k: number;
  private readonly vessel: Uint8Array[];
  /**
   * R(c) per slice, as a code into rOf (0: not vessel; i: the distance of the ball's (i-1)-th offset; the last:
   * beyond the cap): exact distances, so ties between R(c) and |x - c| compare as the definition says, at 2 bytes.
   */
  private readonly radius: Uint16Array[];
  private readonly rOf: Float64Array;
  private readonly labels: Uint8Array[];
  private readonly voxels: Int32Array[];
  private added = 0;
  private readonly totals: VesselSizeTotals;
  private readonly n: number;

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
    this.span = 4 * this.k + 1;
    this.n = width * height;
    this.vessel = Array.from({ length: this.span }, () => new Uint8Array(this.n));
    this.radius = Array.from({ length: this.span }, () => new Uint16Array(this.n));
    this.labels = Array.from({ length: this.span }, () => new Uint8Array(this.n));
    this.voxels = Array.from({ length: this.span }, () => new Int32Array(0));
    this.totals = Array.from({ length: nCodes + 1 }, () => new Float64Array(BV_AREAS_MM2.length));
  }

  add(vessel: Uint8Array, labels: Uint8Array, voxels: Int32Array): void {
    const s = this.added++;
    const slot = s % this.span;
    this.vessel[slot].set(vessel);
    this.labels[slot].set(labels);
    this.voxels[slot] = voxels;
    this.distances(s - this.k);
    this.classify(s - 2 * this.k);
  }

  finish(): VesselSizeTotals {
    const empty = new Uint8Array(this.n);
    while (this.added < this.nSlices) this.add(empty, empty, new Int32Array(0));
    for (let s = this.nSlices - this.k; s < this.nSlices; s++) this.distances(s);
    for (let s = this.nSlices - 2 * this.k; s < this.nSlices; s++) this.classify(s);
    return this.totals;
  }

  /** R(c) for slice z's vessel voxels, capped at the ball's radius (slices z-k..z+k are in the ring). */
  private distances(z: number): void {
    if (z < 0 || z >= this.nSlices) return;
    const { width, height, ball } = this;
    const slot = z % this.span;
    const out = this.radius[slot];
    out.fill(0);
    const voxels = this.voxels[slot];
    const offs = ball.offsets;
    const nOff = ball.distMm.length;
    for (let q = 0; q < voxels.length; q++) {
      const p = voxels[q];
      const x = p % width, y = (p - x) / width;
      let r = nOff + 1;
      for (let o = 0; o < nOff; o++) {
        const xx = x + offs[3 * o], yy = y + offs[3 * o + 1], zz = z + offs[3 * o + 2];
        if (xx < 0 || yy < 0 || zz < 0 || xx >= width || yy >= height || zz >= this.nSlices || this.vessel[zz % this.span][yy * width + xx] === 0) {
          r = o + 1;
          break;
        }
      }
      out[p] = r;
    }
  }

  /** Counts slice z's vessel voxels under each threshold (R of slices z-k..z+k is ready). */
  private classify(z: number): void {
    if (z < 0 || z >= this.nSlices) return;
    const { width, height, ball } = this;
    const slot = z % this.span;
    const voxels = this.voxels[slot];
    const labels = this.labels[slot];
    const offs = ball.offsets;
    const nOff = ball.distMm.length;
    const nT = this.thresholdsMm.length;
    const enough = this.thresholdsMm[nT - 1];
    // The largest R(c) of the centres whose ball holds x (t(x) / 2), walking nearest first; once it reaches the
    // largest threshold nothing more can change the counts.
    for (let q = 0; q < voxels.length; q++) {
      const p = voxels[q];
      const x = p % width, y = (p - x) / width;
      let thickest = 0; // largest R(c) of a centre covering x
      for (let o = 0; o < nOff; o++) {
        const d = ball.distMm[o];
        if (thickest >= enough) break;
        const xx = x + offs[3 * o], yy = y + offs[3 * o + 1], zz = z + offs[3 * o + 2];
        if (xx < 0 || yy < 0 || zz < 0 || xx >= width || yy >= height || zz >= this.nSlices) continue;
        const r = this.rOf[this.radius[zz % this.span][yy * width + xx]];
        if (r > d && r > thickest) thickest = r;
      }
      const totals = this.totals[labels[p]];
      for (let t = 0; t < nT; t++) if (thickest < this.thresholdsMm[t]) totals[t]++;
    }
  }
}

/**
 * R(c) for "the first non-vessel voxel is the i-th offset": halfway between its distance and the largest smaller
 * distance on the grid (every voxel that near is vessel: the mask's edge lies between the two), plus a sixth of a
 * voxel — the mean distance from a tube's axis to the nearest voxel centre, which the ball centres (voxel centres)
 * lose. The sixth was chosen on straight digitised tubes of radius 1.1–1.95 mm at 0.7×0.7×0.8 and 0.6×0.6×1 mm,
 * where it puts the 50 % point of both thresholds within 0.07 mm of the true radius; the phantom's vessel trees
 * (test/biomarkers/phantomVesselSize.test.ts) were not used to choose it. Code 0: not vessel.
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
