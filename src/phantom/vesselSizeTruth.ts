/**
 * The exact truth of vessel size (BV5, BV10) of a phantom: each vessel voxel of the truth labels lies in one or
 * more of the anatomy's vessel tubes (capsules of known radius); its size is that of the largest, cross-section
 * π r². Per zone of each lung (src/biomarkers/zones.ts, applied to the truth labels). Canonical voxel order.
 */
import { buildAnatomy } from './buildAnatomy.js';
import { segmentDist2, zRange } from './capsule.js';
import type { PhantomOptions } from './generate.js';
import { isLeftLung, isLung, isVessel } from './labels.js';
import { SIDES, sliceZones, ZONES, type ZoneRegion } from '../biomarkers/zones.js';

export interface VesselSizeTruth {
  /** Vessel voxels per zone region, and those of cross-section under 5 and 10 mm². */
  readonly zones: Readonly<Record<ZoneRegion, { readonly vessel: number; readonly under5: number; readonly under10: number }>>;
  /** Vessel voxels no tube holds (none expected). */
  readonly unexplained: number;
}

export function vesselSizeTruth(opts: PhantomOptions, canonicalLabels: Uint8Array): VesselSizeTruth {
  const [nx, ny, nz] = opts.shape;
  const [sx, sy, sz] = opts.spacingMm;
  const anatomy = buildAnatomy({
    shape: [nx, ny, nz], spacingMm: [sx, sy, sz], seed: opts.seed, noiseHu: opts.noiseHu ?? 20, arms: opts.arms ?? false,
    table: opts.table ?? true, coverage: opts.coverage ?? 'full',
  });
  const plane = nx * ny;
  const areas = Array.from({ length: nz }, (_, k) => {
    let left = 0, right = 0;
    for (let p = k * plane; p < (k + 1) * plane; p++) if (isLung(canonicalLabels[p])) (isLeftLung(canonicalLabels[p]) ? left++ : right++);
    return { leftAreaMm2: left, rightAreaMm2: right };
  });
  const zoneOf = sliceZones(areas, true);
  const zones = Object.fromEntries(SIDES.flatMap((s) => ZONES.map((z) => [`${s}_${z}`, { vessel: 0, under5: 0, under10: 0 }]))) as Record<
    ZoneRegion, { vessel: number; under5: number; under10: number }
  >;
  const tubes = anatomy.vessels.map((t) => ({ t, z: zRange(t) }));
  let unexplained = 0;
  for (let k = 0; k < nz; k++) {
    const z = (k + 0.5) * sz;
    const here = tubes.filter((t) => z >= t.z[0] && z <= t.z[1]).map((t) => t.t);
    for (let j = 0; j < ny; j++) {
      const y = (j - (ny - 1) / 2) * sy;
      for (let i = 0; i < nx; i++) {
        const l = canonicalLabels[i + nx * j + plane * k];
        if (!isVessel(l)) continue;
        const x = (i - (nx - 1) / 2) * sx;
        let r = 0;
        for (const t of here) if (t.r > r && segmentDist2(t, x, y, z) <= t.r * t.r) r = t.r;
        if (r === 0) { unexplained++; continue; }
        const side = isLeftLung(l) ? 'left' : 'right';
        const zone = zoneOf[side][k]!;
        const c = zones[`${side}_${zone}`];
        const area = Math.PI * r * r;
        c.vessel++;
        if (area < 5) c.under5++;
        if (area < 10) c.under10++;
      }
    }
  }
  return { zones, unexplained };
}
