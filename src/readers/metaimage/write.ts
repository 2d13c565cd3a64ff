import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { gridIn, num } from '../headerSpec.js';
import { encodeVoxels, type NiftiImageSpec } from '../nifti/write.js';
import { metaImageTypeName } from './elementTypes.js';

export interface MetaImageWriteOptions {
  /** zlib-compressed data (CompressedData = True), as LUNA16's .zraw. */
  readonly compressed: boolean;
  /** .mha: the data follows the header in the same file (ElementDataFile = LOCAL); else a .mhd and a data file. */
  readonly local: boolean;
}

/** The MetaImage header text of `spec`; world coordinates LPS (ITK's convention). */
export function encodeMetaImageHeader(spec: Omit<NiftiImageSpec, 'data'>, o: MetaImageWriteOptions & { dataFile: string; compressedBytes?: number }): string {
  const { columns, origin } = gridIn(spec, 'LPS', 'MetaImage');
  const spacing = columns.map((c) => Math.hypot(c[0], c[1], c[2]));
  const matrix = columns.flatMap((c, a) => c.map((x) => x / spacing[a]));
  const lines = [
    'ObjectType = Image', 'NDims = 3', 'BinaryData = True',
    `BinaryDataByteOrderMSB = ${spec.littleEndian ?? true ? 'False' : 'True'}`,
    `CompressedData = ${o.compressed ? 'True' : 'False'}`,
    ...(o.compressedBytes !== undefined ? [`CompressedDataSize = ${o.compressedBytes}`] : []),
    `TransformMatrix = ${matrix.map(num).join(' ')}`, `Offset = ${origin.map(num).join(' ')}`,
    'CenterOfRotation = 0 0 0', 'AnatomicalOrientation = RAI',
    `ElementSpacing = ${spacing.map(num).join(' ')}`, `DimSize = ${spec.dims.join(' ')}`,
    `ElementType = ${metaImageTypeName(spec.datatype)}`, `ElementDataFile = ${o.dataFile}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Writes `file` (.mha, or .mhd with its .raw/.zraw); returns the files written, header first. */
export async function writeMetaImage(file: string, spec: NiftiImageSpec, o: MetaImageWriteOptions): Promise<string[]> {
  let data: Uint8Array = encodeVoxels(spec.datatype, spec.data, spec.littleEndian ?? true);
  if (o.compressed) data = await promisify(deflate)(data);
  const compressedBytes = o.compressed ? data.length : undefined;
  if (o.local) {
    const header = encodeMetaImageHeader(spec, { ...o, dataFile: 'LOCAL', compressedBytes });
    await writeFile(file, Buffer.concat([Buffer.from(header, 'latin1'), data]));
    return [file];
  }
  const dataName = `${path.basename(file).replace(/\.mhd$/, '')}.${o.compressed ? 'zraw' : 'raw'}`;
  const dataPath = path.join(path.dirname(file), dataName);
  await writeFile(dataPath, data);
  await writeFile(file, encodeMetaImageHeader(spec, { ...o, dataFile: dataName, compressedBytes }), 'latin1');
  return [file, dataPath];
}
