/**
 * Tissue islands of the `default` preset's candidates: tissue components filled into a candidate because its air
 * encloses them directly (vessels and nodules cut across, or the top of a diaphragm dome ringed by the
 * costophrenic recess). Each is reported with its own run-length region and counts, so that the per-scan step,
 * which sees the neighbouring slices, can take back an island that is the top of a structure below the lung
 * (src/volume/assembleScan.ts). Islands that enclose air themselves (bronchial walls) are not reported: they are
 * never the top of a dome.
 */
import type { HuSlice } from './types.js';
import { runAt, type RunComponents } from './anatomyRuns.js';

export interface IslandRegion {
  readonly areaPx: number;
  /** Pixels on the patient's left / right of the body midline (the same split as the candidate's). */
  readonly leftPx: number;
  readonly rightPx: number;
  /** Pixels the candidate counts as vessel (HU >= vesselMinHu). */
  readonly vesselPx: number;
  readonly vesselLeftPx: number;
  readonly vesselRightPx: number;
  /** [x0, y0, x1, y1], inclusive. */
  readonly bbox: readonly [number, number, number, number];
  /** (y, x0, x1) triples, x1 exclusive, scan order. */
  readonly runs: Int32Array;
}

export interface IslandInput {
  readonly slice: HuSlice;
  readonly air: RunComponents;
  readonly tissue: RunComponents;
  /** Owner of each tissue component: a candidate number >= 0 when filled into that candidate. */
  readonly tissueOwner: Int32Array;
  /** The air component of each candidate. */
  readonly candidateAirLabel: readonly number[];
  /** 1 for tissue components that enclose air (bronchial walls). */
  readonly enclosesAir: Uint8Array;
  readonly midlineX: number;
  readonly vesselMinHu: number;
  /** Islands smaller than this many pixels are not reported. */
  readonly minPx: number;
}

/** Per candidate number, its islands (possibly empty). */
export function collectIslands(input: IslandInput): IslandRegion[][] {
  const { slice, air, tissue, tissueOwner, candidateAirLabel, enclosesAir, midlineX, vesselMinHu, minPx } = input;
  const { width, hu } = slice;
  const out: IslandRegion[][] = candidateAirLabel.map(() => []);
  // Which tissue components are islands: filled into a candidate, enclosed directly by its air, no air inside.
  const island = new Uint8Array(tissue.nLabels);
  const runCount = new Int32Array(tissue.nLabels);
  let any = false;
  for (let s = 0; s < tissue.nLabels; s++) {
    const c = tissueOwner[s];
    if (c < 0 || enclosesAir[s] || tissue.area[s] < minPx) continue;
    const r = tissue.firstRun[s];
    const y = tissue.runs[r * 3];
    if (y === 0) continue;
    const above = runAt(air, tissue.runs[r * 3 + 1], y - 1);
    if (above < 0 || air.label[above] !== candidateAirLabel[c]) continue;
    island[s] = 1;
    any = true;
  }
  if (!any) return out;
  for (let r = 0; r < tissue.nRuns; r++) if (island[tissue.label[r]]) runCount[tissue.label[r]]++;
  const runs: (Int32Array | null)[] = new Array(tissue.nLabels).fill(null);
  const used = new Int32Array(tissue.nLabels);
  const stats = new Float64Array(tissue.nLabels * 9);
  const splitX = Math.floor(midlineX) + 1; // as describeRegion: x >= splitX lies toward the patient's right
  for (let r = 0; r < tissue.nRuns; r++) {
    const s = tissue.label[r];
    if (!island[s]) continue;
    let rs = runs[s];
    if (rs === null) {
      rs = runs[s] = new Int32Array(runCount[s] * 3);
      const b = s * 9;
      stats[b + 5] = Infinity; stats[b + 6] = Infinity; stats[b + 7] = -1; stats[b + 8] = -1;
    }
    const y = tissue.runs[r * 3], x0 = tissue.runs[r * 3 + 1], x1 = tissue.runs[r * 3 + 2];
    const k = used[s];
    rs[k] = y; rs[k + 1] = x0; rs[k + 2] = x1;
    used[s] = k + 3;
    const b = s * 9;
    const split = Math.min(x1, Math.max(x0, splitX));
    stats[b] += split - x0; // left
    stats[b + 1] += x1 - split; // right
    const base = y * width;
    for (let x = x0; x < x1; x++) {
      if (hu[base + x] >= vesselMinHu) {
        if (x >= splitX) stats[b + 3]++;
        else stats[b + 2]++;
      }
    }
    if (x0 < stats[b + 5]) stats[b + 5] = x0;
    if (y < stats[b + 6]) stats[b + 6] = y;
    if (x1 - 1 > stats[b + 7]) stats[b + 7] = x1 - 1;
    if (y > stats[b + 8]) stats[b + 8] = y;
  }
  for (let s = 0; s < tissue.nLabels; s++) {
    if (!island[s]) continue;
    const b = s * 9;
    const leftPx = stats[b], rightPx = stats[b + 1];
    const vesselLeftPx = stats[b + 2], vesselRightPx = stats[b + 3];
    out[tissueOwner[s]].push({
      areaPx: leftPx + rightPx,
      leftPx,
      rightPx,
      vesselPx: vesselLeftPx + vesselRightPx,
      vesselLeftPx,
      vesselRightPx,
      bbox: [stats[b + 5], stats[b + 6], stats[b + 7], stats[b + 8]],
      runs: runs[s]!,
    });
  }
  return out;
}

/**
 * A hole the lung's closing filled (src/stages/anatomyClosing.ts: tissue the lung surrounds but for a neck the
 * closing bridged), as an island: so the per-scan step can take it back like one enclosed from the start. null
 * when smaller than minPx, as collectIslands drops those.
 */
export function islandOfHole(runs: Int32Array, slice: HuSlice, midlineX: number, vesselMinHu: number, minPx: number): IslandRegion | null {
  const { width, hu } = slice;
  const splitX = Math.floor(midlineX) + 1;
  let leftPx = 0, rightPx = 0, vesselLeftPx = 0, vesselRightPx = 0;
  let bx0 = Infinity, by0 = Infinity, bx1 = -1, by1 = -1;
  for (let k = 0; k < runs.length; k += 3) {
    const y = runs[k], x0 = runs[k + 1], x1 = runs[k + 2];
    const split = Math.min(x1, Math.max(x0, splitX));
    leftPx += split - x0;
    rightPx += x1 - split;
    const base = y * width;
    for (let x = x0; x < x1; x++) {
      if (hu[base + x] < vesselMinHu) continue;
      if (x >= splitX) vesselRightPx++;
      else vesselLeftPx++;
    }
    if (x0 < bx0) bx0 = x0;
    if (x1 - 1 > bx1) bx1 = x1 - 1;
    if (y < by0) by0 = y;
    if (y > by1) by1 = y;
  }
  if (leftPx + rightPx < minPx) return null;
  return {
    areaPx: leftPx + rightPx, leftPx, rightPx,
    vesselPx: vesselLeftPx + vesselRightPx, vesselLeftPx, vesselRightPx,
    bbox: [bx0, by0, bx1, by1], runs,
  };
}
