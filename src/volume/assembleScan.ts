/**
 * Main-thread side of the `default` preset: once every slice of a scan is back from the workers, decide which
 * candidates are lung using the whole volume, then measure per slice and per scan.
 *
 *   1. A candidate is parenchyma-like when the median HU of its air part lies in `parenchymaMedianHu`
 *      (lung about -850; trachea, bronchi, stomach and bowel gas about -1000 are not).
 *   2. Parenchyma-like candidates of neighbouring slices that overlap in-plane are linked into 3-D components.
 *   3. A component is lung when it is big in physical units: volume >= minComponentMl or a cross-section of at
 *      least minSliceAreaMm2 (the latter lets a single 2-D slice, with no 3-D context, still find its lungs).
 *   4. Left / right: a region lying (almost) all on one side of the body midline goes to that side; one with a
 *      large share on both sides (and the size of a lung's cross-section) is the two lungs touching, split along
 *      the midline and flagged.
 */
import type { CandidateRegion, SliceCandidates } from '../stages/anatomy.js';
import type { IslandRegion } from '../stages/anatomyIslands.js';
import { paintRuns } from './masks.js';
import { boxesOverlap, runsOverlap, UnionFind } from './linkSlices.js';
import { scanFlags, type FlagParams } from './flags.js';
import { mainLungRoots, touchesLung } from './mainLungs.js';
import { componentsApart } from './componentsApart.js';
import { lungSurfaceVessels, NO_SURFACE_VESSELS, type SurfaceVessels } from './lungSurfaceVessels.js';
import type { LungRegionSide } from './lungRegionSide.js';

export interface AssembleParams extends FlagParams {
  /** [lo, hi] HU: a candidate whose air part has its median here is parenchyma-like. */
  readonly parenchymaMedianHu: readonly [number, number];
  readonly minComponentMl: number;
  readonly minSliceAreaMm2: number;
  /**
   * A region with at least this fraction of its pixels on each side of the midline, and at least minSliceAreaMm2
   * in all, is two lungs touching.
   */
  readonly bothSidesMinFraction: number;
  /**
   * A parenchyma-like fragment too small to stand alone (lung split by dense disease, a fissure, the thin rim
   * over a diaphragm dome) — or one too thin to have a core whose density can be read — joins the lung when it
   * overlaps lung in a neighbouring slice or lies within this distance (mm) of lung in its own slice.
   */
  readonly joinDistanceMm: number;
  /** Fragments denser than parenchymaMedianHu[1] join up to this median HU. */
  readonly fragmentMaxMedianHu: number;
  /**
   * A tissue island filled into a lung (CandidateRegion.islands) is taken back when, in the slice below it (toward
   * the feet, lungs already decided), more than half of the island grown by this margin (mm, a square
   * neighbourhood) is not lung: the top of a diaphragm dome, ringed by the costophrenic recess, sits on the wider
   * dome below. A vessel or nodule has lung around it in the slice below; the margin also stops the rule running
   * up a vessel that leaves the hilum upward (only its first section is lost). 0 = off.
   */
  readonly islandRingMm: number;
  /**
   * Only the main components are lung by their size: the largest on each side of the midline, or the largest
   * alone when it spans both (src/volume/mainLungs.ts); another component that passes the size test is not lung
   * (bowel and stomach gas below the diaphragm), nor are its regions fragments. A lone 2-D slice keeps them all.
   * false: every component that passes the size test is lung (before issue 16).
   */
  readonly mainComponentsOnly: boolean;
  /**
   * Vessel voxels with a face neighbour outside the lung (3-D), along an axis whose spacing is at most this (mm),
   * are lung but not vessel: the rim of mediastinal fat the closing bridges in, partial volume at the pleura
   * (src/volume/lungSurfaceVessels.ts). 0: every tissue voxel of the lung above the vessel threshold is vessel
   * (before issue 13's vessel size work).
   */
  readonly surfaceNotVesselMaxStepMm: number;
  /**
   * A 3-D component of the final lung mask (lung regions linked by overlap across slices) that holds none of the
   * main lungs and at least this volume (mL) is flagged `extra-lung-components` (src/volume/componentsApart.ts).
   */
  readonly extraComponentMinMl: number;
}

export interface ScanGeometry {
  readonly sliceSpacingMm: number;
  /** Per slice index, the thickness its area stands for when the slices are unevenly spaced (see VolumeSource). */
  readonly sliceWeightsMm?: readonly number[];
  readonly inPlaneSpacingMm: readonly [number, number];
  readonly nSlices: number;
  readonly superiorIsHigherIndex: boolean;
}

export interface AssembledSlice {
  readonly index: number;
  readonly lungAreaMm2: number;
  readonly leftAreaMm2: number;
  readonly rightAreaMm2: number;
  readonly vesselAreaMm2: number;
  readonly leftVesselAreaMm2: number;
  readonly rightVesselAreaMm2: number;
  /** vessel / lung × 100; null when the slice has no lung. */
  readonly vesselRatioPct: number | null;
  readonly nLungRegions: number;
  readonly note: string | null;
}

export interface AssembledScan {
  readonly slices: readonly AssembledSlice[];
  readonly lungVolumeMl: number;
  readonly leftVolumeMl: number;
  readonly rightVolumeMl: number;
  readonly vesselVolumeMl: number;
  readonly flags: readonly string[];
  /** Positions in `slices[i].candidates` of the regions that are lung, for masks; [] for an unknown index. */
  lungRegionsOf(index: number): number[];
  /** Runs of the islands taken back from those regions (not lung, not vessel), for masks; [] when none. */
  islandsTakenBackOf(index: number): Int32Array[];
  /**
   * Per region that is lung (as lungRegionsOf): which lung it went to ('split': two lungs touching, split at the
   * midline) and the positions in its `islands` of those taken back. For measures per lung (src/biomarkers/).
   */
  lungRegionSidesOf(index: number): LungRegionSide[];
  /** Vessel-run pixels on the lung's surface (lung, not vessel: AssembleParams.surfaceNotVesselMaxStepMm); never mutate. */
  surfaceVesselsOf(index: number): Int32Array;
}

export type { LungRegionSide };

/**
 * `parenchyma[g]` values: 1 parenchyma-like; FRAGMENT_ONLY no core to read, or denser than parenchyma up to
 * fragmentMaxMedianHu (a partial-volume apex, dense dependent lung) — lung only next to lung; 0 gas or tissue.
 * A region with no core is judged on all its air instead: as pure as gas (mean below parenchymaMedianHu[0]) it is
 * an airway or gas sliver (a bronchus cut along its length at the hilum), not lung.
 */
const FRAGMENT_ONLY = 2;

export const LUNGS_TOUCHING_NOTE = 'lungs touching: split at the body midline';

export function assembleScan(params: AssembleParams, slices: readonly SliceCandidates[], geometry: ScanGeometry): AssembledScan {
  const pxMm2 = geometry.inPlaneSpacingMm[0] * geometry.inPlaneSpacingMm[1];
  const [lo, hi] = params.parenchymaMedianHu;

  // Global ids of parenchyma-like candidates: offset[s] + position within the slice.
  const offset = new Int32Array(slices.length + 1);
  for (let s = 0; s < slices.length; s++) offset[s + 1] = offset[s] + slices[s].candidates.length;
  const total = offset[slices.length];
  const parenchyma = new Uint8Array(total);
  for (let s = 0; s < slices.length; s++) {
    slices[s].candidates.forEach((c, k) => {
      if (c.medianAirHu >= lo && c.medianAirHu <= hi) parenchyma[offset[s] + k] = 1;
      else if (Number.isNaN(c.medianAirHu) ? !(c.meanAirHu < lo) : c.medianAirHu > hi && c.medianAirHu <= params.fragmentMaxMedianHu) {
        parenchyma[offset[s] + k] = FRAGMENT_ONLY;
      }
    });
  }

  const uf = new UnionFind(total);
  for (let s = 0; s + 1 < slices.length; s++) {
    const a = slices[s].candidates, b = slices[s + 1].candidates;
    for (let i = 0; i < a.length; i++) {
      if (parenchyma[offset[s] + i] !== 1) continue;
      for (let j = 0; j < b.length; j++) {
        if (parenchyma[offset[s + 1] + j] !== 1) continue;
        if (boxesOverlap(a[i].bbox, b[j].bbox) && runsOverlap(a[i].runs, b[j].runs)) uf.union(offset[s] + i, offset[s + 1] + j);
      }
    }
  }

  const volumeMl = new Float64Array(total);
  const maxAreaMm2 = new Float64Array(total);
  for (let s = 0; s < slices.length; s++) {
    slices[s].candidates.forEach((c, k) => {
      const g = offset[s] + k;
      if (parenchyma[g] !== 1) return;
      const root = uf.find(g);
      const area = c.areaPx * pxMm2;
      volumeMl[root] += (area * sliceThicknessMm(geometry, slices[s].index)) / 1000;
      if (area > maxAreaMm2[root]) maxAreaMm2[root] = area;
    });
  }
  const isLung = new Uint8Array(total);
  // Components that pass the size test, by root, with how much of them lies on each side of the midline.
  const big = new Map<number, { volumeMl: number; leftPx: number; rightPx: number }>();
  const rootOf = new Int32Array(total).fill(-1);
  for (let s = 0; s < slices.length; s++) {
    slices[s].candidates.forEach((c, k) => {
      const g = offset[s] + k;
      if (parenchyma[g] !== 1) return;
      const root = uf.find(g);
      if (!(volumeMl[root] >= params.minComponentMl || maxAreaMm2[root] >= params.minSliceAreaMm2)) return;
      rootOf[g] = root;
      const sides = big.get(root);
      if (sides) {
        sides.leftPx += c.leftPx;
        sides.rightPx += c.rightPx;
      } else big.set(root, { volumeMl: volumeMl[root], leftPx: c.leftPx, rightPx: c.rightPx });
    });
  }
  const lungs = mainLungRoots(big, params.bothSidesMinFraction);
  // A lone 2-D slice has no 3-D context to judge by: its big regions are lung, as before.
  const judge = params.mainComponentsOnly && slices.length > 1;
  const isMain = new Uint8Array(total);
  for (let g = 0; g < total; g++) {
    const root = rootOf[g];
    if (root < 0) continue;
    if (lungs.has(root)) isMain[g] = 1;
    if (!judge || isMain[g]) isLung[g] = 1;
    else parenchyma[g] = 0; // a big component left out: nearness in a slice does not bring its regions back
  }
  const dx = Math.floor(params.joinDistanceMm / geometry.inPlaneSpacingMm[0]);
  const dy = Math.floor(params.joinDistanceMm / geometry.inPlaneSpacingMm[1]);
  attachFragments(slices, offset, parenchyma, isLung, dx, dy);
  const takenBack = domeIslands(params, slices, offset, isLung, geometry);

  const out: AssembledSlice[] = [];
  const lungIds: number[][] = [];
  const lungSides: LungRegionSide[][] = [];
  let lungMl = 0, leftMl = 0, rightMl = 0, vesselMl = 0;
  let touchingSlices = 0;
  for (let s = 0; s < slices.length; s++) {
    const sc = slices[s];
    const perMl = sliceThicknessMm(geometry, sc.index) / 1000;
    let leftPx = 0, rightPx = 0, vLeftPx = 0, vRightPx = 0, nRegions = 0;
    let touching = false;
    const ids: number[] = [];
    const regionSides: LungRegionSide[] = [];
    sc.candidates.forEach((c, k) => {
      if (!isLung[offset[s] + k]) return;
      ids.push(k);
      nRegions++;
      // The region less the islands taken back from it; its side (or the touching split) is the region's.
      let cLeft = c.leftPx, cRight = c.rightPx, cArea = c.areaPx;
      let cvLeft = c.vesselLeftPx, cvRight = c.vesselRightPx, cVessel = c.vesselPx;
      for (const i of takenBack.get(offset[s] + k) ?? []) {
        cLeft -= i.leftPx;
        cRight -= i.rightPx;
        cArea -= i.areaPx;
        cvLeft -= i.vesselLeftPx;
        cvRight -= i.vesselRightPx;
        cVessel -= i.vesselPx;
      }
      const side = regionSide(params, c, pxMm2);
      if (side === 'split') {
        touching = true;
        regionSides.push(lungRegionSide(c, k, 'split', takenBack.get(offset[s] + k)));
        leftPx += cLeft;
        rightPx += cRight;
        vLeftPx += cvLeft;
        vRightPx += cvRight;
      } else if (side === 'left') {
        regionSides.push(lungRegionSide(c, k, 'left', takenBack.get(offset[s] + k)));
        leftPx += cArea;
        vLeftPx += cVessel;
      } else {
        regionSides.push(lungRegionSide(c, k, 'right', takenBack.get(offset[s] + k)));
        rightPx += cArea;
        vRightPx += cVessel;
      }
    });
    if (touching) touchingSlices++;
    const leftAreaMm2 = leftPx * pxMm2;
    const rightAreaMm2 = rightPx * pxMm2;
    const lungAreaMm2 = (leftPx + rightPx) * pxMm2;
    const vesselAreaMm2 = (vLeftPx + vRightPx) * pxMm2;
    out.push({
      index: sc.index,
      lungAreaMm2,
      leftAreaMm2,
      rightAreaMm2,
      vesselAreaMm2,
      leftVesselAreaMm2: vLeftPx * pxMm2,
      rightVesselAreaMm2: vRightPx * pxMm2,
      vesselRatioPct: lungAreaMm2 > 0 ? (vesselAreaMm2 / lungAreaMm2) * 100 : null,
      nLungRegions: nRegions,
      note: touching ? LUNGS_TOUCHING_NOTE : null,
    });
    lungIds.push(ids);
    lungSides.push(regionSides);
    lungMl += lungAreaMm2 * perMl;
    leftMl += leftAreaMm2 * perMl;
    rightMl += rightAreaMm2 * perMl;
    vesselMl += vesselAreaMm2 * perMl;
  }

  const maxStepMm = params.surfaceNotVesselMaxStepMm;
  const surface = maxStepMm > 0
    ? lungSurfaceVessels(slices, (s) => lungSides[s], { maxStepMm, acrossSlices: geometry.sliceSpacingMm <= maxStepMm })
    : null;
  if (surface) {
    for (let s = 0; s < out.length; s++) {
      const { leftPx, rightPx } = surface[s];
      if (leftPx + rightPx === 0) continue;
      const row = out[s];
      const vesselAreaMm2 = row.vesselAreaMm2 - (leftPx + rightPx) * pxMm2;
      out[s] = {
        ...row,
        vesselAreaMm2,
        leftVesselAreaMm2: row.leftVesselAreaMm2 - leftPx * pxMm2,
        rightVesselAreaMm2: row.rightVesselAreaMm2 - rightPx * pxMm2,
        vesselRatioPct: row.lungAreaMm2 > 0 ? (vesselAreaMm2 / row.lungAreaMm2) * 100 : null,
      };
      vesselMl -= ((leftPx + rightPx) * pxMm2 * sliceThicknessMm(geometry, row.index)) / 1000;
    }
  }

  const byIndex = new Map<number, number>();
  slices.forEach((sc, s) => byIndex.set(sc.index, s));
  // A lone 2-D slice has no 3-D components to count.
  const apart = slices.length > 1
    ? componentsApart(slices, offset, isLung, isMain, pxMm2, geometry.sliceSpacingMm, params.extraComponentMinMl)
    : { count: 0, volumeMl: 0 };
  const flags = scanFlags(params, slices, out, geometry, { lungVolumeMl: lungMl, touchingSlices, apart });
  const volumes = { lungVolumeMl: lungMl, leftVolumeMl: leftMl, rightVolumeMl: rightMl, vesselVolumeMl: vesselMl };
  return new AssembledLungs(out, volumes, flags, { byIndex, lungIds, lungSides, takenBack, offset, surface });
}

interface LungLookup {
  /** Slice index -> position in the scan's slice list. */
  readonly byIndex: ReadonlyMap<number, number>;
  readonly lungIds: readonly number[][];
  readonly lungSides: readonly LungRegionSide[][];
  readonly takenBack: ReadonlyMap<number, IslandRegion[]>;
  readonly offset: Int32Array;
  /** Per slice position, its vessel voxels on the lung's surface; null when the rule is off. */
  readonly surface: readonly SurfaceVessels[] | null;
}

/**
 * The assembled scan. A class, not an object literal with methods: the literal's methods were new closures every
 * scan, and lungRegionSidesOf (called per slice) was optimized anew each time.
 */
class AssembledLungs implements AssembledScan {
  readonly lungVolumeMl: number;
  readonly leftVolumeMl: number;
  readonly rightVolumeMl: number;
  readonly vesselVolumeMl: number;

  constructor(
    readonly slices: readonly AssembledSlice[],
    volumes: Pick<AssembledScan, 'lungVolumeMl' | 'leftVolumeMl' | 'rightVolumeMl' | 'vesselVolumeMl'>,
    readonly flags: readonly string[],
    private readonly lookup: LungLookup,
  ) {
    this.lungVolumeMl = volumes.lungVolumeMl;
    this.leftVolumeMl = volumes.leftVolumeMl;
    this.rightVolumeMl = volumes.rightVolumeMl;
    this.vesselVolumeMl = volumes.vesselVolumeMl;
  }

  lungRegionsOf(index: number): number[] {
    const s = this.lookup.byIndex.get(index);
    return s === undefined ? [] : this.lookup.lungIds[s].slice();
  }

  islandsTakenBackOf(index: number): Int32Array[] {
    const { byIndex, lungIds, takenBack, offset } = this.lookup;
    const s = byIndex.get(index);
    if (s === undefined) return [];
    return lungIds[s].flatMap((k) => (takenBack.get(offset[s] + k) ?? []).map((i) => i.runs));
  }

  lungRegionSidesOf(index: number): LungRegionSide[] {
    const s = this.lookup.byIndex.get(index);
    return s === undefined ? [] : this.lookup.lungSides[s].slice();
  }

  surfaceVesselsOf(index: number): Int32Array {
    const s = this.lookup.byIndex.get(index);
    return s === undefined || this.lookup.surface === null ? NO_SURFACE_VESSELS.voxels : this.lookup.surface[s].voxels;
  }
}

/** The thickness slice `index` stands for in a volume: its own weight when the spacing is uneven. */
export function sliceThicknessMm(geometry: Pick<ScanGeometry, 'sliceSpacingMm' | 'sliceWeightsMm'>, index: number): number {
  return geometry.sliceWeightsMm?.[index] ?? geometry.sliceSpacingMm;
}

function lungRegionSide(c: SliceCandidates['candidates'][number], k: number, side: LungRegionSide['side'], taken: IslandRegion[] | undefined): LungRegionSide {
  return { region: k, side, islandsTakenBack: (taken ?? []).map((i) => c.islands.indexOf(i)) };
}

/**
 * The islands to take back (see AssembleParams.islandRingMm), by global candidate id. Slices are visited from the
 * feet up, each judged against the slice below with that slice's islands already taken back, so a dome that is an
 * island over several slices is taken back in all of them.
 */
function domeIslands(
  params: AssembleParams,
  slices: readonly SliceCandidates[],
  offset: Int32Array,
  isLung: Uint8Array,
  geometry: ScanGeometry,
): Map<number, IslandRegion[]> {
  const out = new Map<number, IslandRegion[]>();
  const n = slices.length;
  if (params.islandRingMm <= 0 || n < 2) return out;
  const { width, height } = slices[0];
  if (slices.some((sc) => sc.width !== width || sc.height !== height)) return out; // not one grid: judge nothing
  const dx = Math.floor(params.islandRingMm / geometry.inPlaneSpacingMm[0]);
  const dy = Math.floor(params.islandRingMm / geometry.inPlaneSpacingMm[1]);
  let below = new Uint8Array(width * height);
  let here = new Uint8Array(width * height);
  const stamp = new Int32Array(width * height);
  let stampId = 0;
  for (let step = 0; step < n; step++) {
    const s = geometry.superiorIsHigherIndex ? step : n - 1 - step;
    const sc = slices[s];
    here.fill(0);
    for (let k = 0; k < sc.candidates.length; k++) if (isLung[offset[s] + k]) paintRuns(sc.candidates[k].runs, width, here);
    for (let k = 0; step > 0 && k < sc.candidates.length; k++) {
      const g = offset[s] + k;
      if (!isLung[g]) continue;
      for (const island of sc.candidates[k].islands) {
        if (mostlyLungBelow(island.runs, width, height, dx, dy, below, stamp, ++stampId)) continue; // a vessel or nodule
        const list = out.get(g);
        if (list) list.push(island);
        else out.set(g, [island]);
        paintRuns(island.runs, width, here, 0);
      }
    }
    const t = below;
    below = here;
    here = t;
  }
  return out;
}

/**
 * Whether at least half the pixels within the ring of an island (its runs widened by dx, dy pixels) are lung in
 * the slice below. `stamp` marks the pixels counted (with a fresh `stampId` per island), so overlapping rows count
 * once. A function of its own, called per island with plain arguments, so that it stays optimized from scan to
 * scan: inside the loop over the scan's slices it was compiled anew (on-stack) every scan.
 */
function mostlyLungBelow(
  r: Int32Array, width: number, height: number, dx: number, dy: number, below: Uint8Array, stamp: Int32Array, stampId: number,
): boolean {
  let total = 0, lung = 0;
  for (let q = 0; q < r.length; q += 3) {
    const x0 = Math.max(0, r[q + 1] - dx), x1 = Math.min(width, r[q + 2] + dx);
    for (let y = Math.max(0, r[q] - dy); y <= Math.min(height - 1, r[q] + dy); y++) {
      const base = y * width;
      for (let x = x0; x < x1; x++) {
        if (stamp[base + x] === stampId) continue;
        stamp[base + x] = stampId;
        total++;
        lung += below[base + x];
      }
    }
  }
  return 2 * lung >= total;
}

/** Grow the lung set by fragments: overlap with lung in a neighbouring slice, or nearness in the same slice. */
function attachFragments(
  slices: readonly SliceCandidates[],
  offset: Int32Array,
  parenchyma: Uint8Array,
  isLung: Uint8Array,
  dx: number,
  dy: number,
): void {
  for (let pass = 0; pass < 4; pass++) {
    let changed = false;
    for (let s = 0; s < slices.length; s++) {
      const cands = slices[s].candidates;
      for (let k = 0; k < cands.length; k++) {
        const g = offset[s] + k;
        if (isLung[g] || parenchyma[g] === 0) continue;
        if (touchesLung(slices, offset, isLung, s, k, dx, dy)) {
          isLung[g] = 1;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
}

/**
 * Which lung a region's pixels count for: 'split' (two lungs touching: each pixel by its side of the midline), or
 * the side holding most of it.
 */
export function regionSide(
  params: Pick<AssembleParams, 'bothSidesMinFraction' | 'minSliceAreaMm2'>,
  c: Pick<CandidateRegion, 'leftPx' | 'rightPx' | 'areaPx'>,
  pxMm2: number,
): 'split' | 'left' | 'right' {
  const minority = Math.min(c.leftPx, c.rightPx);
  // Two lungs touching make a region at least as big as one lung's cross-section; a smaller one across the
  // midline is one lung's tip (a posterior recess behind the heart reaches past the body's midline).
  if (minority >= params.bothSidesMinFraction * c.areaPx && c.areaPx * pxMm2 >= params.minSliceAreaMm2) return 'split';
  return c.leftPx >= c.rightPx ? 'left' : 'right';
}
