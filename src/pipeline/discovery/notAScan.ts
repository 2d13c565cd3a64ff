import type { DicomFileHeader } from '../../readers/dicom/fileHeader.js';
import type { SkipReason } from '../../results.js';

/** Why a DICOM file is not part of a CT scan, and what it is; null when it is a CT image to measure. */
export interface NotAScan {
  readonly reason: SkipReason;
  readonly detail: string;
}

const SOP = '1.2.840.10008.5.1.4.1.1.';

/** SOP class families that hold no image to measure (the UID or its sub-classes), with the name people use. */
const NON_IMAGE_CLASSES: readonly (readonly [string, string])[] = [
  [`${SOP}88`, 'structured report (SR, key objects, dose reports)'],
  [`${SOP}66.4`, 'segmentation (SEG)'],
  [`${SOP}66`, 'raw data, registration or fiducials'],
  [`${SOP}481`, 'radiotherapy object (RTSTRUCT, RTPLAN, RTDOSE …)'],
  [`${SOP}11`, 'presentation state'],
  [`${SOP}104`, 'encapsulated document (PDF, CDA)'],
  [`${SOP}9`, 'waveform'],
  ['1.2.840.10008.1.3.10', 'media directory (DICOMDIR)'],
];

const SECONDARY_CAPTURE = `${SOP}7`;

/**
 * What is not a scan, by the header alone (the orientation rule needs the whole series: see dicomSeries.ts).
 * A file of an image SOP class without pixel data is kept: it is a broken CT image, and its series fails with the
 * reader's error rather than vanishing.
 */
export function notAScan(h: DicomFileHeader): NotAScan | null {
  const sop = h.sopClassUid ?? '';
  const family = NON_IMAGE_CLASSES.find(([uid]) => inFamily(sop, uid));
  if (family) return { reason: 'non-image', detail: family[1] };
  if (!h.hasPixelData && !isImageClass(sop)) return { reason: 'non-image', detail: `no pixel data (SOP class ${sop || 'missing'})` };
  if (inFamily(sop, SECONDARY_CAPTURE)) return { reason: 'secondary-capture', detail: 'secondary capture (a screenshot or a scanned page)' };
  if (h.modality !== null && h.modality.toUpperCase() !== 'CT') return { reason: 'not-ct', detail: `modality ${h.modality}` };
  if (h.imageType.some((t) => t.toUpperCase() === 'LOCALIZER')) return { reason: 'localizer', detail: `ImageType ${h.imageType.join('\\')}` };
  return null;
}

/** CT Image Storage and its enhanced forms, and any other storage class not known as non-image. */
function isImageClass(sop: string): boolean {
  return sop.startsWith(SOP) && !NON_IMAGE_CLASSES.some(([uid]) => inFamily(sop, uid));
}

function inFamily(sop: string, uid: string): boolean {
  return sop === uid || sop.startsWith(`${uid}.`);
}
