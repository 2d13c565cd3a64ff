/**
 * A scan's quantitative CT measures per region ('lung', 'left', 'right' and the six zones), its HU histograms, and
 * the flags that say where they cannot be trusted. Pure: the tallies, the assembly's decisions and the vessel
 * size counts in, rows out.
 */
import type { AssembledScan, ScanGeometry } from '../volume/assembleScan.js';
import type { SliceCandidates } from '../stages/anatomy.js';
import { airCalibration, airCalibrationFlags, type AirCalibrationParams } from './airCalibration.js';
import { densityMeasures, type DensityMeasures } from './densityMeasures.js';
import { HU_BIN_MIN, N_HU_BINS, RegionTally } from './huHistogram.js';
import { zoneTallies } from './regionTallies.js';
import type { SliceTallies } from './sliceTallies.js';
import { REGIONS, SIDES, sliceZones, ZONES, type RegionName, type SliceZones, type ZoneRegion, type ZoneSplit } from './zones.js';

export interface BiomarkerParams extends AirCalibrationParams {
  /** How each lung is cut into thirds: 'extent' (equal thirds of its height) or 'volume' (CIP's). */
  readonly zoneSplit: ZoneSplit;
  /** Vessel size (BV5, BV10) only when every voxel spacing is at most this (mm); NULL and flagged otherwise. */
  readonly maxVesselSizeSpacingMm: number;
  /** [the two finer axes, the coarsest] (mm) where vessel size was shown accurate; coarser voxels are flagged. */
  readonly vesselSizeTestedSpacingMm: readonly [number, number];
}

export interface RegionRow extends Omit<DensityMeasures, 'nVoxels'> {
  readonly region: RegionName;
  readonly vesselVolumeMl: number;
  /** Vessel / region volume × 100; null for an empty region. */
  readonly vesselPct: number | null;
  /** Vessel volume of cross-section < 5 mm² / < 10 mm² (local thickness); null where voxels are too coarse. */
  readonly bv5Ml: number | null;
  readonly bv10Ml: number | null;
  /** BV5 / vessel volume × 100. */
  readonly bv5Pct: number | null;
}

/** A region's histogram, only its non-empty bins: hu_bin (lower edge, -1024..0) and voxel count. */
export interface RegionHistogram {
  readonly region: RegionName;
  readonly huBins: Int16Array;
  readonly counts: Float64Array;
}

export interface ScanBiomarkers {
  readonly regions: readonly RegionRow[];
  readonly histograms: readonly RegionHistogram[];
  /** Added to scans.flags. */
  readonly flags: readonly string[];
  readonly airPeakHu: number | null;
  readonly airNoiseHu: number | null;
}

/** Voxels of cross-section under 5 and under 10 mm², per zone region (vesselSize.ts). */
export type VesselSizeCounts = ReadonlyMap<ZoneRegion, { readonly under5: number; readonly under10: number }>;

export function zonesOfScan(scan: AssembledScan, geometry: ScanGeometry, split: ZoneSplit): SliceZones {
  return sliceZones(scan.slices, geometry.superiorIsHigherIndex, split);
}

export function scanBiomarkers(
  params: BiomarkerParams,
  slices: readonly SliceCandidates[],
  tallies: readonly SliceTallies[],
  scan: AssembledScan,
  geometry: ScanGeometry,
  zones: SliceZones,
  vesselSizes: VesselSizeCounts | null,
  /** Per slice, the non-finite pixels kept as lung (left out of the vessel volumes as the tallies leave them out). */
  nonFiniteInLung: readonly ({ readonly leftVesselMm2: number; readonly rightVesselMm2: number } | null)[] | null = null,
): ScanBiomarkers {
  const [px, py] = geometry.inPlaneSpacingMm;
  const voxelMl = (px * py * geometry.sliceSpacingMm) / 1000;
  const lungRegions = scan.slices.map((s) => scan.lungRegionSidesOf(s.index));
  const byZone = zoneTallies(slices, tallies, lungRegions, zones);

  const tally = new Map<RegionName, RegionTally>(byZone);
  const vesselMm2 = new Map<RegionName, number>(REGIONS.map((r) => [r, 0]));
  const size = new Map<RegionName, { under5: number; under10: number }>(REGIONS.map((r) => [r, { under5: 0, under10: 0 }]));
  for (const side of SIDES) {
    const whole = new RegionTally();
    for (const z of ZONES) whole.addTally(byZone.get(`${side}_${z}`)!);
    tally.set(side, whole);
  }
  const lung = new RegionTally();
  lung.addTally(tally.get('left')!);
  lung.addTally(tally.get('right')!);
  tally.set('lung', lung);
  scan.slices.forEach((sl, s) => {
    for (const side of SIDES) {
      const zone = zones[side][s];
      if (zone === null) continue;
      const out = nonFiniteInLung?.[s];
      const mm2 = side === 'left' ? sl.leftVesselAreaMm2 - (out?.leftVesselMm2 ?? 0) : sl.rightVesselAreaMm2 - (out?.rightVesselMm2 ?? 0);
      for (const r of parentsOf(`${side}_${zone}`)) vesselMm2.set(r, vesselMm2.get(r)! + mm2);
    }
  });
  if (vesselSizes) {
    for (const [zr, c] of vesselSizes) {
      for (const r of parentsOf(zr)) {
        const t = size.get(r)!;
        t.under5 += c.under5;
        t.under10 += c.under10;
      }
    }
  }

  const regions: RegionRow[] = REGIONS.map((region) => {
    const { nVoxels, ...density } = densityMeasures(tally.get(region)!, voxelMl);
    const vesselVolumeMl = (vesselMm2.get(region)! * geometry.sliceSpacingMm) / 1000;
    const sz = vesselSizes ? size.get(region)! : null;
    const bv5Ml = sz ? sz.under5 * voxelMl : null;
    return {
      region,
      ...density,
      vesselVolumeMl,
      vesselPct: nVoxels > 0 ? (100 * vesselVolumeMl) / density.volumeMl : null,
      bv5Ml,
      bv10Ml: sz ? sz.under10 * voxelMl : null,
      bv5Pct: bv5Ml !== null && vesselVolumeMl > 0 ? (100 * bv5Ml) / vesselVolumeMl : null,
    };
  });
  const histograms = REGIONS.map((region) => sparseHistogram(region, tally.get(region)!));
  const air = airCalibration(tallies.map((t) => t.airSample));
  return {
    regions,
    histograms,
    flags: lung.n > 0 ? airCalibrationFlags(params, air) : [],
    airPeakHu: air.peakHu,
    airNoiseHu: air.noiseHu,
  };
}

function sparseHistogram(region: RegionName, t: RegionTally): RegionHistogram {
  let n = 0;
  for (let b = 0; b < N_HU_BINS; b++) if (t.counts[b] > 0) n++;
  const huBins = new Int16Array(n);
  const counts = new Float64Array(n);
  let k = 0;
  for (let b = 0; b < N_HU_BINS; b++) {
    if (t.counts[b] <= 0) continue;
    huBins[k] = b + HU_BIN_MIN;
    counts[k++] = t.counts[b];
  }
  return { region, huBins, counts };
}

/** A zone region and the regions holding it. */
function parentsOf(zr: ZoneRegion): RegionName[] {
  return [zr, zr.startsWith('left') ? 'left' : 'right', 'lung'];
}
