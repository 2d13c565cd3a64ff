/**
 * The CT as the report's viewer reads it. NiiVue reads NIfTI, and the masks `run --masks` writes are NIfTI in the
 * input's own geometry (src/sinks/masks/maskSink.ts). A scan stored otherwise — a DICOM series, NRRD, MetaImage —
 * is written once as NIfTI through lungflow's own reader, with the dims, affine and voxel order its masks have, so
 * the layers line up whatever the format; the HU are stored as int16 when every voxel is an integer in range (as CT
 * nearly always is), else as float32.
 */
import { openVolume } from '../readers/openVolume.js';
import { writeNifti } from '../readers/nifti/write.js';
import { scatterSlice } from '../readers/slicing.js';
import { ctTargetOf } from '../preview/ctTarget.js';
import { niftiGeometryOf } from '../sinks/masks/maskSink.js';

/** Whether the viewer can read the scan's file as it is. */
export function viewerReadsAsIs(ctPath: string): boolean {
  return /\.nii(\.gz)?$/i.test(ctPath);
}

export async function writeViewerCt(ctPath: string, scanId: string, outFile: string): Promise<void> {
  const target = await ctTargetOf(ctPath, scanId);
  if (!target) throw new Error(`the DICOM series of this scan is no longer in ${ctPath}`);
  const source = await openVolume(target, { spacing: 'geometry', orientation: 'canonical' });
  try {
    const spec = niftiGeometryOf(source);
    let volume: Int16Array | Float32Array = new Int16Array(spec.dims.reduce((a, b) => a * b, 1));
    for await (const slice of source.slices()) {
      if (volume instanceof Int16Array && !int16Values(slice.hu)) volume = Float32Array.from(volume);
      scatterSlice(source.plan, slice.hu, slice.index, volume);
    }
    await writeNifti(outFile, {
      ...spec,
      datatype: volume instanceof Int16Array ? 'int16' : 'float32',
      data: volume,
      descrip: 'lungflow: CT for the report viewer',
    });
  } finally {
    await source.close();
  }
}

function int16Values(hu: Float32Array): boolean {
  for (let i = 0; i < hu.length; i++) {
    const v = hu[i];
    if (!(v >= -32768 && v <= 32767) || v !== Math.round(v)) return false;
  }
  return true;
}
