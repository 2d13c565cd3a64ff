/**
 * The exact truth of the per-region measures (src/biomarkers/) of a phantom: from its truth labels and the HU it
 * stored, voxel by voxel, with no histogram: zones as thirds of each lung's extent (the definition in
 * src/biomarkers/zones.ts, applied to the truth labels), LAA% by counting, Perc15 by sorting (numpy's linear
 * percentile), mean HU by summing. Canonical voxel order (x Right, y Anterior, z Superior).
 */
import { isLeftLung, isLung, isVessel } from './labels.js';
import { REGIONS, sliceZones, type RegionName } from '../biomarkers/zones.js';

export interface RegionTruth {
  readonly region: RegionName;
  readonly voxels: number;
  readonly volumeMl: number;
  readonly vesselVoxels: number;
  readonly meanHu: number | null;
  readonly perc15Hu: number | null;
  readonly laa950Pct: number | null;
  readonly laa910Pct: number | null;
  readonly laa856Pct: number | null;
}

/** `labels` and `hu` in canonical order, shape [nx, ny, nz]. */
export function regionTruth(labels: Uint8Array, hu: ArrayLike<number>, shape: readonly number[], spacingMm: readonly number[]): RegionTruth[] {
  const [nx, ny, nz] = shape;
  const plane = nx * ny;
  const areas = Array.from({ length: nz }, (_, k) => {
    let left = 0, right = 0;
    for (let p = k * plane; p < (k + 1) * plane; p++) {
      if (!isLung(labels[p])) continue;
      if (isLeftLung(labels[p])) left++;
      else right++;
    }
    return { leftAreaMm2: left, rightAreaMm2: right };
  });
  const zones = sliceZones(areas, true);
  const values = new Map<RegionName, number[]>(REGIONS.map((r) => [r, []]));
  const vessels = new Map<RegionName, number>(REGIONS.map((r) => [r, 0]));
  for (let k = 0; k < nz; k++) {
    for (let p = k * plane; p < (k + 1) * plane; p++) {
      const l = labels[p];
      if (!isLung(l)) continue;
      const side = isLeftLung(l) ? 'left' : 'right';
      const zone = zones[side][k]!;
      for (const r of ['lung', side, `${side}_${zone}`] as RegionName[]) {
        values.get(r)!.push(hu[p]);
        if (isVessel(l)) vessels.set(r, vessels.get(r)! + 1);
      }
    }
  }
  const voxelMl = (spacingMm[0] * spacingMm[1] * spacingMm[2]) / 1000;
  return REGIONS.map((region) => {
    const v = Float64Array.from(values.get(region)!).sort();
    const n = v.length;
    const laa = (t: number) => (n ? (100 * countAtMost(v, t)) / n : null);
    return {
      region,
      voxels: n,
      volumeMl: n * voxelMl,
      vesselVoxels: vessels.get(region)!,
      meanHu: n ? v.reduce((a, b) => a + b, 0) / n : null,
      perc15Hu: n ? numpyPercentile(v, 15) : null,
      laa950Pct: laa(-950),
      laa910Pct: laa(-910),
      laa856Pct: laa(-856),
    };
  });
}

function countAtMost(sorted: Float64Array, t: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function numpyPercentile(sorted: Float64Array, p: number): number {
  const r = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(r);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (r - lo) * (sorted[hi] - sorted[lo]);
}
