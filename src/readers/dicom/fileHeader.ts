import { openReadable } from '../readableFile.js';
import type { DataSet } from 'dicom-parser';
import { ReadError } from '../errors.js';
import { parseDicomBytes } from './parse.js';
import { dicomLayout } from './signature.js';
import { TAG } from './tags.js';
import { decimal, decimals, text, texts, ushort } from './values.js';

/**
 * What one DICOM file says about itself, up to (never including) its pixel data: enough to group files into series,
 * tell scans from what is not a scan, and order slices. A few hundred bytes per file; never a patient's name or
 * birth date.
 */
export interface DicomFileHeader {
  readonly path: string;
  readonly sopClassUid: string | null;
  readonly sopInstanceUid: string | null;
  readonly modality: string | null;
  readonly seriesInstanceUid: string | null;
  readonly studyInstanceUid: string | null;
  readonly patientId: string | null;
  readonly seriesDescription: string | null;
  readonly imageType: readonly string[];
  readonly imageOrientationPatient: readonly number[] | null;
  readonly imagePositionPatient: readonly number[] | null;
  /** [row spacing, column spacing] in mm (DICOM's order: between rows, then between columns). */
  readonly pixelSpacing: readonly number[] | null;
  readonly rows: number | null;
  readonly columns: number | null;
  readonly numberOfFrames: number;
  readonly transferSyntaxUid: string | null;
  readonly manufacturer: string | null;
  readonly convolutionKernel: string | null;
  readonly sliceThicknessMm: number | null;
  readonly kvp: number | null;
  readonly instanceNumber: number | null;
  readonly hasPixelData: boolean;
}

/** First read; most CT headers fit, and large private headers make it grow by doubling. */
const FIRST_READ_BYTES = 16 * 1024;

/**
 * Reads the header of the DICOM file at `path`, up to its Pixel Data element; null when the content is not DICOM.
 * A DICOM file that cannot be parsed throws a ReadError ('corrupt-dicom').
 */
export async function readDicomFileHeader(path: string): Promise<DicomFileHeader | null> {
  const fh = await openReadable(path);
  try {
    const size = (await fh.stat()).size;
    let want = Math.min(size, FIRST_READ_BYTES);
    for (;;) {
      const bytes = new Uint8Array(want);
      const { bytesRead } = await fh.read(bytes, 0, want, 0);
      const head = bytes.subarray(0, bytesRead);
      if (dicomLayout(head) === null) return null;
      const whole = bytesRead >= size;
      let ds: DataSet | null = null;
      try {
        ds = parseDicomBytes(head, path, true);
      } catch (err) {
        if (whole) throw err;
      }
      // A header cut by the read is complete once the Pixel Data tag is seen (everything before it was whole).
      if (ds && (ds.elements[TAG.pixelData] || whole)) return headerOf(path, ds);
      if (whole) throw new ReadError('corrupt-dicom', `${path} could not be parsed as DICOM`);
      want = Math.min(size, want * 4);
    }
  } finally {
    await fh.close();
  }
}

export function headerOf(path: string, ds: DataSet): DicomFileHeader {
  return {
    path,
    sopClassUid: text(ds, TAG.sopClassUid),
    sopInstanceUid: text(ds, TAG.sopInstanceUid),
    modality: text(ds, TAG.modality),
    seriesInstanceUid: text(ds, TAG.seriesInstanceUid),
    studyInstanceUid: text(ds, TAG.studyInstanceUid),
    patientId: text(ds, TAG.patientId),
    seriesDescription: text(ds, TAG.seriesDescription),
    imageType: texts(ds, TAG.imageType),
    imageOrientationPatient: decimals(ds, TAG.imageOrientationPatient, 6),
    imagePositionPatient: decimals(ds, TAG.imagePositionPatient, 3),
    pixelSpacing: decimals(ds, TAG.pixelSpacing, 2),
    rows: ushort(ds, TAG.rows),
    columns: ushort(ds, TAG.columns),
    numberOfFrames: decimal(ds, TAG.numberOfFrames) ?? 1,
    transferSyntaxUid: text(ds, TAG.transferSyntaxUid),
    manufacturer: text(ds, TAG.manufacturer),
    convolutionKernel: texts(ds, TAG.convolutionKernel).join('\\') || null,
    sliceThicknessMm: decimal(ds, TAG.sliceThickness),
    kvp: decimal(ds, TAG.kvp),
    instanceNumber: decimal(ds, TAG.instanceNumber),
    hasPixelData: ds.elements[TAG.pixelData] !== undefined,
  };
}
