import { inflateRawSync } from 'node:zlib';
import dicomParser, { type DataSet } from 'dicom-parser';
import { ReadError } from '../errors.js';
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE } from './transferSyntax.js';
import { dicomLayout } from './signature.js';
import { TAG } from './tags.js';

/**
 * Parses DICOM bytes with dicom-parser (deflated data sets are inflated by it with Node's zlib). With
 * `headerOnly`, parsing stops at the Pixel Data tag: the element is present (hasPixelData) but not read.
 * Throws a ReadError 'not-dicom' when the bytes carry no DICOM signature, 'corrupt-dicom' when parsing fails.
 */
export function parseDicomBytes(bytes: Uint8Array, path: string, headerOnly: boolean): DataSet {
  const layout = dicomLayout(bytes);
  if (layout === null) throw new ReadError('not-dicom', `${path} is not DICOM: no 'DICM' at byte 128 and no group 0002/0008 element at its start`);
  const options: dicomParser.ParseDicomOptions = {
    inflater: inflateDataSet as dicomParser.ParseDicomOptions['inflater'],
    ...(headerOnly ? { untilTag: TAG.pixelData } : {}),
    ...(layout === 'bare-explicit' ? { TransferSyntaxUID: EXPLICIT_VR_LE } : {}),
    ...(layout === 'bare-implicit' ? { TransferSyntaxUID: IMPLICIT_VR_LE } : {}),
  };
  try {
    return dicomParser.parseDicom(bytes, options);
  } catch (err) {
    const e = err as { exception?: unknown; dataSet?: DataSet } | string | Error;
    const why = typeof e === 'string' ? e : e instanceof Error ? e.message : String((e as { exception?: unknown }).exception ?? e);
    if (/overrun|beyond|end of (buffer|stream)|unexpected end|offset is outside/i.test(why)) {
      throw new ReadError('truncated', `${path} is truncated: the file ends after ${bytes.length} bytes, inside ${whereCut(bytes, options)}`);
    }
    throw new ReadError('corrupt-dicom', `${path} could not be parsed as DICOM: ${why.replace(/^dicomParser\.?[\w:]*:\s*/, '')}`);
  }
}

/** Whether a file cut short was cut in its pixel data (its header parses up to the Pixel Data tag) or before. */
function whereCut(bytes: Uint8Array, options: dicomParser.ParseDicomOptions): string {
  try {
    const ds = dicomParser.parseDicom(bytes, { ...options, untilTag: TAG.pixelData });
    if (ds.elements[TAG.pixelData]) return 'its pixel data';
  } catch {
    // cut before the pixel data
  }
  return 'its header (before the pixel data)';
}

/**
 * Deflated Explicit VR Little Endian: the data set after the meta group is raw DEFLATE. dicom-parser's own Node
 * path calls Buffer methods on what may be a plain Uint8Array; this one works on either.
 */
function inflateDataSet(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = inflateRawSync(bytes.subarray(position));
  const out = new Uint8Array(position + inflated.length);
  out.set(bytes.subarray(0, position));
  out.set(inflated, position);
  return out;
}
