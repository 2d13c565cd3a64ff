/**
 * Plausibility flags for a scan (`scans.flags`): short strings that start with a stable key and carry the number
 * that triggered them, e.g. "lung-volume-out-of-range: 9.2 L".
 */
import type { SliceCandidates } from '../stages/anatomy.js';
import type { ComponentsApart } from './componentsApart.js';

export interface FlagParams {
  /** [min, max] total lung volume in litres for a scan that covers the whole lung. */
  readonly lungVolumeRangeL: readonly [number, number];
  /** Below this fraction of finite voxels in -1100..-900 HU, there is no air peak: not CT (or not in HU). */
  readonly minAirPeakFraction: number;
}

interface SliceLung {
  readonly lungAreaMm2: number;
}

export function scanFlags(
  params: FlagParams,
  slices: readonly SliceCandidates[],
  measured: readonly SliceLung[],
  geometry: { readonly superiorIsHigherIndex: boolean },
  totals: { readonly lungVolumeMl: number; readonly touchingSlices: number; readonly apart: ComponentsApart },
): string[] {
  const flags: string[] = [];
  let finite = 0, nearAir = 0;
  for (const s of slices) {
    finite += s.histogram.totalPx - s.histogram.nanPx;
    nearAir += s.histogram.nearAirPx;
  }
  const airFraction = finite > 0 ? nearAir / finite : 0;
  if (airFraction < params.minAirPeakFraction) {
    flags.push(`not-ct: no air peak near -1000 HU (${(airFraction * 100).toFixed(2)} % of voxels in -1100..-900)`);
  }

  const n = measured.length;
  const withLung = measured.filter((m) => m.lungAreaMm2 > 0).length;
  if (withLung === 0) {
    if (n > 0) flags.push(`no-lung-found: 0 of ${n} slices`);
    if (totals.touchingSlices > 0) flags.push(`lungs-not-separated: ${totals.touchingSlices} slices`);
    return flags;
  }
  const cut: string[] = [];
  if (n > 0 && measured[0].lungAreaMm2 > 0) cut.push(`the first slice (${geometry.superiorIsHigherIndex ? 'inferior' : 'superior'} end)`);
  if (n > 1 && measured[n - 1].lungAreaMm2 > 0) cut.push(`the last slice (${geometry.superiorIsHigherIndex ? 'superior' : 'inferior'} end)`);
  if (cut.length > 0) flags.push(`incomplete-coverage: lung touches ${cut.join(' and ')}`);
  else {
    const litres = totals.lungVolumeMl / 1000;
    const [lo, hi] = params.lungVolumeRangeL;
    if (litres < lo || litres > hi) flags.push(`lung-volume-out-of-range: ${litres.toFixed(2)} L`);
  }
  if (totals.touchingSlices > 0) flags.push(`lungs-not-separated: ${totals.touchingSlices} slices`);
  const { count, volumeMl } = totals.apart;
  if (count > 0) flags.push(`extra-lung-components: ${count} component${count === 1 ? '' : 's'}, ${volumeMl.toFixed(1)} mL`);
  return flags;
}
