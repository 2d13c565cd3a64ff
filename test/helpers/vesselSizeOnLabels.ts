/**
 * The local thickness estimate (src/biomarkers/vesselSize.ts) run on a phantom's truth vessel mask: what BV5 and
 * BV10 read with no segmentation error, so that a test can hold the measured vessel mask's share of the error apart
 * from the estimate's own.
 */
import { totalsUnderAreas, VesselSizer } from '../../src/biomarkers/vesselSize.js';
import { calibratedWeights } from '../../src/biomarkers/vesselSizeCalibration.js';
import { isLeftLung, isVessel } from '../../src/phantom/labels.js';

/** Voxels under 5 and 10 mm² per side and for the whole lung, from canonical labels (x fastest). */
export function vesselSizeOnLabels(
  labels: Uint8Array, shape: readonly [number, number, number], spacingMm: readonly [number, number, number],
): Record<'lung' | 'left' | 'right', [number, number]> {
  const [nx, ny, nz] = shape;
  const plane = nx * ny;
  const sizer = new VesselSizer(nx, ny, nz, spacingMm, 2);
  for (let z = 0; z < nz; z++) {
    const voxels: number[] = [];
    const codes: number[] = [];
    for (let p = 0; p < plane; p++) {
      const l = labels[z * plane + p];
      if (!isVessel(l)) continue;
      voxels.push(p);
      codes.push(isLeftLung(l) ? 1 : 2);
    }
    sizer.add(Int32Array.from(voxels), Uint8Array.from(codes));
  }
  const t = totalsUnderAreas(sizer.finish(), calibratedWeights(spacingMm));
  const left: [number, number] = [t[1][0], t[1][1]];
  const right: [number, number] = [t[2][0], t[2][1]];
  return { lung: [left[0] + right[0], left[1] + right[1]], left, right };
}
