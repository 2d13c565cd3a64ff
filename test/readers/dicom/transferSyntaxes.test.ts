import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDicomFileHeader } from '../../../src/readers/dicom/fileHeader.js';
import { generatePhantom } from '../../../src/phantom/generate.js';
import { writeDicomSeries } from '../../../src/phantom/dicomSeries.js';
import { tempDir } from '../nifti/fixtures.js';
import { filesOf, openFolder, readAll, slice, writeSeries } from './fixtures.js';

const HAVE_GDCMCONV = spawnSync('gdcmconv', ['--version']).status === 0;
const SKIP = 'skipped: gdcmconv (Debian package libgdcm-tools) is not installed';
if (!HAVE_GDCMCONV) console.warn(SKIP);

const tmp = tempDir();
afterAll(() => tmp.remove());

const SYNTAXES = [
  { flag: '--jpeg', uid: '1.2.840.10008.1.2.4.70' },
  { flag: '--jpegls', uid: '1.2.840.10008.1.2.4.80' },
  { flag: '--j2k', uid: '1.2.840.10008.1.2.4.90' },
  { flag: '--rle', uid: '1.2.840.10008.1.2.5' },
  { flag: '--deflated', uid: '1.2.840.10008.1.2.1.99' },
  { flag: '--implicit', uid: '1.2.840.10008.1.2' },
] as const;

/** Unsigned 12-bit CT (intercept -1024, as Siemens and GE store it): a ramp with values 0..4095 and noise-like detail. */
function unsignedSlice(k: number) {
  const px = new Uint16Array(48 * 40);
  for (let i = 0; i < px.length; i++) px[i] = (i * 97 + k * 1237 + ((i * i) % 31)) % 4096;
  return slice({ k, columns: 48, rows: 40, pixels: px, rescaleIntercept: -1024 });
}

/** Signed CT with air at -1024 in the corner (what lungflow's phantoms write). */
function signedSlice(k: number) {
  const px = new Int16Array(48 * 40);
  for (let i = 0; i < px.length; i++) px[i] = ((i * 53 + k * 311) % 3000) - 1024;
  px[0] = -1024;
  return slice({ k, columns: 48, rows: 40, pixels: px });
}

function convert(from: string, to: string, flag: string): void {
  mkdirSync(to, { recursive: true });
  for (const f of filesOf(from)) execFileSync('gdcmconv', [flag, f, join(to, basename(f))]);
}

async function huOf(dir: string): Promise<Float32Array[]> {
  return (await readAll(await openFolder(dir))).map((s) => s.hu);
}

describe.skipIf(!HAVE_GDCMCONV)('every supported transfer syntax gives the HU of the uncompressed series', () => {
  for (const kind of ['unsigned', 'signed'] as const) {
    const source = join(tmp.dir, kind, 'explicit');
    const make = kind === 'unsigned' ? unsignedSlice : signedSlice;
    for (const { flag, uid } of SYNTAXES) {
      it(`${kind} 16-bit, gdcmconv ${flag} (${uid})`, async () => {
        if (!existsSync(source)) writeSeries(source, [0, 1, 2].map(make));
        const dir = join(tmp.dir, kind, flag.slice(2));
        convert(source, dir, flag);
        expect((await readDicomFileHeader(filesOf(dir)[0]))?.transferSyntaxUid).toBe(uid);
        const expected = await huOf(source);
        const got = await huOf(dir);
        expect(got).toHaveLength(3);
        got.forEach((hu, k) => expect(hu).toEqual(expected[k]));
      });
    }
  }
});

describe.skipIf(!HAVE_GDCMCONV)('JPEG lossless of a phantom series (signed, air at -1024 with noise)', () => {
  it('decodes every pixel, the first one included (jpeg-lossless-decoder-js 2.1.2 read some as 0)', async () => {
    const source = join(tmp.dir, 'phantom', 'explicit');
    const { spec } = generatePhantom({ shape: [48, 48, 24], spacingMm: [2.8, 2.8, 4], seed: 1 });
    await writeDicomSeries(source, spec, 'jpeg-regression');
    const dir = join(tmp.dir, 'phantom', 'jpeg');
    convert(source, dir, '--jpeg');
    const expected = await huOf(source);
    const got = await huOf(dir);
    got.forEach((hu, k) => expect(hu).toEqual(expected[k]));
  });
});
