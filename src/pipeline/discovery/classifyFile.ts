import { readDicomFileHeader, type DicomFileHeader } from '../../readers/dicom/fileHeader.js';
import { isDicomName, isNiftiName, isSingleScanName } from '../../readers/fileNames.js';
import { sniffFile } from '../../readers/sniff.js';

/** What a file found by discovery is, by its content (its name only where a broken file must still be seen). */
export type FileKind =
  /** A scan on its own (NIfTI, NRRD, MetaImage), or a file so named (.nii, .nrrd, .nhdr, .mha, .mhd) that its reader fails. */
  | { readonly kind: 'single' }
  | { readonly kind: 'dicom'; readonly header: DicomFileHeader }
  /** DICOM by content or by name (.dcm), but no header can be read: a scan of its own, which its reader fails. */
  | { readonly kind: 'broken-dicom' }
  | { readonly kind: 'other' };

/**
 * Classifies a file from its first bytes; a DICOM file's header is read (never its pixel data). A file that
 * cannot be read, or that no reader recognises, counts by its name: a .nii, .nrrd, .nhdr, .mha, .mhd or .dcm that is
 * broken, vanished or unreadable fails loudly as a scan, with its own reader's error.
 */
export async function classifyFile(file: string): Promise<FileKind> {
  // A .nii/.nii.gz is a scan whatever its content says: no need to read it here (its reader will).
  if (isNiftiName(file)) return { kind: 'single' };
  const byName = (): FileKind => (isSingleScanName(file) ? { kind: 'single' } : isDicomName(file) ? { kind: 'broken-dicom' } : { kind: 'other' });
  let format;
  try {
    format = await sniffFile(file);
  } catch {
    return byName();
  }
  if (format === null) return byName();
  if (format !== 'dicom') return { kind: 'single' };
  try {
    const header = await readDicomFileHeader(file);
    return header ? { kind: 'dicom', header } : { kind: 'broken-dicom' };
  } catch {
    return { kind: 'broken-dicom' };
  }
}
