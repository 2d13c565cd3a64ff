import type { ReadParams } from '../stages/read.js';
import { openNifti } from './nifti/open.js';
import { readDicomFileHeader } from './dicom/fileHeader.js';
import { openDicomSeries } from './dicom/series.js';
import { readFileHead, sniffFormat } from './sniff.js';
import type { OpenOptions, VolumeSource } from './volumeSource.js';

/**
 * Opens a scan by what its content is. What no reader recognises goes to the NIfTI reader, whose errors say
 * exactly what is wrong with a file meant to be NIfTI (a bad sizeof_hdr, a missing magic, a truncated gzip).
 * A single DICOM file is opened as a series of one slice whose path is the file (discovery hands whole series to
 * openDicomSeries).
 */
export async function openVolume(path: string, params: ReadParams, options: OpenOptions = {}): Promise<VolumeSource> {
  options.signal?.throwIfAborted();
  const format = sniffFormat((await readFileHead(path)).bytes);
  switch (format) {
    case 'dicom': {
      const header = await readDicomFileHeader(path);
      return openDicomSeries({ folder: path, seriesUid: header?.seriesInstanceUid ?? '', files: [path] }, params, options);
    }
    case 'nifti':
    case null:
      return openNifti(path, params, options);
  }
}
