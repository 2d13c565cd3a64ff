/**
 * Why a file is not a readable scan. Each reader has its codes (stable: they are `scans.error_code`); the union of
 * them is what a failed scan can say about its input.
 */
export type NiftiErrorCode =
  | 'truncated' | 'not-nifti' | 'bad-sizeof-hdr' | 'unsupported-datatype' | 'bad-dims' | 'too-large'
  | 'bad-vox-offset' | 'not-gzip' | 'corrupt-gzip' | 'unsupported-dims' | 'bad-scaling' | 'bad-pixdim' | 'closed';

/** A DICOM series' codes (each failing scan names the file at fault in its message). */
export type DicomErrorCode =
  | 'not-dicom' | 'corrupt-dicom' | 'truncated' | 'closed' | 'too-large'
  | 'dicom-no-pixel-data' | 'dicom-pixel-data-short' | 'unsupported-transfer-syntax' | 'dicom-decode-failed'
  | 'dicom-unsupported-pixels' | 'dicom-multiframe' | 'dicom-missing-geometry' | 'dicom-duplicate-position'
  | 'dicom-mixed-sizes' | 'dicom-mixed-orientation' | 'dicom-mixed-series' | 'dicom-empty-series';

/** What can be wrong with the data of a format whose header points at it (NRRD, MetaImage). */
export type StoredDataErrorCode =
  | 'missing-data-file' | 'truncated' | 'corrupt-gzip' | 'corrupt-zlib' | 'too-large' | 'bad-dims' | 'unsupported-dims'
  | 'unsupported-datatype' | 'unsupported-encoding' | 'closed';

export type NrrdErrorCode = StoredDataErrorCode | 'not-nrrd' | 'bad-nrrd-header';

export type MetaImageErrorCode = StoredDataErrorCode | 'not-metaimage' | 'bad-metaimage-header';

export type ReadErrorCode = NiftiErrorCode | DicomErrorCode | NrrdErrorCode | MetaImageErrorCode;

/** A scan's input that cannot be read; `message` says what is wrong, where, and with units. */
export class ReadError extends Error {
  override readonly name: string = 'ReadError';
  constructor(readonly code: ReadErrorCode, message: string) {
    super(message);
  }
}

/** "4 KiB", "1.5 MiB", "7 bytes" — binary units, at most 3 significant digits. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return `${n} bytes`;
  if (Math.abs(n) < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = n / 1024;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${Number(v.toPrecision(3))} ${units[u]}`;
}
