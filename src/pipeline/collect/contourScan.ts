import type { ScanMeasurements, SliceRow } from '../../results.js';
import type { SliceTaskResult } from '../../worker.js';
import type { ScanMasks } from '../../sinks/masks/maskSink.js';
import { sliceResultsOf } from './sliceResults.js';

/** The contours kind: every slice was measured by the worker; the scan sums areas × slice spacing. */
export async function measureContourScan(
  results: readonly SliceTaskResult[],
  scan: { readonly nSlices: number; readonly sliceSpacingMm: number },
  masks: ScanMasks | null,
  onStageMs: (ms: Float64Array) => void,
): Promise<ScanMeasurements> {
  const slices: SliceRow[] = [];
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
    lungMm2 += m.lungAreaMm2;
    vesselMm2 += m.vesselAreaMm2;
    if (masks && r.lungMask && r.vesselMask) await masks.addSlice(m.index, r.lungMask, r.vesselMask);
    if (r.stageMs) onStageMs(r.stageMs);
  }
  return {
    slices,
    lungVolumeMl: (lungMm2 * scan.sliceSpacingMm) / 1000,
    vesselVolumeMl: (vesselMm2 * scan.sliceSpacingMm) / 1000,
    leftVolumeMl: null,
    rightVolumeMl: null,
    flags: [],
    biomarkers: null,
  };
}
