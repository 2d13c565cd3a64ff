/**
 * Vessel size of an assembled scan: every slice's vessel mask and zone labels streamed through VesselSizer, or
 * nothing where the voxels are too coarse for 5 and 10 mm² to mean anything (with the flag that says so).
 */
import type { SliceCandidates } from '../stages/anatomy.js';
import type { AssembledScan, ScanGeometry } from '../volume/assembleScan.js';
import { paintRegionLabels, REGION_CODES } from './regionLabels.js';
import type { BiomarkerParams, VesselSizeCounts } from './scanBiomarkers.js';
import { VesselSliceScratch } from './vesselSlice.js';
import { calibratedWeights } from './vesselSizeCalibration.js';
import { totalsUnderAreas, VesselSizer } from './vesselSize.js';
import type { SliceZones, ZoneRegion } from './zones.js';

export interface ScanVesselSize {
  readonly counts: VesselSizeCounts | null;
  readonly flags: readonly string[];
}

/**
 * `onSlice`, when given, sees each slice's zone labels as they are painted (for `--masks`); it is called for
 * every slice `wantsSlice` takes (default: all), whether or not the vessel size is measured.
 */
export async function scanVesselSize(
  limits: Pick<BiomarkerParams, 'maxVesselSizeSpacingMm' | 'vesselSizeTestedSpacingMm'>,
  slices: readonly SliceCandidates[],
  scan: AssembledScan,
  geometry: ScanGeometry,
  zones: SliceZones,
  onSlice?: (slice: SliceCandidates, labels: Uint8Array) => Promise<void>,
  wantsSlice: (index: number) => boolean = () => true,
): Promise<ScanVesselSize> {
  const spacing: [number, number, number] = [geometry.inPlaneSpacingMm[0], geometry.inPlaneSpacingMm[1], geometry.sliceSpacingMm];
  const grid = slices.length > 0 && slices.every((s) => s.width === slices[0].width && s.height === slices[0].height);
  const flags = vesselSizeFlags(limits, spacing);
  const coarse = flags.some((f) => f.startsWith('vessel-size-unmeasured'));
  if (!onSlice && (coarse || !grid)) return { counts: null, flags };
  const { width, height } = slices[0] ?? { width: 0, height: 0 };
  const sizer = coarse || !grid ? null : new VesselSizer(width, height, slices.length, spacing, 6);
  const scratch = new VesselSliceScratch();
  const labels = new Uint8Array(onSlice ? width * height : 0);
  for (const [s, sc] of slices.entries()) {
    const regions = scan.lungRegionSidesOf(sc.index);
    const zonesHere = { left: zones.left[s], right: zones.right[s] };
    if (sizer) {
      const { voxels, codes } = scratch.take(sc, regions, zonesHere, scan.surfaceVesselsOf(sc.index));
      sizer.add(voxels, codes);
    }
    if (onSlice && wantsSlice(sc.index)) {
      const out = sc.width === width && sc.height === height ? labels : new Uint8Array(sc.width * sc.height);
      await onSlice(sc, paintRegionLabels(sc, regions, zonesHere, out));
    }
  }
  if (!sizer) return { counts: null, flags };
  const totals = totalsUnderAreas(sizer.finish(), calibratedWeights(spacing));
  const counts = new Map<ZoneRegion, { under5: number; under10: number }>();
  for (const [region, code] of Object.entries(REGION_CODES) as [ZoneRegion, number][]) {
    counts.set(region, { under5: totals[code][0], under10: totals[code][1] });
  }
  return { counts, flags };
}

/**
 * `vessel-size-unmeasured` where any spacing exceeds the limit; `vessel-size-coarse` where the voxels are within it
 * but coarser than the grids BV5 and BV10 were shown accurate on. By the sorted spacings, so that the stored
 * orientation does not matter.
 */
export function vesselSizeFlags(
  limits: Pick<BiomarkerParams, 'maxVesselSizeSpacingMm' | 'vesselSizeTestedSpacingMm'>,
  spacingMm: readonly [number, number, number],
): string[] {
  const voxels = `voxels of ${spacingMm.map((s) => s.toFixed(2)).join(' x ')} mm`;
  if (spacingMm.some((s) => s > limits.maxVesselSizeSpacingMm)) {
    return [`vessel-size-unmeasured: ${voxels} (BV5/BV10 need <= ${limits.maxVesselSizeSpacingMm} mm)`];
  }
  const [fine, coarsest] = limits.vesselSizeTestedSpacingMm;
  const sorted = [...spacingMm].sort((a, b) => a - b);
  if (sorted[1] > fine || sorted[2] > coarsest) {
    return [`vessel-size-coarse: ${voxels} (coarser than ${fine} x ${fine} x ${coarsest} mm, where BV5/BV10 read up to 13 % low on phantoms)`];
  }
  return [];
}
