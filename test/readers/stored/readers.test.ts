import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_DATATYPES, type NiftiDatatype } from '../../../src/readers/nifti/datatypes.js';
import { encodeVoxels, writeNifti, type NiftiImageSpec } from '../../../src/readers/nifti/write.js';
import { writeNrrd, encodeNrrdHeader } from '../../../src/readers/nrrd/write.js';
import { writeMetaImage, encodeMetaImageHeader } from '../../../src/readers/metaimage/write.js';
import { openVolume } from '../../../src/readers/openVolume.js';
import { sniffFile } from '../../../src/readers/sniff.js';
import { scanFilesOf } from '../../../src/readers/scanFiles.js';
import type { VolumeSource } from '../../../src/readers/volumeSource.js';
import { tempDir } from '../../helpers/cohortFixtures.js';
import { smallPhantom, writeAllFormats } from './fixtures.js';

const STORED = { spacing: 'geometry', orientation: 'stored' } as const;
const CANONICAL = { spacing: 'geometry', orientation: 'canonical' } as const;

async function allSlices(source: VolumeSource): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for await (const s of source.slices()) out.push(s.hu.slice());
  await source.close();
  return out;
}

/** Values that use each type's range: negatives for signed types, fractions for floats. */
function valuesFor(type: NiftiDatatype, n: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    switch (type) {
      case 'uint8': return (i * 7) % 256;
      case 'int8': return ((i * 7) % 256) - 128;
      case 'uint16': return (i * 977) % 65536;
      case 'int16': return ((i * 977) % 65536) - 32768;
      case 'uint32': return (i * 2_654_435_761) % 4_294_967_296;
      case 'int32': return ((i * 2_654_435_761) % 4_294_967_296) - 2_147_483_648;
      case 'float32': return Math.fround((i - 100) * 1.25e-3 * (i % 3 === 0 ? 1e6 : 1));
      case 'float64': return (i - 100) / 3;
    }
  });
}

describe('NRRD and MetaImage readers', () => {
  const dir = tempDir('lungflow-stored-');
  let files: Record<string, string>;
  beforeAll(async () => {
    files = await writeAllFormats(dir);
  });

  it.each(ALL_DATATYPES.flatMap((t) => [[t, true], [t, false]] as const))('decodes %s (little-endian %s) from every layout', async (type, le) => {
    const dims = [7, 5, 3];
    const data = valuesFor(type, 7 * 5 * 3);
    const spec: NiftiImageSpec = { dims, datatype: type, data, pixdim: [1, 1, 1], littleEndian: le };
    const sub = path.join(dir, `${type}-${le}`);
    mkdirSync(sub);
    const written = [
      ...(await writeNrrd(path.join(sub, 'a.nrrd'), spec, { encoding: 'raw', detached: false })),
      ...(await writeNrrd(path.join(sub, 'b.nhdr'), spec, { encoding: 'gzip', detached: true })).slice(0, 1),
      ...(await writeMetaImage(path.join(sub, 'c.mha'), spec, { compressed: false, local: true })),
      ...(await writeMetaImage(path.join(sub, 'd.mhd'), spec, { compressed: true, local: false })).slice(0, 1),
    ];
    const expected = Float32Array.from(data);
    for (const file of written) {
      const slices = await allSlices(await openVolume(file, STORED));
      expect(slices.length, file).toBe(3);
      slices.forEach((s, k) => expect(Array.from(s), `${file} slice ${k}`).toEqual(Array.from(expected.subarray(k * 35, (k + 1) * 35))));
    }
  });

  it('gives LPS and RAS headers of the same anatomy the same affine and slices as the NIfTI', async () => {
    const nifti = await openVolume(files['phantom.nii.gz'], CANONICAL);
    const reference = await allSlices(nifti);
    for (const name of ['attached-gzip.nrrd', 'ras.nrrd', 'luna.mhd']) {
      const source = await openVolume(files[name], CANONICAL);
      source.geometry.affine.forEach((x, i) => expect(x, `${name} affine[${i}]`).toBeCloseTo(nifti.geometry.affine[i], 4));
      expect(source.plan).toEqual(nifti.plan);
      expect(await allSlices(source)).toEqual(reference);
    }
    expect(readFileSync(files['ras.nrrd'], 'latin1')).toContain('space: right-anterior-superior');
    expect(readFileSync(files['attached-gzip.nrrd'], 'latin1')).toContain('space: left-posterior-superior');
  });

  it('reads non-axis-aligned directions into the affine a NIfTI carries', async () => {
    const base = smallPhantom();
    const [c, s] = [Math.cos(0.3), Math.sin(0.3)];
    const [c2, s2] = [Math.cos(0.15), Math.sin(0.15)];
    // Rotation about z by 0.3 rad, then about x by 0.15 rad, of an LPS-stored grid (x, y negated).
    const r = [[c, -s, 0], [c2 * s, c2 * c, -s2], [s2 * s, s2 * c, c2]];
    const sp = base.pixdim;
    const affine = [
      -r[0][0] * sp[0], -r[0][1] * sp[1], -r[0][2] * sp[2], 120,
      -r[1][0] * sp[0], -r[1][1] * sp[1], -r[1][2] * sp[2], 95,
      r[2][0] * sp[0], r[2][1] * sp[1], r[2][2] * sp[2], -40,
      0, 0, 0, 1,
    ];
    const spec = { ...base, affine };
    const sub = path.join(dir, 'oblique');
    mkdirSync(sub);
    await writeNifti(path.join(sub, 'o.nii'), spec);
    await writeNrrd(path.join(sub, 'o.nrrd'), spec, { encoding: 'raw', detached: false });
    await writeMetaImage(path.join(sub, 'o.mha'), spec, { compressed: false, local: true });
    const nrrd = await openVolume(path.join(sub, 'o.nrrd'), CANONICAL);
    nrrd.geometry.affine.forEach((x, i) => expect(x, `affine[${i}]`).toBeCloseTo(affine[i], 9));
    const header = readFileSync(path.join(sub, 'o.nrrd'), 'latin1');
    const first = /space directions: \(([^)]*)\)/.exec(header)![1].split(',').map(Number);
    expect(first.every((x) => x !== 0)).toBe(true); // oblique: the first axis has a component along every world axis
    const nifti = await openVolume(path.join(sub, 'o.nii'), CANONICAL);
    const reference = await allSlices(nifti);
    for (const source of [nrrd, await openVolume(path.join(sub, 'o.mha'), CANONICAL)]) {
      source.geometry.affine.forEach((x, i) => expect(x).toBeCloseTo(nifti.geometry.affine[i], 4));
      expect(source.spacingMm[0]).toBeCloseTo(4.5, 9);
      expect(source.plan).toEqual(nifti.plan);
      expect(await allSlices(source)).toEqual(reference);
    }
  });

  it('reads detached data as a LIST of slice files and as a %d pattern (NRRD and MetaImage)', async () => {
    const spec = smallPhantom();
    const sub = path.join(dir, 'lists');
    mkdirSync(sub);
    const bytes = encodeVoxels(spec.datatype, spec.data, true);
    const plane = 64 * 64 * 2;
    const names = Array.from({ length: 24 }, (_, k) => `slice${String(k + 1).padStart(3, '0')}.raw`);
    names.forEach((n, k) => writeFileSync(path.join(sub, n), bytes.subarray(k * plane, (k + 1) * plane)));
    writeFileSync(path.join(sub, 'z.zraw'), deflateSync(bytes));
    const nrrd = encodeNrrdHeader(spec, { encoding: 'raw', detached: true, dataFile: 'LIST 2' });
    writeFileSync(path.join(sub, 'list.nhdr'), `${nrrd}${names.join('\n')}\n`);
    writeFileSync(path.join(sub, 'pattern.nhdr'), encodeNrrdHeader(spec, { encoding: 'raw', detached: true, dataFile: 'slice%03d.raw 1 24 1 2' }));
    const mhd = encodeMetaImageHeader(spec, { compressed: false, local: false, dataFile: 'LIST 2D' });
    writeFileSync(path.join(sub, 'list.mhd'), `${mhd}${names.join('\n')}\n`);
    writeFileSync(path.join(sub, 'pattern.mhd'), encodeMetaImageHeader(spec, { compressed: false, local: false, dataFile: 'slice%03d.raw 1 24 1' }));
    const reference = await allSlices(await openVolume(files['phantom.nii.gz'], CANONICAL));
    for (const name of ['list.nhdr', 'pattern.nhdr', 'list.mhd', 'pattern.mhd']) {
      expect(await allSlices(await openVolume(path.join(sub, name), CANONICAL)), name).toEqual(reference);
      expect(await scanFilesOf(path.join(sub, name))).toEqual([path.join(sub, name), ...names.map((n) => path.join(sub, n))]);
    }
  });

  it('tells formats by content: headers are scans, detached data files are not', async () => {
    expect(await sniffFile(files['attached-raw.nrrd'])).toBe('nrrd');
    expect(await sniffFile(files['detached-gzip.nhdr'])).toBe('nrrd');
    expect(await sniffFile(files['luna.mhd'])).toBe('metaimage');
    expect(await sniffFile(files['local.mha'])).toBe('metaimage');
    for (const data of ['detached-raw.raw', 'detached-gzip.raw.gz', 'luna.zraw', 'plain.raw']) {
      expect(await sniffFile(path.join(dir, data)), data).toBeNull();
    }
  });

  it('lists a scan\'s files: the header and its data files', async () => {
    expect(await scanFilesOf(files['detached-gzip.nhdr'])).toEqual([files['detached-gzip.nhdr'], path.join(dir, 'detached-gzip.raw.gz')]);
    expect(await scanFilesOf(files['luna.mhd'])).toEqual([files['luna.mhd'], path.join(dir, 'luna.zraw')]);
    for (const single of ['attached-gzip.nrrd', 'local.mha', 'phantom.nii.gz']) expect(await scanFilesOf(files[single])).toEqual([files[single]]);
    const orphan = path.join(dir, 'orphan.mhd');
    writeFileSync(orphan, readFileSync(files['plain.mhd'], 'latin1').replace('plain.raw', 'nowhere.raw'));
    expect(await scanFilesOf(orphan)).toEqual([orphan]);
  });

  it('takes the first volume of a 4-D file and says so', async () => {
    const spec = smallPhantom();
    const sub = path.join(dir, 'fourd');
    mkdirSync(sub);
    const both = encodeVoxels('int16', [...Array.from(spec.data), ...Array.from(spec.data, (v) => v + 1)], true);
    const header = encodeNrrdHeader(spec, { encoding: 'raw', detached: false })
      .replace('dimension: 3', 'dimension: 4').replace('sizes: 64 64 24', 'sizes: 64 64 24 2')
      .replace(/(space directions: .*)/, '$1 none').replace('kinds: domain domain domain', 'kinds: domain domain domain list');
    writeFileSync(path.join(sub, 'two.nrrd'), Buffer.concat([Buffer.from(header, 'latin1'), both]));
    const source = await openVolume(path.join(sub, 'two.nrrd'), CANONICAL);
    expect(source.notes).toEqual(['4d: measured the first of 2 volumes']);
    expect(await allSlices(source)).toEqual(await allSlices(await openVolume(files['phantom.nii.gz'], CANONICAL)));
  });
});
