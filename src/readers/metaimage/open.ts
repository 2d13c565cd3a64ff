import { stat } from 'node:fs/promises';
import type { ReadParams } from '../../stages/read.js';
import type { DataLayout, DataPart } from '../dataPlanes.js';
import { namedDataFiles } from '../dataFileNames.js';
import { ReadError } from '../errors.js';
import { datatypeInfo } from '../nifti/datatypes.js';
import { openStoredVolume, type StoredVolume } from '../storedVolume.js';
import { readTextHead, TEXT_HEADER_MAX_BYTES } from '../textHeader.js';
import type { OpenOptions, VolumeSource } from '../volumeSource.js';
import { metaImageDatatype } from './elementTypes.js';
import { metaImageGeometry } from './geometry.js';
import { flag, parseMetaImageHeader, requireKey, type MetaImageHeader } from './header.js';

/** Opens a MetaImage volume: a .mha (ElementDataFile = LOCAL) or a .mhd with its data file(s). */
export async function openMetaImage(path: string, params: ReadParams, options: OpenOptions = {}): Promise<VolumeSource> {
  return openStoredVolume(await describeMetaImage(path), params, options);
}

export async function describeMetaImage(path: string): Promise<StoredVolume> {
  const { text, fileBytes } = await readTextHead(path);
  const header = parseMetaImageHeader(text, fileBytes <= TEXT_HEADER_MAX_BYTES);
  const objectType = header.fields.get('ObjectType');
  if (objectType !== undefined && objectType.toLowerCase() !== 'image') {
    throw new ReadError('not-metaimage', `"ObjectType = ${objectType}": lungflow reads MetaImage images only`);
  }
  const { geometry, sizes } = metaImageGeometry(header);
  const datatype = metaImageDatatype(requireKey(header, 'ElementType'));
  const channels = header.fields.get('ElementNumberOfChannels');
  if (channels !== undefined && Number(channels) !== 1) {
    throw new ReadError('unsupported-dims', `"ElementNumberOfChannels = ${channels}": lungflow reads scalar images (1 channel)`);
  }
  if (!flag(header, 'BinaryData', true)) {
    throw new ReadError('unsupported-encoding', '"BinaryData = False" (voxels as text) is not supported; binary data is');
  }
  const encoding = flag(header, 'CompressedData', false) ? 'zlib' : 'raw';
  const totalBytes = sizes.reduce((a, b) => a * b, 1) * datatypeInfo(datatype).bytes;
  return {
    path, format: 'metaimage', geometry, notes: [],
    layout: await layoutOf(path, header, encoding, totalBytes),
    stored: { datatype, littleEndian: !flag(header, 'BinaryDataByteOrderMSB', false), sclSlope: 1, sclInter: 0 },
    dataFileField: 'ElementDataFile',
  };
}

async function layoutOf(path: string, header: MetaImageHeader, encoding: DataLayout['encoding'], totalBytes: number): Promise<DataLayout> {
  const headerSizeText = header.fields.get('HeaderSize');
  const headerSize = headerSizeText === undefined ? 0 : Number(headerSizeText);
  if (!Number.isInteger(headerSize) || headerSize < -1) {
    throw new ReadError('bad-metaimage-header', `"HeaderSize = ${headerSizeText}" must be a whole number of bytes, or -1`);
  }
  if (headerSize === -1 && encoding !== 'raw') {
    throw new ReadError('bad-metaimage-header', '"HeaderSize = -1" (data at the end of the file) cannot be used with CompressedData');
  }
  const files = dataFiles(path, header);
  const share = totalBytes / files.length;
  if (!Number.isInteger(share)) {
    throw new ReadError('bad-metaimage-header', `${files.length} data files cannot hold ${totalBytes} bytes of voxels in equal shares`);
  }
  const parts: DataPart[] = [];
  for (const file of files) {
    const base = file === path ? header.dataOffset : 0;
    // MetaIO skips HeaderSize bytes of the file itself (before a compressed stream); -1: the data ends the file.
    const start = headerSize === -1 ? Math.max(base, ((await stat(file).catch(() => null))?.size ?? 0) - share) : base + headerSize;
    parts.push({ path: file, start, skipInflated: 0, bytes: share });
  }
  return { encoding, parts };
}

/** The data's files in order: LOCAL (the header file itself), one file, a LIST, or a %d pattern. */
export function dataFiles(path: string, header: MetaImageHeader): string[] {
  const field = requireKey(header, 'ElementDataFile');
  if (field.toUpperCase() === 'LOCAL') return [path];
  return namedDataFiles(path, field, header.dataFileList, `"ElementDataFile = ${field}"`, 'bad-metaimage-header');
}
