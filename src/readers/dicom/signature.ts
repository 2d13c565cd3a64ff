/** How a DICOM file announces itself in its first bytes; shared by sniffing and parsing. */

const VRS = new Set([
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FL', 'FD', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'PN',
  'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
]);

export type DicomLayout =
  /** A DICOM Part 10 file: 128-byte preamble, 'DICM', then the meta group. */
  | 'part10'
  /** No preamble (ACR-NEMA style, or a bare data set): the first element, explicit VR. */
  | 'bare-explicit'
  /** No preamble, implicit VR. */
  | 'bare-implicit';

/**
 * 'DICM' at byte 128, or a preamble-less file whose first element is in group 0002 or 0008 with a believable VR
 * (explicit) or length (implicit). Null when it is not DICOM.
 */
export function dicomLayout(b: Uint8Array): DicomLayout | null {
  if (b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d) return 'part10';
  if (b.length < 8) return null;
  const group = b[0] | (b[1] << 8);
  const element = b[2] | (b[3] << 8);
  if ((group !== 0x0002 && group !== 0x0008) || element > 0x00ff) return null;
  const vr = String.fromCharCode(b[4], b[5]);
  if (VRS.has(vr)) return 'bare-explicit';
  const length = (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24)) >>> 0;
  return length % 2 === 0 && length <= 1024 ? 'bare-implicit' : null;
}
