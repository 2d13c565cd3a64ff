/** The transfer syntaxes lungflow decodes, and the names of the common ones it does not (for its error messages). */
export type PixelEncoding =
  | 'native-le' | 'native-be' | 'deflated' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000' | 'rle';

interface SyntaxInfo {
  readonly name: string;
  /** How its pixels are decoded; null when lungflow cannot. */
  readonly encoding: PixelEncoding | null;
}

export const IMPLICIT_VR_LE = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';

const SYNTAXES: Readonly<Record<string, SyntaxInfo>> = {
  [IMPLICIT_VR_LE]: { name: 'Implicit VR Little Endian', encoding: 'native-le' },
  [EXPLICIT_VR_LE]: { name: 'Explicit VR Little Endian', encoding: 'native-le' },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', encoding: 'deflated' },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian (retired)', encoding: 'native-be' },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless, Non-Hierarchical (Process 14)', encoding: 'jpeg-lossless' },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])', encoding: 'jpeg-lossless' },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless Image Compression', encoding: 'jpeg-ls' },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Lossy (Near-Lossless) Image Compression', encoding: 'jpeg-ls' },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 Image Compression (Lossless Only)', encoding: 'jpeg2000' },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000 Image Compression', encoding: 'jpeg2000' },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', encoding: 'rle' },
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline (Process 1)', encoding: null },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (Process 2 & 4)', encoding: null },
  '1.2.840.10008.1.2.4.100': { name: 'MPEG2 Main Profile / Main Level', encoding: null },
  '1.2.840.10008.1.2.4.102': { name: 'MPEG-4 AVC/H.264 High Profile / Level 4.1', encoding: null },
  '1.2.840.10008.1.2.4.201': { name: 'High-Throughput JPEG 2000 Image Compression (Lossless Only)', encoding: null },
  '1.2.840.10008.1.2.4.203': { name: 'High-Throughput JPEG 2000 Image Compression', encoding: null },
};

/** "JPEG Baseline (Process 1)", or "an unknown transfer syntax" for a UID not in the table. */
export function transferSyntaxName(uid: string): string {
  return SYNTAXES[uid]?.name ?? 'an unknown transfer syntax';
}

export function pixelEncodingOf(uid: string): PixelEncoding | null {
  return SYNTAXES[uid]?.encoding ?? null;
}

export function isEncapsulated(encoding: PixelEncoding): boolean {
  return encoding === 'jpeg-lossless' || encoding === 'jpeg-ls' || encoding === 'jpeg2000' || encoding === 'rle';
}
