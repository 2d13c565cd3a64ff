import { defaultPreset } from '../../pipeline.config.js';
import { readCanonicalSlices, toBinary } from '../preview/readSlices.js';
import { ctTargetOf } from '../preview/ctTarget.js';
import { fileTarget } from '../readers/scanTarget.js';
import { montage } from '../preview/montage.js';
import { encodePng } from '../preview/writePng.js';
import { analyseSlice } from '../stages/anatomy.js';
import { LUNG_WINDOW, toGrey } from '../stages/window.js';
import type { SliceArea } from '../preview/selectSlices.js';
import { montageSlices } from '../qc/montageSlices.js';
import { renderQcTile } from '../qc/qcTile.js';

export interface MontageSource {
  readonly ctPath: string;
  /** The scan's id: a DICOM series is found again in its folder (`ctPath`) by it. */
  readonly scanId: string;
  readonly lungMaskPath: string;
  readonly vesselMaskPath: string | null;
  readonly nSlices: number;
  readonly areas: readonly SliceArea[];
  /** The preset tells left from right (the default preset): the lungs are coloured by side of the body midline. */
  readonly sides: boolean;
}

/**
 * The QC montage of a scan that was run without --qc but with --masks: the chosen slices of the CT and its masks are
 * read again (the one case where the report decodes a scan), drawn as `run --qc` draws them. PNG bytes.
 */
export async function renderMontageFromMasks(s: MontageSource): Promise<Buffer> {
  const all = Array.from({ length: s.nSlices }, (_, i) => i);
  const indices = montageSlices(s.areas, s.nSlices, all);
  const ctTarget = await ctTargetOf(s.ctPath, s.scanId);
  if (!ctTarget) throw new Error(`the DICOM series of this scan is no longer in ${s.ctPath}`);
  const [ct, lung, vessels] = await Promise.all([
    readCanonicalSlices(ctTarget, indices),
    readCanonicalSlices(fileTarget(s.lungMaskPath), indices),
    s.vesselMaskPath ? readCanonicalSlices(fileTarget(s.vesselMaskPath), indices) : null,
  ]);
  if (lung.width !== ct.width || lung.height !== ct.height || lung.nSlices !== ct.nSlices) {
    throw new Error(`the lung mask is ${lung.width}x${lung.height}x${lung.nSlices} but the CT is ${ct.width}x${ct.height}x${ct.nSlices}: the CT changed since the run?`);
  }
  const n = ct.width * ct.height;
  const tiles = indices.flatMap((k) => {
    const slice = ct.slices.get(k);
    if (!slice) return [];
    const midlineX = s.sides ? analyseSlice(defaultAnatomy(), slice).body?.midlineX ?? null : null;
    return [renderQcTile({
      width: ct.width,
      height: ct.height,
      grey: toGrey(LUNG_WINDOW, slice.hu),
      lung: toBinary(lung.slices.get(k), n),
      vessels: toBinary(vessels?.slices.get(k), n),
      midlineX,
    })];
  });
  if (tiles.length === 0) throw new Error('none of the chosen slices could be read');
  return encodePng(montage(tiles));
}

function defaultAnatomy() {
  if (defaultPreset.kind !== 'anatomy') throw new Error('the default preset is not of the anatomy kind');
  return defaultPreset.anatomy;
}
