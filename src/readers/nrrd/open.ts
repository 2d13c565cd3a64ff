import { stat } from 'node:fs/promises';
import type { ReadParams } from '../../stages/read.js';
import type { DataLayout, DataPart } from '../dataPlanes.js';
import { namedDataFiles } from '../dataFileNames.js';
import { ReadError } from '../errors.js';
import { datatypeInfo } from '../nifti/datatypes.js';
import { openStoredVolume, type StoredVolume } from '../storedVolume.js';
import { readTextHead, TEXT_HEADER_MAX_BYTES } from '../textHeader.js';
import type { OpenOptions, VolumeSource } from '../volumeSource.js';
import { nrrdEncoding } from './encoding.js';
import { nrrdGeometry } from './geometry.js';
import { parseNrrdHeader, requireField, type NrrdHeader } from './header.js';
import { nrrdDatatype } from './types.js';

/** Opens a NRRD volume: an attached .nrrd, or a detached .nhdr with its data file(s). */
export async function openNrrd(path: string, params: ReadParams, options: OpenOptions = {}): Promise<VolumeSource> {
  return openStoredVolume(await describeNrrd(path), params, options);
}

/** Reads and checks a NRRD header, and says where its voxels are and how they are stored. */
export async function describeNrrd(path: string): Promise<StoredVolume> {
  const { text, fileBytes } = await readTextHead(path);
  const header = parseNrrdHeader(text, fileBytes <= TEXT_HEADER_MAX_BYTES);
  const { geometry, sizes, notes } = nrrdGeometry(header);
  const datatype = nrrdDatatype(requireField(header, 'type'));
  const encoding = nrrdEncoding(requireField(header, 'encoding'));
  const bytesPerVoxel = datatypeInfo(datatype).bytes;
  const endian = header.fields.get('endian')?.trim().toLowerCase();
  if (bytesPerVoxel > 1 && endian !== 'little' && endian !== 'big') {
    throw new ReadError('bad-nrrd-header', endian === undefined
      ? `the header has no "endian" field, which NRRD requires for a ${bytesPerVoxel}-byte type`
      : `"endian: ${header.fields.get('endian')}" must be little or big`);
  }
  const totalBytes = sizes.reduce((a, b) => a * b, 1) * bytesPerVoxel;
  const layout = await layoutOf(path, header, encoding, totalBytes);
  return {
    path, format: 'nrrd', geometry, notes, layout,
    stored: { datatype, littleEndian: endian !== 'big', sclSlope: 1, sclInter: 0 },
    dataFileField: header.fields.has('data file') ? '"data file"' : 'the attached data',
  };
}

async function layoutOf(path: string, header: NrrdHeader, encoding: DataLayout['encoding'], totalBytes: number): Promise<DataLayout> {
  const byteSkip = integerField(header, 'byte skip', -1);
  const lineSkip = integerField(header, 'line skip', 0);
  if (lineSkip > 0) throw new ReadError('unsupported-encoding', `"line skip: ${lineSkip}" is not supported (byte skip is)`);
  if (byteSkip === -1 && encoding !== 'raw') {
    throw new ReadError('bad-nrrd-header', `"byte skip: -1" (data at the end of the file) is only defined for raw encoding, not ${encoding}`);
  }
  const files = dataFiles(path, header);
  const share = totalBytes / files.length;
  if (!Number.isInteger(share)) {
    throw new ReadError('bad-nrrd-header', `${files.length} data files cannot hold ${totalBytes} bytes of voxels in equal shares`);
  }
  const parts: DataPart[] = [];
  for (const file of files) {
    const attached = file === path;
    const base = attached ? header.dataOffset! : 0;
    let start = base, skipInflated = 0;
    if (encoding !== 'raw') skipInflated = byteSkip;
    else if (byteSkip >= 0) start = base + byteSkip;
    else start = Math.max(base, ((await stat(file).catch(() => null))?.size ?? 0) - share);
    parts.push({ path: file, start, skipInflated, bytes: share });
  }
  return { encoding, parts };
}

/** The data's files in order: the header itself (attached), one file, a LIST, or a %d pattern. */
export function dataFiles(path: string, header: NrrdHeader): string[] {
  const field = header.fields.get('data file');
  if (field === undefined) {
    if (header.dataOffset === null) {
      throw new ReadError('bad-nrrd-header', 'the file ends with its header: no data follows it and no "data file" field names where the data is');
    }
    return [path];
  }
  return namedDataFiles(path, field, header.dataFileList, `"data file: ${field}"`, 'bad-nrrd-header');
}

function integerField(header: NrrdHeader, name: string, min: number): number {
  const text = header.fields.get(name);
  if (text === undefined) return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new ReadError('bad-nrrd-header', `"${name}: ${text}" must be a whole number of at least ${min}`);
  return n;
}
