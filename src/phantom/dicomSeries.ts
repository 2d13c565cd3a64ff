import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { NiftiImageSpec } from '../readers/nifti/write.js';
import { writeDicomSlice } from '../readers/dicom/write.js';

/** A DICOM UID under the UUID root 2.25, derived from `text` (so reruns write the same UIDs). */
export function uidFrom(text: string): string {
  return `2.25.${BigInt(`0x${createHash('sha256').update(text).digest('hex').slice(0, 32)}`)}`;
}

/**
 * Writes a phantom volume as a DICOM series, one file per stored k-plane (IM0001.dcm, …), explicit VR little
 * endian: the stored values with RescaleSlope/Intercept from scl_slope/scl_inter, and the patient geometry from the
 * affine (RAS -> LPS). The planes must be stored with the slice axis last and 16-bit values. Returns the files.
 */
export async function writeDicomSeries(dir: string, spec: NiftiImageSpec, uidSeed: string): Promise<string[]> {
  const [nx, ny, nz] = spec.dims;
  if (!(spec.data instanceof Int16Array || spec.data instanceof Uint16Array)) {
    throw new RangeError(`DICOM phantoms store int16 or uint16, not ${spec.datatype}`);
  }
  const affine = spec.affine;
  if (!affine) throw new RangeError('a DICOM series needs the volume\'s affine');
  const lps = (row: number, col: number) => (row < 2 ? -1 : 1) * affine[4 * row + col];
  const column = (col: number) => [0, 1, 2].map((r) => lps(r, col));
  const unit = (v: number[]) => { const n = Math.hypot(...v); return v.map((x) => x / n); };
  const rowDir = column(0), colDir = column(1);
  const orientation = [...unit(rowDir), ...unit(colDir)];
  const pixelSpacing: [number, number] = [Math.hypot(...colDir), Math.hypot(...rowDir)];
  const thickness = Math.hypot(...column(2));
  const study = uidFrom(`${uidSeed}/study`), series = uidFrom(`${uidSeed}/series`);
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const width = Math.max(4, String(nz).length);
  const plane = nx * ny;
  for (let k = 0; k < nz; k++) {
    const file = path.join(dir, `IM${String(k + 1).padStart(width, '0')}.dcm`);
    await writeDicomSlice(file, {
      rows: ny, columns: nx,
      pixels: spec.data.subarray(k * plane, (k + 1) * plane),
      rescaleSlope: spec.sclSlope ?? 1, rescaleIntercept: spec.sclInter ?? 0,
      pixelSpacing,
      imagePositionPatient: [0, 1, 2].map((r) => lps(r, 2) * k + lps(r, 3)),
      imageOrientationPatient: orientation,
      sliceThicknessMm: thickness,
      instanceNumber: k + 1,
      studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: uidFrom(`${uidSeed}/${k}`),
      patientId: uidSeed, seriesDescription: 'lungflow phantom',
    });
    files.push(file);
  }
  return files;
}
