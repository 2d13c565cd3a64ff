/** One small phantom written in every format lungflow reads, and header-and-data files broken in known ways. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { generatePhantom } from '../../../src/phantom/index.js';
import { writeMetaImage } from '../../../src/readers/metaimage/write.js';
import { writeNifti, type NiftiImageSpec } from '../../../src/readers/nifti/write.js';
import { encodeNrrdHeader, writeNrrd } from '../../../src/readers/nrrd/write.js';
import { formatBytes } from '../../../src/readers/errors.js';

export function smallPhantom(seed = 5): NiftiImageSpec {
  return generatePhantom({ shape: [64, 64, 24], spacingMm: [4.5, 4.5, 9], seed, noiseHu: 10 }).spec;
}

/** The same phantom as .nii.gz and every NRRD / MetaImage layout; returns the scan paths (headers) by name. */
export async function writeAllFormats(dir: string, spec: NiftiImageSpec = smallPhantom()): Promise<Record<string, string>> {
  const at = (name: string) => path.join(dir, name);
  await writeNifti(at('phantom.nii.gz'), spec);
  await writeNrrd(at('attached-raw.nrrd'), spec, { encoding: 'raw', detached: false });
  await writeNrrd(at('attached-gzip.nrrd'), spec, { encoding: 'gzip', detached: false });
  await writeNrrd(at('detached-raw.nhdr'), spec, { encoding: 'raw', detached: true });
  await writeNrrd(at('detached-gzip.nhdr'), spec, { encoding: 'gzip', detached: true });
  await writeNrrd(at('ras.nrrd'), spec, { encoding: 'gzip', detached: false, space: 'RAS' });
  await writeMetaImage(at('luna.mhd'), spec, { compressed: true, local: false });
  await writeMetaImage(at('plain.mhd'), spec, { compressed: false, local: false });
  await writeMetaImage(at('local.mha'), spec, { compressed: false, local: true });
  await writeMetaImage(at('local-zlib.mha'), spec, { compressed: true, local: true });
  const names = ['phantom.nii.gz', 'attached-raw.nrrd', 'attached-gzip.nrrd', 'detached-raw.nhdr', 'detached-gzip.nhdr', 'ras.nrrd',
    'luna.mhd', 'plain.mhd', 'local.mha', 'local-zlib.mha'];
  return Object.fromEntries(names.map((n) => [n, at(n)]));
}

/** Broken headers and data, each with the exact error the reader must give. `dir` must hold writeAllFormats' files. */
export function writeMalformed(dir: string, spec: NiftiImageSpec = smallPhantom()): Record<string, { code: string; error: string | RegExp }> {
  const at = (name: string) => path.join(dir, name);
  const header = encodeNrrdHeader(spec, { encoding: 'raw', detached: false });
  const voxels = readFileSync(at('detached-raw.raw'));
  const nrrd = (name: string, text: string, data: Uint8Array = voxels) => writeFileSync(at(name), Buffer.concat([Buffer.from(text, 'latin1'), data]));
  nrrd('no-sizes.nrrd', header.replace(/^sizes: .*\n/m, ''));
  nrrd('short.nrrd', header, voxels.subarray(0, 100_000));
  nrrd('unknown-encoding.nrrd', header.replace('encoding: raw', 'encoding: zip42'));
  nrrd('bzip2.nrrd', header.replace('encoding: raw', 'encoding: bzip2'));
  writeFileSync(at('missing-data.nhdr'), header.replace('\n\n', '\ndata file: gone.raw\n'));
  writeFileSync(at('short-gzip.raw.gz'), gzipSync(voxels).subarray(0, 20_000));
  writeFileSync(at('short-gzip.nhdr'), header.replace('encoding: raw', 'encoding: gzip').replace('\n\n', '\ndata file: short-gzip.raw.gz\n'));
  const mhd = readFileSync(at('plain.mhd'), 'latin1');
  writeFileSync(at('missing-data.mhd'), mhd.replace('ElementDataFile = plain.raw', 'ElementDataFile = gone.zraw'));
  writeFileSync(at('no-dimsize.mhd'), mhd.replace(/^DimSize = .*\n/m, ''));
  writeFileSync(at('short.mha'), readFileSync(at('local.mha')).subarray(0, 50_000));
  writeFileSync(at('bad-type.mhd'), mhd.replace('ElementType = MET_SHORT', 'ElementType = MET_LONG_LONG'));
  const full = 64 * 64 * 24 * 2;
  const local = readFileSync(at('local.mha'), 'latin1');
  const mhaData = local.indexOf('ElementDataFile = LOCAL\n') + 'ElementDataFile = LOCAL\n'.length;
  return {
    'no-sizes.nrrd': { code: 'bad-nrrd-header', error: 'the header has no "sizes" field, which NRRD requires' },
    'short.nrrd': {
      code: 'truncated',
      error: `the data file ${at('short.nrrd')} holds 100000 bytes from byte ${header.length} (${formatBytes(100_000)}), but the header declares 192 KiB of voxels (64x64x24 int16) = ${full} bytes`,
    },
    'unknown-encoding.nrrd': {
      code: 'unsupported-encoding',
      error: '"encoding: zip42" is not a NRRD encoding (NRRD defines raw, ascii, hex, gzip, bzip2; lungflow reads raw and gzip)',
    },
    'bzip2.nrrd': {
      code: 'unsupported-encoding',
      error: '"encoding: bzip2" is not supported (raw and gzip are): re-save it with gzip, e.g. `unu save -f nrrd -e gzip`',
    },
    'missing-data.nhdr': { code: 'missing-data-file', error: `the data file ${at('gone.raw')} (named by "data file" in the header) does not exist` },
    'short-gzip.nhdr': {
      code: 'truncated',
      error: new RegExp(`^${escape(at('short-gzip.raw.gz'))}: the gzip data ends early \\(the compressed file is cut short\\), after \\d+ of the ${full} voxel bytes declared$`),
    },
    'missing-data.mhd': { code: 'missing-data-file', error: `the data file ${at('gone.zraw')} (named by ElementDataFile in the header) does not exist` },
    'no-dimsize.mhd': { code: 'bad-metaimage-header', error: 'the header has no DimSize, which MetaImage requires' },
    'short.mha': {
      code: 'truncated',
      error: `the data file ${at('short.mha')} holds ${50_000 - mhaData} bytes from byte ${mhaData} (${formatBytes(50_000 - mhaData)}), but the header declares 192 KiB of voxels (64x64x24 int16) = ${full} bytes`,
    },
    'bad-type.mhd': {
      code: 'unsupported-datatype',
      error: '"ElementType = MET_LONG_LONG" is not supported; supported: MET_CHAR, MET_UCHAR, MET_SHORT, MET_USHORT, MET_INT, MET_UINT, MET_LONG, MET_ULONG, MET_FLOAT, MET_DOUBLE',
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
