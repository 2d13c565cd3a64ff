/**
 * The per-region truth a phantom writes to its truth JSON (`regions`), tallied slice by slice while it is rendered:
 * per canonical slice and lung, the count of each stored value (the renderer's HU are integers, so a slice holds
 * a few hundred distinct values whatever the encoding) and of the vessel voxels by the radius of the largest tube
 * holding them. Once every slice is in, each lung's zones are its thirds (src/biomarkers/zones.ts on the truth
 * labels, as src/phantom/regionTruth.ts does) and each region's measures come from its value counts: exact, with no
 * voxel kept and no sort over voxels.
 */
import { isLeftLung, isLung, isVessel } from './labels.js';
import { REGIONS, sliceZones, type RegionName } from '../biomarkers/zones.js';
import type { RegionTruth } from './regionTruth.js';

/** One region's truth: RegionTruth's measures plus vessel volume and vessel size (BV5, BV10) from the tubes' radii. */
export interface PhantomRegionTruth extends RegionTruth {
  readonly vesselVolumeMl: number;
  /** Vessel voxels whose largest tube has a cross-section π r² under 5 (resp. 10) mm², and their volume. */
  readonly bv5Voxels: number;
  readonly bv10Voxels: number;
  readonly bv5Ml: number;
  readonly bv10Ml: number;
}

interface SideTally {
  /** Stored value → voxel count. */
  readonly values: Map<number, number>;
  voxels: number;
  vessel: number;
  under5: number;
  under10: number;
}

const sideTally = (): SideTally => ({ values: new Map(), voxels: 0, vessel: 0, under5: 0, under10: 0 });

/** Integer stored values in [-OFFSET, OFFSET) are counted in an array; others (a fractional float) in a Map. */
const OFFSET = 1 << 17;

/** Counts of the values of one slice's lung: a reused array and the entries it touched. */
class SliceCounts {
  private readonly counts = new Int32Array(2 * OFFSET);
  private readonly touched: number[] = [];

  add(v: number, into: Map<number, number>): void {
    if (Number.isInteger(v) && v >= -OFFSET && v < OFFSET) {
      if (this.counts[v + OFFSET]++ === 0) this.touched.push(v + OFFSET);
    } else into.set(v, (into.get(v) ?? 0) + 1);
  }

  /** Moves the counts into `into` and clears them. */
  flush(into: Map<number, number>): void {
    for (const i of this.touched) {
      into.set(i - OFFSET, (into.get(i - OFFSET) ?? 0) + this.counts[i]);
      this.counts[i] = 0;
    }
    this.touched.length = 0;
  }
}

export class RegionTruthTally {
  private readonly left: SideTally[] = [];
  private readonly right: SideTally[] = [];
  private readonly leftCounts = new SliceCounts();
  private readonly rightCounts = new SliceCounts();

  /** `toHu`: the HU a stored value reads as (slope and intercept applied). */
  constructor(
    private readonly nz: number,
    private readonly voxelMl: number,
    private readonly toHu: (stored: number) => number,
  ) {
    for (let k = 0; k < nz; k++) {
      this.left.push(sideTally());
      this.right.push(sideTally());
    }
  }

  /**
   * Canonical slice k: its truth labels, the stored value of each pixel (`stored(p)`), and per vessel pixel the
   * radius (mm) of the largest vessel tube holding it (SliceRenderer's `vesselRadius`).
   */
  addSlice(k: number, label: Uint8Array, stored: (p: number) => number, vesselRadius: Float32Array): void {
    const left = this.left[k], right = this.right[k];
    for (let p = 0; p < label.length; p++) {
      const l = label[p];
      if (l === 0 || !isLung(l)) continue;
      const isLeft = isLeftLung(l);
      const t = isLeft ? left : right;
      (isLeft ? this.leftCounts : this.rightCounts).add(stored(p), t.values);
      t.voxels++;
      if (!isVessel(l)) continue;
      t.vessel++;
      const area = Math.PI * vesselRadius[p] * vesselRadius[p];
      if (area < 5) t.under5++;
      if (area < 10) t.under10++;
    }
    this.leftCounts.flush(left.values);
    this.rightCounts.flush(right.values);
  }

  /** Every region (src/biomarkers/zones.ts REGIONS order). */
  result(): PhantomRegionTruth[] {
    const zones = sliceZones(this.left.map((l, k) => ({ leftAreaMm2: l.voxels, rightAreaMm2: this.right[k].voxels })), true);
    const merged = new Map<RegionName, SideTally>(REGIONS.map((r) => [r, sideTally()]));
    for (let k = 0; k < this.nz; k++) {
      for (const side of ['left', 'right'] as const) {
        const zone = zones[side][k];
        if (zone === null) continue;
        const t = this[side][k];
        for (const region of ['lung', side, `${side}_${zone}`] as RegionName[]) {
          const m = merged.get(region)!;
          for (const [v, n] of t.values) m.values.set(v, (m.values.get(v) ?? 0) + n);
          m.voxels += t.voxels;
          m.vessel += t.vessel;
          m.under5 += t.under5;
          m.under10 += t.under10;
        }
      }
    }
    return REGIONS.map((region) => this.measures(region, merged.get(region)!));
  }

  private measures(region: RegionName, t: SideTally): PhantomRegionTruth {
    const n = t.voxels;
    const hu = [...t.values.keys()].map((v) => ({ hu: this.toHu(v), count: t.values.get(v)! })).sort((a, b) => a.hu - b.hu);
    let sum = 0, at950 = 0, at910 = 0, at856 = 0;
    for (const { hu: h, count } of hu) {
      sum += h * count;
      if (h <= -950) at950 += count;
      if (h <= -910) at910 += count;
      if (h <= -856) at856 += count;
    }
    const pct = (c: number) => (n ? (100 * c) / n : null);
    return {
      region,
      voxels: n,
      volumeMl: n * this.voxelMl,
      vesselVoxels: t.vessel,
      meanHu: n ? sum / n : null,
      perc15Hu: n ? percentile(hu, n, 15) : null,
      laa950Pct: pct(at950),
      laa910Pct: pct(at910),
      laa856Pct: pct(at856),
      vesselVolumeMl: t.vessel * this.voxelMl,
      bv5Voxels: t.under5,
      bv10Voxels: t.under10,
      bv5Ml: t.under5 * this.voxelMl,
      bv10Ml: t.under10 * this.voxelMl,
    };
  }
}

/** numpy's default (linear) percentile of the n values given as ascending (value, count) pairs. */
function percentile(sorted: readonly { readonly hu: number; readonly count: number }[], n: number, p: number): number {
  const r = (p / 100) * (n - 1);
  const lo = Math.floor(r);
  const at = (rank: number) => {
    let seen = 0;
    for (const { hu, count } of sorted) {
      seen += count;
      if (rank < seen) return hu;
    }
    return sorted[sorted.length - 1].hu;
  };
  const a = at(lo), b = at(Math.min(n - 1, lo + 1));
  return a + (r - lo) * (b - a);
}
