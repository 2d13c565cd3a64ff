/**
 * Worker side of the `default` preset: one canonical (RAS+) slice in, the air regions enclosed by the body out.
 *
 * Air-like pixels (HU below `airBelowHu`, or NaN) and tissue pixels are labelled into components; every component
 * is placed in a nesting tree by the component of the pixel just above its top-most, left-most pixel (that pixel
 * is always of the other kind and encloses it). Then:
 *   - air touching the image border is outside air (with FOV padding);
 *   - the body is the largest tissue component; other top-level tissue (arms, table, padding) is not body;
 *   - a candidate is an air component whose enclosing tissue is the body (lungs, trachea, bronchi, gas);
 *   - everything nested inside a candidate (vessels, nodules, bronchial walls and their lumen) belongs to it,
 *     so a candidate's region is "the pixels whose centre lies inside" that air region, holes filled.
 * Per candidate the output carries the statistics the per-scan step needs and run-length encodings of the region
 * and of its vessel pixels — no full-size images, so the result is small and structured-clonable.
 */
import type { HuSlice } from './types.js';
import { labelAirAndTissue, runAt, RunScratch, type RunComponents } from './anatomyRuns.js';
import { ClosingScratch, closeRegion } from './anatomyClosing.js';
import { collectIslands, islandOfHole, type IslandRegion } from './anatomyIslands.js';

export interface AnatomyParams {
  /** A pixel is air-like when HU < airBelowHu (NaN too). */
  readonly airBelowHu: number;
  /** Inside a candidate, a pixel is a vessel when HU >= vesselMinHu. */
  readonly vesselMinHu: number;
  /** Candidates smaller than this (mm²) are dropped from the output (noise specks). */
  readonly minCandidateAreaMm2: number;
  /**
   * Tissue enclosed by a candidate is filled in (vessels, nodules, bronchial walls) only up to this area (mm²);
   * bigger enclosed tissue (a diaphragm dome ringed by the costophrenic recess) is not lung.
   */
  readonly maxHoleAreaMm2: number;
  /**
   * Radius (mm) of the closing that gives back vessels notching the lung's edge and entering at the hila; 0 = off.
   * Only tissue not owned by another candidate is added. Applied to candidates of at least minClosingAreaMm2.
   */
  readonly closingRadiusMm: number;
  readonly minClosingAreaMm2: number;
  /**
   * After the closing, fill the closed region's holes (up to maxHoleAreaMm2): tissue the lung surrounds but for a
   * neck narrower than the closing — vessels and bronchi that touch the chest wall or the hilum by a thin branch —
   * and any candidate lying inside such a hole (a bronchus's lumen), which then is part of the lung.
   */
  readonly closingFillsHoles: boolean;
  /** Tissue within this distance (mm) of an airway lumen inside the lung is bronchial wall, not vessel. */
  readonly airwayWallMm: number;
  /**
   * An air region the closing swallows (a candidate lying inside a hole it fills) whose air-like pixels have a
   * median below this HU is an airway's lumen, not a piece of lung: at the hila a bronchus's wall joins the
   * mediastinum, so the wall is body tissue and not a hole of the lung, until the closing bridges it in. Tissue
   * within airwayWallMm of such a lumen is bronchial wall, not vessel. A value below any HU (-10000) turns it off.
   */
  readonly swallowedLumenMaxMedianHu: number;
}

export interface CandidateRegion {
  /** Pixels of the region, holes included. */
  readonly areaPx: number;
  /** Air-like pixels of the region (its parenchyma or gas). */
  readonly airPx: number;
  readonly meanAirHu: number;
  /**
   * Median HU (to 1 HU) of the air-like core pixels — those whose four neighbours are in the region, so the
   * partial-volume rim does not count: parenchyma about -850, pure gas about -1000. NaN when there is no core.
   */
  readonly medianAirHu: number;
  readonly centroidX: number;
  readonly centroidY: number;
  /** [x0, y0, x1, y1], inclusive. */
  readonly bbox: readonly [number, number, number, number];
  /** Region pixels on the patient's left / right of the body midline (x toward patient Right). */
  readonly leftPx: number;
  readonly rightPx: number;
  readonly vesselPx: number;
  readonly vesselLeftPx: number;
  readonly vesselRightPx: number;
  /** The region as (y, x0, x1) triples, x1 exclusive, scan order. */
  readonly runs: Int32Array;
  /** The vessel pixels as (y, x0, x1) triples. */
  readonly vesselRuns: Int32Array;
  /**
   * The tissue islands filled in (enclosed directly by the region's air, none enclosing air itself, each at least
   * minCandidateAreaMm2): already counted above; listed so that the per-scan step can take back the top of a
   * diaphragm dome, which only the slice below tells apart from a vessel or nodule.
   */
  readonly islands: readonly IslandRegion[];
}

/** Estimated from every 3rd pixel (see histogramFacts). */
export interface HuHistogramFacts {
  readonly totalPx: number;
  readonly nanPx: number;
  /** -1100 <= HU <= -900: outside air, gas. */
  readonly nearAirPx: number;
  /** -900 < HU <= -500: lung parenchyma. */
  readonly parenchymaPx: number;
  /** -200 <= HU <= 200: soft tissue, fat, water. */
  readonly softTissuePx: number;
}

export interface SliceCandidates {
  readonly index: number;
  readonly width: number;
  readonly height: number;
  readonly spacingMm: readonly [number, number];
  /** null when the slice holds no tissue at all. */
  readonly body: { readonly areaPx: number; readonly midlineX: number; readonly bbox: readonly [number, number, number, number] } | null;
  readonly candidates: readonly CandidateRegion[];
  readonly histogram: HuHistogramFacts;
}

const OUTSIDE = -1;
const NOT_BODY = -2;
const BODY = -3;

/**
 * Full-size buffers kept from one slice to the next (a worker analyses one slice at a time), each restored to its
 * resting state by the code that dirtied it — only the pixels it touched, never a whole-image pass:
 * `inRegion` and `notVessel` all 0, `owner` all -1. A slice that throws half-way leaves `clean` false, and the
 * next slice starts from fresh buffers.
 */
class SliceScratch {
  n = 0;
  clean = false;
  inRegion = new Uint8Array(0);
  notVessel = new Uint8Array(0);
  owner = new Int32Array(0);
  hist = new Int32Array(0);
  vesselRuns = new Int32Array(3 * 1024);
  readonly runs = new RunScratch();
  readonly closing = new ClosingScratch();

  /** Ready for a slice of n pixels, with a histogram of histBins bins. */
  take(n: number, histBins: number): this {
    if (!this.clean || this.n !== n) {
      this.n = n;
      this.inRegion = new Uint8Array(n);
      this.notVessel = new Uint8Array(n);
      this.owner = new Int32Array(n).fill(-1);
    }
    if (this.hist.length !== histBins) this.hist = new Int32Array(histBins);
    this.clean = false;
    return this;
  }
}

const SCRATCH = new SliceScratch();

export function analyseSlice(params: AnatomyParams, slice: HuSlice): SliceCandidates {
  const { width, height, hu } = slice;
  const n = width * height;
  const t = params.airBelowHu;
  const work = SCRATCH.take(n, Math.max(1, Math.ceil(t) + 1101));
  const result = analyse(params, slice, work);
  work.clean = true;
  return result;
}

function analyse(params: AnatomyParams, slice: HuSlice, work: SliceScratch): SliceCandidates {
  const { width, height, hu } = slice;
  const t = params.airBelowHu;
  const histogram = histogramFacts(hu);
  const { air: airC, tissue: tissueC } = labelAirAndTissue(hu, width, height, t, work.runs);
  let bodyLabel = -1;
  for (let l = 0; l < tissueC.nLabels; l++) if (bodyLabel < 0 || tissueC.area[l] > tissueC.area[bodyLabel]) bodyLabel = l;

  const maxHolePx = params.maxHoleAreaMm2 / (slice.spacingMm[0] * slice.spacingMm[1]);
  // Owner of each component: a candidate number >= 0, or OUTSIDE / NOT_BODY / BODY.
  const airOwner = new Int32Array(airC.nLabels);
  const tissueOwner = new Int32Array(tissueC.nLabels);
  const candidateAirLabel: number[] = [];
  const airwayWall = new Uint8Array(tissueC.nLabels);
  const airwayLumen = new Uint8Array(airC.nLabels);
  // Walk both label lists in the scan order of their first runs: an encloser always comes first.
  let a = 0, s = 0;
  while (a < airC.nLabels || s < tissueC.nLabels) {
    const takeAir = s >= tissueC.nLabels || (a < airC.nLabels && airC.firstRun[a] >= 0 && firstPos(airC, a, width) < firstPos(tissueC, s, width));
    if (takeAir) {
      const enclosing = enclosingOwner(airC, a, tissueC, tissueOwner);
      let owner: number;
      if (airC.touchesBorder[a] || enclosing === OUTSIDE) owner = OUTSIDE;
      else if (enclosing === BODY) { owner = candidateAirLabel.length; candidateAirLabel.push(a); }
      else {
        owner = enclosing; // inside a candidate's hole: same candidate; inside arms/table: NOT_BODY
        // Tissue inside a lung that encloses air is a bronchial wall around its lumen: lung, but not vessel.
        if (owner >= 0) {
          airwayWall[enclosingLabel(airC, a, tissueC)] = 1;
          airwayLumen[a] = 1;
        }
      }
      airOwner[a++] = owner;
    } else {
      const enclosing = enclosingOwner(tissueC, s, airC, airOwner);
      let owner: number;
      if (enclosing === OUTSIDE) owner = s === bodyLabel ? BODY : NOT_BODY;
      else if (enclosing >= 0 && tissueC.area[s] > maxHolePx) owner = BODY; // too big to be a hole: body tissue
      else owner = enclosing; // a hole of a candidate, or nested in non-body
      tissueOwner[s++] = owner;
    }
  }

  let body: SliceCandidates['body'] = null;
  let midlineX = (width - 1) / 2;
  if (bodyLabel >= 0) {
    let bx0 = width, bx1 = -1, by0 = height, by1 = -1;
    for (let r = 0; r < tissueC.nRuns; r++) {
      if (tissueC.label[r] !== bodyLabel) continue;
      const y = tissueC.runs[r * 3];
      if (tissueC.runs[r * 3 + 1] < bx0) bx0 = tissueC.runs[r * 3 + 1];
      if (tissueC.runs[r * 3 + 2] - 1 > bx1) bx1 = tissueC.runs[r * 3 + 2] - 1;
      if (y < by0) by0 = y;
      if (y > by1) by1 = y;
    }
    midlineX = (bx0 + bx1) / 2;
    body = { areaPx: tissueC.area[bodyLabel], midlineX, bbox: [bx0, by0, bx1, by1] };
  }

  const nCand = candidateAirLabel.length;
  const pixelAreaMm2 = slice.spacingMm[0] * slice.spacingMm[1];
  const candidates: CandidateRegion[] = [];
  if (nCand === 0) return { index: slice.index, width, height, spacingMm: [slice.spacingMm[0], slice.spacingMm[1]], body, candidates, histogram };

  // Region runs per candidate: merge the air and tissue runs in scan order, joining runs that abut.
  const runCount = new Int32Array(nCand);
  const areaPx = new Float64Array(nCand);
  for (let r = 0; r < airC.nRuns; r++) {
    const o = airOwner[airC.label[r]];
    if (o >= 0) { runCount[o]++; areaPx[o] += airC.runs[r * 3 + 2] - airC.runs[r * 3 + 1]; }
  }
  for (let r = 0; r < tissueC.nRuns; r++) {
    const o = tissueOwner[tissueC.label[r]];
    if (o >= 0) { runCount[o]++; areaPx[o] += tissueC.runs[r * 3 + 2] - tissueC.runs[r * 3 + 1]; }
  }
  const minPx = params.minCandidateAreaMm2 / pixelAreaMm2;
  const regionRuns: (Int32Array | null)[] = new Array(nCand).fill(null);
  const used = new Int32Array(nCand);
  for (let c = 0; c < nCand; c++) if (areaPx[c] >= minPx) regionRuns[c] = new Int32Array(runCount[c] * 3);
  let ia = 0, it = 0;
  while (ia < airC.nRuns || it < tissueC.nRuns) {
    let src: RunComponents, r: number, o: number;
    if (it >= tissueC.nRuns || (ia < airC.nRuns && runPos(airC, ia, width) < runPos(tissueC, it, width))) {
      src = airC; r = ia++; o = airOwner[airC.label[r]];
    } else {
      src = tissueC; r = it++; o = tissueOwner[tissueC.label[r]];
    }
    if (o < 0) continue;
    const out = regionRuns[o];
    if (out === null) continue;
    const y = src.runs[r * 3], x0 = src.runs[r * 3 + 1], x1 = src.runs[r * 3 + 2];
    const k = used[o];
    if (k > 0 && out[k - 3] === y && out[k - 1] === x0) out[k - 1] = x1;
    else { out[k] = y; out[k + 1] = x0; out[k + 2] = x1; used[o] = k + 3; }
  }

  const closing = params.closingRadiusMm > 0 ? closeCandidates(params, slice, regionRuns, used, nCand, work) : null;
  const filledHoles = closing?.filledHoles ?? null;

  const scratch: DescribeScratch = work;
  const walls = markAirwayWalls(params, slice, airC, airwayLumen, tissueC, airwayWall, tissueOwner, scratch.notVessel);
  const swallowedLumens = closing?.lumens ?? NO_LUMENS;
  markAroundLumens(params, slice, swallowedLumens, scratch.notVessel, 1);
  const islands = collectIslands({
    slice, air: airC, tissue: tissueC, tissueOwner, candidateAirLabel, enclosesAir: airwayWall, midlineX, vesselMinHu: params.vesselMinHu, minPx,
  });
  for (let c = 0; c < nCand; c++) {
    const full = regionRuns[c];
    if (full === null) continue;
    const runs = full.subarray(0, used[c]);
    const holes: IslandRegion[] = [];
    for (const h of filledHoles?.[c] ?? []) {
      const island = islandOfHole(h, slice, midlineX, params.vesselMinHu, minPx);
      if (island !== null) holes.push(island);
    }
    candidates.push({ ...describeRegion(params, slice, runs, midlineX, scratch), islands: holes.length ? [...islands[c], ...holes] : islands[c] });
  }
  if (walls) forWallRuns(tissueC, airwayWall, tissueOwner, width, (from, to) => scratch.notVessel.fill(0, from, to));
  markAroundLumens(params, slice, swallowedLumens, scratch.notVessel, 0);
  return { index: slice.index, width, height, spacingMm: [slice.spacingMm[0], slice.spacingMm[1]], body, candidates, histogram };
}

/**
 * Replace each big enough region by its closing; added pixels are tissue that no other region owns. With
 * closingFillsHoles, the closed region's holes are filled too, and a region lying inside one of them is dropped
 * (it is part of the region that encloses it). Returns, per region, the tissue holes filled (runs).
 */
function closeCandidates(
  params: AnatomyParams, slice: HuSlice, regionRuns: (Int32Array | null)[], used: Int32Array, nCand: number, work: SliceScratch,
): { filledHoles: (readonly Int32Array[] | null)[]; lumens: readonly Int32Array[] } {
  const { width, height, hu, spacingMm } = slice;
  const owner = work.owner; // all -1
  for (let c = 0; c < nCand; c++) {
    const r = regionRuns[c];
    if (r !== null) paint(owner, r, used[c], width, c);
  }
  const minPx = params.minClosingAreaMm2 / (spacingMm[0] * spacingMm[1]);
  const airT = params.airBelowHu;
  const mayAdd = (i: number) => owner[i] < 0 && hu[i] >= airT;
  const scratch = work.closing;
  const maxHolePx = params.maxHoleAreaMm2 / (spacingMm[0] * spacingMm[1]);
  // Filled with null, so that the array has one elements kind on every slice, holes filled or not: left holey and
  // unwritten on most slices but written on some, its map changed between slices, and analyse() was deoptimized
  // ("wrong map") and compiled again about five times per 512x512x300 scan.
  const filledHoles: (readonly Int32Array[] | null)[] = new Array(nCand).fill(null);
  const lumens: Int32Array[] = [];
  const minLumenPx = MIN_LUMEN_AREA_MM2 / (spacingMm[0] * spacingMm[1]);
  for (let c = 0; c < nCand; c++) {
    const r = regionRuns[c];
    if (r === null) continue;
    const runs = r.subarray(0, used[c]);
    let area = 0;
    let bx0 = width, by0 = height, bx1 = -1, by1 = -1;
    for (let k = 0; k < runs.length; k += 3) {
      area += runs[k + 2] - runs[k + 1];
      if (runs[k + 1] < bx0) bx0 = runs[k + 1];
      if (runs[k + 2] - 1 > bx1) bx1 = runs[k + 2] - 1;
      if (runs[k] < by0) by0 = runs[k];
      if (runs[k] > by1) by1 = runs[k];
    }
    if (area < minPx) continue;
    const holes = params.closingFillsHoles
      ? { maxPx: maxHolePx, ofOtherRegion: (i: number) => owner[i] >= 0 && owner[i] !== c, isTissue: (i: number) => hu[i] >= airT }
      : null;
    const closed = closeRegion(runs, [bx0, by0, bx1, by1], width, height, spacingMm, params.closingRadiusMm, mayAdd, scratch, holes);
    paint(owner, closed.runs, closed.runs.length, width, c);
    regionRuns[c] = closed.runs;
    used[c] = closed.runs.length;
    if (closed.tissueHoles.length) filledHoles[c] = closed.tissueHoles;
    if (closed.swallowed) {
      // A region inside a hole now belongs to c: its pixels are painted c.
      for (let d = 0; d < nCand; d++) {
        const rd = regionRuns[d];
        if (d !== c && rd !== null && owner[rd[0] * width + rd[1]] === c) {
          const runsD = rd.subarray(0, used[d]);
          if (isLumen(runsD, hu, width, airT, minLumenPx, params.swallowedLumenMaxMedianHu)) lumens.push(runsD);
          regionRuns[d] = null;
          filledHoles[d] = null;
        }
      }
    }
  }
  // Back to all -1: a closed region holds its original runs, so the final runs cover every pixel painted.
  for (let c = 0; c < nCand; c++) {
    const r = regionRuns[c];
    if (r !== null) paint(owner, r, used[c], width, -1);
  }
  return { filledHoles, lumens };
}

const NO_LUMENS: readonly Int32Array[] = [];

/**
 * A bronchus's lumen is a few millimetres across at the hila; specks of a pixel or two, whose median is one noisy
 * value, are left alone.
 */
const MIN_LUMEN_AREA_MM2 = 3;

/** Whether a swallowed region is a lumen: at least minPx air-like pixels (HU < airT) whose median is below maxMedianHu. */
function isLumen(runs: Int32Array, hu: Float32Array, width: number, airT: number, minPx: number, maxMedianHu: number): boolean {
  const values: number[] = [];
  for (let k = 0; k < runs.length; k += 3) {
    const base = runs[k] * width;
    for (let x = runs[k + 1]; x < runs[k + 2]; x++) if (hu[base + x] < airT) values.push(hu[base + x]);
  }
  if (values.length === 0 || values.length < minPx) return false;
  values.sort((a, b) => a - b);
  return values[values.length >> 1] < maxMedianHu;
}

/**
 * Sets `notVessel` to `value` on the tissue pixels within airwayWallMm (a box, as markAirwayWalls) of the swallowed
 * lumens: 1 marks their walls, 0 restores the scratch; only tissue pixels are touched, and walls marked by
 * markAirwayWalls are cleared with them (both are done by then).
 */
function markAroundLumens(params: AnatomyParams, slice: HuSlice, lumens: readonly Int32Array[], notVessel: Uint8Array, value: 0 | 1): void {
  if (lumens.length === 0) return;
  const { width, height, spacingMm, hu } = slice;
  const kx = Math.round(params.airwayWallMm / spacingMm[0]);
  const ky = Math.round(params.airwayWallMm / spacingMm[1]);
  const airT = params.airBelowHu;
  for (const runs of lumens) {
    for (let k = 0; k < runs.length; k += 3) {
      const y = runs[k];
      const x0 = Math.max(0, runs[k + 1] - kx), x1 = Math.min(width, runs[k + 2] + kx);
      for (let yy = Math.max(0, y - ky); yy <= Math.min(height - 1, y + ky); yy++) {
        const base = yy * width;
        for (let x = x0; x < x1; x++) if (!(hu[base + x] < airT)) notVessel[base + x] = value;
      }
    }
  }
}

function paint(owner: Int32Array, runs: Int32Array, length: number, width: number, value: number): void {
  for (let k = 0; k < length; k += 3) {
    const base = runs[k] * width;
    owner.fill(value, base + runs[k + 1], base + runs[k + 2]);
  }
}

/**
 * HU facts for the "looks like CT" flag, from every 3rd pixel (3 shares no factor with the usual even widths, so
 * the sample walks across columns): the fractions need no more, and a canonical slice
 * is the same grid whatever the file's encoding, so the sample is too. Counts are scaled back to the slice.
 */
function histogramFacts(hu: Float32Array): HuHistogramFacts {
  let nanPx = 0, nearAirPx = 0, parenchymaPx = 0, softTissuePx = 0, sampled = 0;
  for (let i = 0; i < hu.length; i += 3) {
    const v = hu[i];
    sampled++;
    if (v > -500) {
      if (v <= 200 && v >= -200) softTissuePx++;
    } else if (v > -900) parenchymaPx++;
    else if (v >= -1100) nearAirPx++;
    else if (v !== v) nanPx++;
  }
  const k = sampled > 0 ? hu.length / sampled : 0;
  return { totalPx: hu.length, nanPx: nanPx * k, nearAirPx: nearAirPx * k, parenchymaPx: parenchymaPx * k, softTissuePx: softTissuePx * k };
}

function firstPos(c: RunComponents, label: number, width: number): number {
  return runPos(c, c.firstRun[label], width);
}

function runPos(c: RunComponents, r: number, width: number): number {
  return c.runs[r * 3] * width + c.runs[r * 3 + 1];
}

/** Owner of the component enclosing `label`: the one holding the pixel just above its first pixel. */
/**
 * A bronchus inside the lung is a tissue hole (its wall) around a nested air hole (its lumen): lung, but not vessel.
 * Only the wall's pixels within airwayWallMm of the lumen are marked (1 in `notVessel`), so a vessel running
 * alongside the bronchus — merged with the wall into one hole — still counts.
 */
function markAirwayWalls(
  params: AnatomyParams,
  slice: HuSlice,
  airC: RunComponents,
  airwayLumen: Uint8Array,
  tissueC: RunComponents,
  airwayWall: Uint8Array,
  tissueOwner: Int32Array,
  notVessel: Uint8Array,
): boolean {
  const { width, height, spacingMm } = slice;
  const any = forWallRuns(tissueC, airwayWall, tissueOwner, width, (from, to) => notVessel.fill(2, from, to));
  if (!any) return false;
  const kx = Math.round(params.airwayWallMm / spacingMm[0]);
  const ky = Math.round(params.airwayWallMm / spacingMm[1]);
  for (let r = 0; r < airC.nRuns; r++) {
    if (!airwayLumen[airC.label[r]]) continue;
    const y = airC.runs[r * 3];
    const x0 = Math.max(0, airC.runs[r * 3 + 1] - kx);
    const x1 = Math.min(width, airC.runs[r * 3 + 2] + kx);
    for (let yy = Math.max(0, y - ky); yy <= Math.min(height - 1, y + ky); yy++) {
      const base = yy * width;
      for (let x = x0; x < x1; x++) if (notVessel[base + x] === 2) notVessel[base + x] = 1;
    }
  }
  // Wall pixels not near a lumen go back to 0 (2 was only ever written on the wall runs).
  forWallRuns(tissueC, airwayWall, tissueOwner, width, (from, to) => {
    for (let i = from; i < to; i++) if (notVessel[i] === 2) notVessel[i] = 0;
  });
  return true;
}

/** Calls `each(from, to)` with the pixel range of every run of a bronchial wall inside a candidate; true if any. */
function forWallRuns(
  tissueC: RunComponents, airwayWall: Uint8Array, tissueOwner: Int32Array, width: number, each: (from: number, to: number) => void,
): boolean {
  let any = false;
  for (let r = 0; r < tissueC.nRuns; r++) {
    const l = tissueC.label[r];
    if (!airwayWall[l] || tissueOwner[l] < 0) continue;
    const base = tissueC.runs[r * 3] * width;
    each(base + tissueC.runs[r * 3 + 1], base + tissueC.runs[r * 3 + 2]);
    any = true;
  }
  return any;
}

function enclosingLabel(c: RunComponents, label: number, other: RunComponents): number {
  const r = c.firstRun[label];
  return other.label[runAt(other, c.runs[r * 3 + 1], c.runs[r * 3] - 1)];
}

function enclosingOwner(c: RunComponents, label: number, other: RunComponents, otherOwner: Int32Array): number {
  const r = c.firstRun[label];
  const y = c.runs[r * 3];
  if (y === 0) return OUTSIDE;
  const above = runAt(other, c.runs[r * 3 + 1], y - 1);
  return otherOwner[other.label[above]];
}

interface DescribeScratch {
  /** Histogram of air HU, bin = round(HU) + 1100, clamped. */
  readonly hist: Int32Array;
  /** Full-size 0/1 image, all 0 between calls. */
  readonly inRegion: Uint8Array;
  /** 1 on bronchial walls inside lungs: never vessel. */
  readonly notVessel: Uint8Array;
  vesselRuns: Int32Array;
}

/** Appends the run (y, x0, x1) to scratch.vesselRuns at position nv, growing it if needed; returns the new length. */
function pushRun(scratch: DescribeScratch, nv: number, y: number, x0: number, x1: number): number {
  let vr = scratch.vesselRuns;
  if (nv + 3 > vr.length) {
    const grown = new Int32Array(vr.length * 2);
    grown.set(vr);
    scratch.vesselRuns = vr = grown;
  }
  vr[nv] = y;
  vr[nv + 1] = x0;
  vr[nv + 2] = x1;
  return nv + 3;
}

function describeRegion(params: AnatomyParams, slice: HuSlice, runs: Int32Array, midlineX: number, scratch: DescribeScratch): Omit<CandidateRegion, 'islands'> {
  const { hu, width, height } = slice;
  const airT = params.airBelowHu;
  const vesselT = params.vesselMinHu;
  const { hist, inRegion, notVessel } = scratch;
  for (let k = 0; k < runs.length; k += 3) {
    const base = runs[k] * width;
    inRegion.fill(1, base + runs[k + 1], base + runs[k + 2]);
  }
  let areaPx = 0, airPx = 0, nanAir = 0, sumAirHu = 0, coreAirPx = 0, sumX = 0, sumY = 0;
  let leftPx = 0, rightPx = 0, vesselPx = 0, vesselLeftPx = 0, vesselRightPx = 0;
  let bx0 = width, bx1 = -1, by0 = height, by1 = -1;
  let nv = 0;
  hist.fill(0);
  const lastBin = hist.length - 1;
  const splitX = Math.floor(midlineX) + 1; // x >= splitX lies toward the patient's right
  for (let k = 0; k < runs.length; k += 3) {
    const y = runs[k], x0 = runs[k + 1], x1 = runs[k + 2];
    const len = x1 - x0;
    areaPx += len;
    sumY += y * len;
    sumX += ((x0 + x1 - 1) * len) / 2;
    if (x0 < bx0) bx0 = x0;
    if (x1 - 1 > bx1) bx1 = x1 - 1;
    if (y < by0) by0 = y;
    if (y > by1) by1 = y;
    const split = Math.min(x1, Math.max(x0, splitX));
    leftPx += split - x0;
    rightPx += x1 - split;
    const base = y * width;
    const hasUp = y > 0, hasDown = y < height - 1;
    let vStart = -1;
    for (let x = x0; x < x1; x++) {
      const i = base + x;
      const v = hu[i];
      let isVessel = false;
      if (v >= airT) {
        // Tissue: a vessel unless below vesselT or on a bronchial wall.
        isVessel = v >= vesselT && notVessel[i] !== 1;
      } else if (v === v) {
        airPx++;
        sumAirHu += v;
        // Core: all four neighbours inside the region. The median of the core's air is free of the partial-volume
        // rim, so small gas pockets read as gas (~ -1000) and not as lung, even at 3 mm.
        const core = x > x0 && x < x1 - 1 && hasUp && hasDown && inRegion[i - width] === 1 && inRegion[i + width] === 1;
        if (core) {
          coreAirPx++;
          // Bin Math.round(v) + 1100, clamped to the histogram: between the clamps v + 1100.5 is positive and
          // exact for a float32 v, so truncating it floors it, i.e. rounds v half up as Math.round does.
          hist[v < -1100 ? 0 : v >= lastBin - 1100 ? lastBin : (v + 1100.5) | 0]++;
          // Air-like but dense enough (between vesselT and airT) counts as vessel only inside the core.
          isVessel = v >= vesselT && notVessel[i] !== 1;
        }
      } else nanAir++;
      if (isVessel) {
        vesselPx++;
        if (x >= splitX) vesselRightPx++;
        else vesselLeftPx++;
        if (vStart < 0) vStart = x;
      } else if (vStart >= 0) {
        nv = pushRun(scratch, nv, y, vStart, x);
        vStart = -1;
      }
    }
    if (vStart >= 0) nv = pushRun(scratch, nv, y, vStart, x1);
  }
  for (let k = 0; k < runs.length; k += 3) {
    const base = runs[k] * width;
    inRegion.fill(0, base + runs[k + 1], base + runs[k + 2]);
  }
  let medianAirHu = NaN;
  if (coreAirPx > 0) {
    const half = coreAirPx / 2;
    let acc = 0;
    for (let b = 0; b < hist.length; b++) {
      acc += hist[b];
      if (acc >= half) {
        medianAirHu = b - 1100;
        break;
      }
    }
  }
  return {
    areaPx,
    airPx: airPx + nanAir,
    meanAirHu: airPx > 0 ? sumAirHu / airPx : NaN,
    medianAirHu,
    centroidX: sumX / areaPx,
    centroidY: sumY / areaPx,
    bbox: [bx0, by0, bx1, by1],
    leftPx,
    rightPx,
    vesselPx,
    vesselLeftPx,
    vesselRightPx,
    runs: runs.slice(),
    vesselRuns: scratch.vesselRuns.slice(0, nv),
  };
}
