import type { ReadParams } from '../stages/read.js';
import { openNifti } from './nifti/open.js';
import type { ScanTarget } from './scanTarget.js';
import { readFileHead, sniffFormat } from './sniff.js';
import type { OpenOptions, VolumeSource } from './volumeSource.js';

/**
 * Opens a scan by what its content is. What no reader recognises goes to the NIfTI reader, whose errors say
 * exactly what is wrong with a file meant to be NIfTI (a bad sizeof_hdr, a missing magic, a truncated gzip).
 */
export async function openVolume(target: ScanTarget, params: ReadParams, options: OpenOptions = {}): Promise<VolumeSource> {
  options.signal?.throwIfAborted();
  const path = target.path;
  const format = sniffFormat((await readFileHead(path)).bytes);
  switch (format) {
    case 'nifti':
    case null:
      return openNifti(path, params, options);
  }
}
