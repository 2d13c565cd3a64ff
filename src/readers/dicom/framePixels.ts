import dicomParser, { type DataSet } from 'dicom-parser';
import { ReadError, formatBytes } from '../errors.js';
import { decodeFrame } from './codecs.js';
import { frameByteLength, type PixelFormat } from './pixelFormat.js';
import { TAG } from './tags.js';
import { isEncapsulated, type PixelEncoding } from './transferSyntax.js';

/**
 * The stored bytes of a single-frame file's image, little-endian (big-endian data is swapped later, in
 * storedView): a view into the file for native syntaxes, a decoded copy for compressed ones.
 */
export async function frameBytes(ds: DataSet, encoding: PixelEncoding, format: PixelFormat, path: string, fileBytes: number): Promise<Uint8Array> {
  const el = ds.elements[TAG.pixelData];
  if (!el) throw new ReadError('dicom-no-pixel-data', `${path} has no Pixel Data element (7FE0,0010)`);
  const need = frameByteLength(format);
  const size = `${format.columns}x${format.rows} pixels of ${format.bitsAllocated} bits need ${need} bytes (${formatBytes(need)})`;
  if (!isEncapsulated(encoding)) {
    if (el.encapsulatedPixelData) throw new ReadError('dicom-decode-failed', `${path}: its pixel data is encapsulated (compressed) but its transfer syntax is not`);
    const available = ds.byteArray.length - el.dataOffset;
    if (el.length > available && available < need) {
      throw new ReadError('truncated', `${path} is truncated: its pixel data declares ${el.length} bytes but the file (${fileBytes} bytes) ends ${Math.max(0, available)} bytes into it; ${size}`);
    }
    if (el.length < need) throw new ReadError('dicom-pixel-data-short', `${path}: its pixel data holds ${el.length} bytes, ${size}`);
    return ds.byteArray.subarray(el.dataOffset, el.dataOffset + need);
  }
  if (!el.encapsulatedPixelData || !el.fragments || el.fragments.length === 0) {
    throw new ReadError('dicom-decode-failed', `${path}: its transfer syntax is compressed but its pixel data holds no fragments`);
  }
  const last = el.fragments[el.fragments.length - 1];
  if (last.position + last.length > ds.byteArray.length) {
    throw new ReadError('truncated', `${path} is truncated: its last pixel data fragment needs ${last.position + last.length} bytes, the file holds ${fileBytes}`);
  }
  const frame = dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments.length);
  return decodeFrame(encoding as Exclude<PixelEncoding, 'native-le' | 'native-be' | 'deflated'>, frame, {
    rows: format.rows, columns: format.columns, bytesPerPixel: format.bitsAllocated / 8, bitsStored: format.bitsStored, signed: format.signed,
  }, path);
}
