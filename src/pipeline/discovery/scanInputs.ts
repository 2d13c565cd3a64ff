import type { DicomFileHeader } from '../../readers/dicom/fileHeader.js';
import { metadataOf } from '../../readers/dicom/series.js';
import type { ScanInput } from '../../results.js';
import { scanIdFor } from '../provenance.js';
import { scanFilesOf } from '../../readers/scanFiles.js';
import { isNiftiName } from '../../readers/fileNames.js';

/** What a manifest row says about its scans (a folder given there labels every scan found in it). */
export interface Labels {
  readonly subject: string | null;
  readonly session: string | null;
}

export const NO_LABELS: Labels = { subject: null, session: null };

/**
 * A scan named by one file (NIfTI; a NRRD or MetaImage header, whose data files join `files`; or a file that only
 * its reader can say is broken): the one place it is built.
 */
export async function singleFileScan(file: string, labels: Labels): Promise<ScanInput> {
  // A .nii/.nii.gz is one file: no need to open it here to look for a header's data files (100,000-file folders).
  const files = isNiftiName(file) ? [file] : await scanFilesOf(file);
  return { scanId: scanIdFor(file), path: file, files, dicom: null, ...labels };
}

/**
 * A DICOM series: its path is the folder holding its files (their common parent when they lie in several), its id
 * comes from that folder and the series UID (two series of one folder differ; '' for images without one, which
 * are grouped by folder), its files sorted by path.
 */
export function dicomSeriesScan(folder: string, files: readonly string[], first: DicomFileHeader, labels: Labels): ScanInput {
  const uid = first.seriesInstanceUid ?? '';
  return {
    scanId: scanIdFor(`${folder}\n${uid}`),
    path: folder,
    files: [...files].sort(),
    dicom: metadataOf(first, uid),
    ...labels,
  };
}
