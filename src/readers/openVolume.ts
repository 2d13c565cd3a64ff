import type { ReadParams } from '../stages/read.js';
import { openMetaImage } from './metaimage/open.js';
import { openNifti } from './nifti/open.js';
import { openNrrd } from './nrrd/open.js';
import { readFileHead, sniffFormat } from './sniff.js';
import type { OpenOptions, VolumeSource } from './volumeSource.js';

/**
 * Opens a scan by what its content is. What no reader recognises goes to the NIfTI reader, whose errors say
 * exactly what is wrong with a file meant to be NIfTI (a bad sizeof_hdr, a missing magic, a truncated gzip).
 */
export async function openVolume(path: string, params: ReadParams, options: OpenOptions = {}): Promise<VolumeSource> {
  options.signal?.throwIfAborted();
  const format = sniffFormat((await readFileHead(path)).bytes);
  switch (format) {
    case 'nifti':
    case null:
      return openNifti(path, params, options);
    case 'nrrd':
      return openNrrd(path, params, options);
    case 'metaimage':
      return openMetaImage(path, params, options);
  }
}
