import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { gridIn, num } from '../headerSpec.js';
import { encodeVoxels, type NiftiImageSpec } from '../nifti/write.js';
import type { PatientSpace } from '../worldGeometry.js';

const NRRD_TYPES = { uint8: 'uint8', int8: 'int8', int16: 'int16', uint16: 'uint16', int32: 'int32', uint32: 'uint32', float32: 'float', float64: 'double' } as const;
const SPACE_NAMES: Record<PatientSpace, string> = { LPS: 'left-posterior-superior', RAS: 'right-anterior-superior', LAS: 'left-anterior-superior' };

export interface NrrdWriteOptions {
  readonly encoding: 'raw' | 'gzip';
  /** Write `<name>.nhdr` and the data beside it (`<name>.raw` or `.raw.gz`) instead of one `.nrrd`. */
  readonly detached: boolean;
  /** Default LPS, as Slicer and the CIP write. */
  readonly space?: PatientSpace;
}

/** The NRRD header text of `spec` (ends with the blank line when the data is attached). */
export function encodeNrrdHeader(spec: Omit<NiftiImageSpec, 'data'>, o: NrrdWriteOptions & { dataFile?: string }): string {
  const space = o.space ?? 'LPS';
  const { columns, origin } = gridIn(spec, space, 'NRRD');
  const vec = (v: number[]) => `(${v.map(num).join(',')})`;
  const lines = [
    'NRRD0004', '# written by lungflow phantom',
    `type: ${NRRD_TYPES[spec.datatype]}`, 'dimension: 3', `space: ${SPACE_NAMES[space]}`, `sizes: ${spec.dims.join(' ')}`,
    `space directions: ${columns.map(vec).join(' ')}`, 'kinds: domain domain domain',
    ...(spec.datatype.endsWith('8') ? [] : [`endian: ${spec.littleEndian ?? true ? 'little' : 'big'}`]),
    `encoding: ${o.encoding}`, `space origin: ${vec(origin)}`,
    ...(o.dataFile ? [`data file: ${o.dataFile}`] : []),
  ];
  return `${lines.join('\n')}\n${o.dataFile ? '' : '\n'}`;
}

/** Writes `file` (.nrrd, or .nhdr with its data file when detached); returns the files written, header first. */
export async function writeNrrd(file: string, spec: NiftiImageSpec, o: NrrdWriteOptions): Promise<string[]> {
  let data: Uint8Array = encodeVoxels(spec.datatype, spec.data, spec.littleEndian ?? true);
  if (o.encoding === 'gzip') data = await promisify(gzip)(data);
  if (!o.detached) {
    await writeFile(file, Buffer.concat([Buffer.from(encodeNrrdHeader(spec, o), 'latin1'), data]));
    return [file];
  }
  const dataName = `${path.basename(file).replace(/\.nhdr$/, '')}.raw${o.encoding === 'gzip' ? '.gz' : ''}`;
  const dataPath = path.join(path.dirname(file), dataName);
  await writeFile(dataPath, data);
  await writeFile(file, encodeNrrdHeader(spec, { ...o, dataFile: dataName }), 'latin1');
  return [file, dataPath];
}
