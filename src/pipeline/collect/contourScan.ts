import type { ScanMeasurements, SliceRow } from '../../results.js';
import type { SliceTaskResult } from '../../scanTask.js';
import type { ScanMasks } from '../../sinks/masks/maskSink.js';
import { sliceResultsOf } from './sliceResults.js';
import { sliceThicknessMm } from '../../volume/assembleScan.js';

/** The contours kind: every slice was measured by the worker; the scan sums areas × each slice's thickness. */
export async function measureContourScan(
  results: readonly SliceTaskResult[],
  scan: { readonly nSlices: number; readonly sliceSpacingMm: number; readonly sliceWeightsMm?: readonly number[] },
  masks: ScanMasks | null,
  onStageMs: (ms: Float64Array) => void,
): Promise<ScanMeasurements> {
  const slices: SliceRow[] = [];
  // Even spacing: sum the areas, then times the spacing (as always); uneven: each area times its own thickness.
  const weigh = (m: { index: number }) => (scan.sliceWeightsMm ? sliceThicknessMm(scan, m.index) : 1);
  const perMm2 = scan.sliceWeightsMm ? 1 : scan.sliceSpacingMm;
  let lungMm2 = 0;
  let vesselMm2 = 0;
  for (const r of sliceResultsOf('contours', results, scan.nSlices)) {
    const m = r.measurement;
    slices.push({
      sliceIndex: m.index,
      lungAreaMm2: m.lungAreaMm2,
      vesselAreaMm2: m.vesselAreaMm2,
      vesselRatioPct: m.vesselRatioPct,
      nLungContours: m.nLungContours,
      note: m.note,
      leftAreaMm2: null,
      rightAreaMm2: null,
    });
    lungMm2 += m.lungAreaMm2 * weigh(m);
    vesselMm2 += m.vesselAreaMm2 * weigh(m);
    if (masks && r.lungMask && r.vesselMask) await masks.addSlice(m.index, r.lungMask, r.vesselMask);
    if (r.stageMs) onStageMs(r.stageMs);
  }
  return {
    slices,
    lungVolumeMl: (lungMm2 * perMm2) / 1000,
    vesselVolumeMl: (vesselMm2 * perMm2) / 1000,
    leftVolumeMl: null,
    rightVolumeMl: null,
    flags: [],
    biomarkers: null,
  };
}
