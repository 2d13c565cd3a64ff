import { ReadError, type NiftiErrorCode } from '../errors.js';

export { formatBytes } from '../errors.js';
export type { NiftiErrorCode } from '../errors.js';

/** A file that is not a readable NIfTI image. */
export class NiftiError extends ReadError {
  override readonly name = 'NiftiError';
  constructor(override readonly code: NiftiErrorCode, message: string) {
    super(code, message);
  }
}
