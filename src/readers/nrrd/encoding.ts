import type { DataEncoding } from '../dataPlanes.js';
import { ReadError } from '../errors.js';

/** NRRD's `encoding` as the data reader's: raw and gzip are read; the others fail saying what would. */
export function nrrdEncoding(text: string): DataEncoding {
  switch (text.trim().toLowerCase()) {
    case 'raw': return 'raw';
    case 'gzip': case 'gz': return 'gzip';
    case 'bzip2': case 'bz2':
      throw new ReadError('unsupported-encoding', `"encoding: ${text}" is not supported (raw and gzip are): re-save it with gzip, e.g. \`unu save -f nrrd -e gzip\``);
    case 'ascii': case 'text': case 'txt': case 'hex':
      throw new ReadError('unsupported-encoding', `"encoding: ${text}" (voxels as text) is not supported (raw and gzip are): re-save it with gzip, e.g. \`unu save -f nrrd -e gzip\``);
    default:
      throw new ReadError('unsupported-encoding', `"encoding: ${text}" is not a NRRD encoding (NRRD defines raw, ascii, hex, gzip, bzip2; lungflow reads raw and gzip)`);
  }
}
