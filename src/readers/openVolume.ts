import type { ReadParams } from '../stages/read.js';
import { openMetaImage } from './metaimage/open.js';
import { openNifti } from './nifti/open.js';
import { readDicomFileHeader } from './dicom/fileHeader.js';
import { openDicomSeries } from './dicom/series.js';
import { isDicomName, isMetaImageName, isNrrdName } from './fileNames.js';
import { fileTarget, type ScanTarget } from './scanTarget.js';
import { openNrrd } from './nrrd/open.js';
import { readFileHead, sniffFormat } from './sniff.js';
import type { OpenOptions, VolumeSource } from './volumeSource.js';

/**
 * Opens a scan: a DICOM series found by discovery through the DICOM reader; a single file by what its content is.
 * A single DICOM file is opened as a series of one slice whose path is the file. What no reader recognises goes to
 * the reader its name asks for (.dcm DICOM, .nrrd/.nhdr NRRD, .mha/.mhd MetaImage), whose error says it is not
 * that format; anything else to the NIfTI reader, whose errors say exactly what is wrong with a file meant to be
 * NIfTI (a bad sizeof_hdr, a missing magic, a truncated gzip).
 */
export async function openVolume(scan: ScanTarget | string, params: ReadParams, options: OpenOptions = {}): Promise<VolumeSource> {
  options.signal?.throwIfAborted();
  const target = typeof scan === 'string' ? fileTarget(scan) : scan;
  if (target.dicom) {
    return openDicomSeries({ folder: target.path, seriesUid: target.dicom.seriesInstanceUid, files: target.files }, params, options);
  }
  const path = target.path;
  const format = sniffFormat((await readFileHead(path)).bytes);
  switch (format) {
    case 'dicom': {
      const header = await readDicomFileHeader(path);
      return openDicomSeries({ folder: path, seriesUid: header?.seriesInstanceUid ?? '', files: [path] }, params, options);
    }
    case 'nifti':
      return openNifti(path, params, options);
    case null:
      if (isDicomName(path)) return openDicomSeries({ folder: path, seriesUid: '', files: [path] }, params, options);
      if (isNrrdName(path)) return openNrrd(path, params, options);
      if (isMetaImageName(path)) return openMetaImage(path, params, options);
      return openNifti(path, params, options);
    case 'nrrd':
      return openNrrd(path, params, options);
    case 'metaimage':
      return openMetaImage(path, params, options);
  }
}
