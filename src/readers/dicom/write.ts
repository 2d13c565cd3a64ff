import { writeFile } from 'node:fs/promises';
import { EXPLICIT_VR_LE } from './transferSyntax.js';

/** CT Image Storage. */
export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const IMPLEMENTATION_CLASS_UID = '2.25.221830502312735339127396457155838215468';

/** One CT slice as lungflow writes it (phantoms, tests): explicit VR little endian, 16-bit grey-scale. */
export interface DicomSliceSpec {
  readonly rows: number;
  readonly columns: number;
  /** Stored values, row by row (column index fastest). */
  readonly pixels: Int16Array | Uint16Array;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  /** [between rows, between columns] in mm. */
  readonly pixelSpacing: readonly [number, number];
  readonly imagePositionPatient: readonly number[] | null;
  readonly imageOrientationPatient: readonly number[] | null;
  readonly sliceThicknessMm: number;
  readonly instanceNumber: number | null;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid?: string;
  readonly modality?: string;
  readonly imageType?: readonly string[];
  readonly patientId?: string;
  readonly seriesDescription?: string;
  readonly manufacturer?: string;
  readonly convolutionKernel?: string;
  readonly kvp?: number;
  readonly pixelPaddingValue?: number;
  /**
   * The transfer syntax the meta header declares (default Explicit VR Little Endian). The pixels are written
   * uncompressed whatever it says: only for files that must claim another syntax (tests of unsupported ones).
   */
  readonly declaredTransferSyntaxUid?: string;
}

type Vr = 'CS' | 'DS' | 'IS' | 'LO' | 'SH' | 'UI' | 'US' | 'UL' | 'OB' | 'OW';
interface Element { readonly group: number; readonly element: number; readonly vr: Vr; readonly value: Uint8Array }

/** The bytes of a DICOM Part 10 file holding the slice. */
export function encodeDicomSlice(s: DicomSliceSpec): Uint8Array {
  if (s.pixels.length !== s.rows * s.columns) throw new RangeError(`${s.pixels.length} pixels for a ${s.columns}x${s.rows} image`);
  const signed = s.pixels instanceof Int16Array;
  const sopClass = s.sopClassUid ?? CT_IMAGE_STORAGE;
  const data: Element[] = [
    str(0x0008, 0x0008, 'CS', (s.imageType ?? ['ORIGINAL', 'PRIMARY', 'AXIAL']).join('\\')),
    str(0x0008, 0x0016, 'UI', sopClass),
    str(0x0008, 0x0018, 'UI', s.sopInstanceUid),
    str(0x0008, 0x0060, 'CS', s.modality ?? 'CT'),
    str(0x0008, 0x0070, 'LO', s.manufacturer ?? 'lungflow'),
    str(0x0008, 0x103e, 'LO', s.seriesDescription ?? 'lungflow phantom'),
    str(0x0010, 0x0020, 'LO', s.patientId ?? 'PHANTOM'),
    str(0x0018, 0x0050, 'DS', ds(s.sliceThicknessMm)),
    str(0x0018, 0x0060, 'DS', ds(s.kvp ?? 120)),
    str(0x0018, 0x1210, 'SH', s.convolutionKernel ?? 'STANDARD'),
    str(0x0020, 0x000d, 'UI', s.studyInstanceUid),
    str(0x0020, 0x000e, 'UI', s.seriesInstanceUid),
    ...(s.instanceNumber === null ? [] : [str(0x0020, 0x0013, 'IS', String(s.instanceNumber))]),
    ...(s.imagePositionPatient ? [str(0x0020, 0x0032, 'DS', s.imagePositionPatient.map(ds).join('\\'))] : []),
    ...(s.imageOrientationPatient ? [str(0x0020, 0x0037, 'DS', s.imageOrientationPatient.map(ds).join('\\'))] : []),
    us(0x0028, 0x0002, 1),
    str(0x0028, 0x0004, 'CS', 'MONOCHROME2'),
    us(0x0028, 0x0010, s.rows),
    us(0x0028, 0x0011, s.columns),
    str(0x0028, 0x0030, 'DS', s.pixelSpacing.map(ds).join('\\')),
    us(0x0028, 0x0100, 16),
    us(0x0028, 0x0101, 16),
    us(0x0028, 0x0102, 15),
    us(0x0028, 0x0103, signed ? 1 : 0),
    ...(s.pixelPaddingValue === undefined ? [] : [us(0x0028, 0x0120, s.pixelPaddingValue & 0xffff)]),
    str(0x0028, 0x1052, 'DS', ds(s.rescaleIntercept)),
    str(0x0028, 0x1053, 'DS', ds(s.rescaleSlope)),
    { group: 0x7fe0, element: 0x0010, vr: 'OW', value: new Uint8Array(s.pixels.buffer, s.pixels.byteOffset, s.pixels.byteLength) },
  ];
  const metaBody: Element[] = [
    { group: 0x0002, element: 0x0001, vr: 'OB', value: new Uint8Array([0, 1]) },
    str(0x0002, 0x0002, 'UI', sopClass),
    str(0x0002, 0x0003, 'UI', s.sopInstanceUid),
    str(0x0002, 0x0010, 'UI', s.declaredTransferSyntaxUid ?? EXPLICIT_VR_LE),
    str(0x0002, 0x0012, 'UI', IMPLEMENTATION_CLASS_UID),
  ];
  const metaLength = metaBody.reduce((n, e) => n + encodedLength(e), 0);
  const meta = [ul(0x0002, 0x0000, metaLength), ...metaBody];
  const elements = [...meta, ...data];
  const total = 132 + elements.reduce((n, e) => n + encodedLength(e), 0);
  const out = new Uint8Array(total);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  let at = 132;
  for (const e of elements) at = writeElement(out, at, e);
  return out;
}

export async function writeDicomSlice(path: string, s: DicomSliceSpec): Promise<void> {
  await writeFile(path, encodeDicomSlice(s));
}

const LONG_VRS = new Set<Vr>(['OB', 'OW']);

function encodedLength(e: Element): number {
  return (LONG_VRS.has(e.vr) ? 12 : 8) + e.value.length;
}

function writeElement(out: Uint8Array, at: number, e: Element): number {
  const v = new DataView(out.buffer, out.byteOffset);
  v.setUint16(at, e.group, true);
  v.setUint16(at + 2, e.element, true);
  out[at + 4] = e.vr.charCodeAt(0);
  out[at + 5] = e.vr.charCodeAt(1);
  if (LONG_VRS.has(e.vr)) {
    v.setUint32(at + 8, e.value.length, true);
    at += 12;
  } else {
    v.setUint16(at + 6, e.value.length, true);
    at += 8;
  }
  out.set(e.value, at);
  return at + e.value.length;
}

function str(group: number, element: number, vr: Vr, text: string): Element {
  const padded = text.length % 2 ? text + (vr === 'UI' ? '\0' : ' ') : text;
  return { group, element, vr, value: new TextEncoder().encode(padded) };
}

function us(group: number, element: number, value: number): Element {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, value, true);
  return { group, element, vr: 'US', value: b };
}

function ul(group: number, element: number, value: number): Element {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value, true);
  return { group, element, vr: 'UL', value: b };
}

/** A decimal string of at most 16 characters (DS), exact for the values phantoms use. */
function ds(x: number): string {
  for (let p = 15; p >= 1; p--) {
    const s = String(Number(x.toPrecision(p)));
    if (s.length <= 16) return s;
  }
  throw new RangeError(`${x} cannot be written as a DICOM decimal string`);
}
