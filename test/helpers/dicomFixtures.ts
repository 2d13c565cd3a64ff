/**
 * Small DICOM series written in code (with lungflow's own DICOM writer) for discovery and CLI tests: a chest-like
 * slice (body, two lungs) of `size`², slices `spacingMm` apart along z, names and folders as the test chooses.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeDicomSlice, type DicomSliceSpec } from '../../src/readers/dicom/write.js';
import { EXPLICIT_VR_LE } from '../../src/readers/dicom/transferSyntax.js';

export const AXIAL = [1, 0, 0, 0, 1, 0] as const;
export const CORONAL = [1, 0, 0, 0, 0, -1] as const;
export const SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.11';

export interface SeriesSpec {
  readonly seriesUid: string;
  readonly nSlices: number;
  /** Where slice k goes, relative to the root (folders are created). */
  readonly fileOf: (k: number) => string;
  readonly size?: number;
  readonly spacingMm?: number;
  /** Added to every lung pixel's HU: a series with other content. */
  readonly lungShiftHu?: number;
  readonly slice?: (k: number) => Partial<DicomSliceSpec>;
}

export function writeSeries(root: string, spec: SeriesSpec): string[] {
  const size = spec.size ?? 48;
  const spacing = spec.spacingMm ?? 5;
  const files: string[] = [];
  for (let k = 0; k < spec.nSlices; k++) {
    const file = path.join(root, spec.fileOf(k));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, encodeDicomSlice({ ...sliceSpec(spec.seriesUid, k, size, spacing, spec.lungShiftHu ?? 0), ...spec.slice?.(k) }));
    files.push(file);
  }
  return files;
}

export function sliceSpec(seriesUid: string, k: number, size = 48, spacingMm = 5, lungShiftHu = 0): DicomSliceSpec {
  const pixels = new Int16Array(size * size);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const body = ((x - c) / (0.45 * size)) ** 2 + ((y - c) / (0.35 * size)) ** 2 < 1;
      const lung = [-1, 1].some((side) => ((x - c - side * 0.2 * size) / (0.14 * size)) ** 2 + ((y - c) / (0.25 * size)) ** 2 < 1);
      const hu = !body ? -1000 : lung ? -850 + lungShiftHu + ((x * 7 + y * 3 + k) % 20) : 40;
      pixels[y * size + x] = hu + 1024;
    }
  }
  return {
    rows: size, columns: size, pixels, rescaleSlope: 1, rescaleIntercept: -1024,
    pixelSpacing: [6, 6], imagePositionPatient: [-c * 6, -c * 6, -k * spacingMm], imageOrientationPatient: [...AXIAL],
    sliceThicknessMm: spacingMm, instanceNumber: k + 1,
    studyInstanceUid: '2.25.1', seriesInstanceUid: seriesUid, sopInstanceUid: `${seriesUid}.${k + 1}`,
    patientId: 'P-1', seriesDescription: `series ${seriesUid}`, convolutionKernel: 'B30f', kvp: 120, manufacturer: 'ACME',
  };
}

/** A file written with another transfer syntax UID in its meta header (the data set stays explicit VR LE). */
export function withTransferSyntax(bytes: Uint8Array, uid: string): Uint8Array {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, 400));
  const at = text.indexOf(`${EXPLICIT_VR_LE}\0`);
  if (at < 0) throw new Error('no transfer syntax in the meta header');
  const padded = uid.length % 2 ? `${uid}\0` : uid;
  const oldLength = EXPLICIT_VR_LE.length + 1;
  const out = new Uint8Array(bytes.length - oldLength + padded.length);
  out.set(bytes.subarray(0, at));
  out.set(new TextEncoder().encode(padded), at);
  out.set(bytes.subarray(at + oldLength), at + padded.length);
  const view = new DataView(out.buffer);
  view.setUint16(at - 2, padded.length, true);
  // (0002,0000) group length: the first element after the preamble, its value at byte 140.
  view.setUint32(140, view.getUint32(140, true) - oldLength + padded.length, true);
  return out;
}
