import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDicomFileHeader } from '../../../src/readers/dicom/fileHeader.js';
import { encodeDicomSlice } from '../../../src/readers/dicom/write.js';
import { sniffFile } from '../../../src/readers/sniff.js';
import { openVolume } from '../../../src/readers/openVolume.js';
import { tempDir } from '../nifti/fixtures.js';
import { CANONICAL, openFolder, readAll, rejection, slice, writeSeries } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** A good two-slice series in its own folder with `bad` as a third file (named c.dcm). */
function seriesWith(name: string, bad: Uint8Array | string): { dir: string; file: string } {
  const dir = join(tmp.dir, name);
  writeSeries(dir, [slice({ k: 0 }), slice({ k: 1 })], ['a.dcm', 'b.dcm']);
  const file = join(dir, 'c.dcm');
  writeFileSync(file, bad);
  return { dir, file };
}

/** The bytes of a good third slice, and where its pixel data starts (the last element: 7FE0,0010 OW). */
function third(): { bytes: Uint8Array; pixelStart: number } {
  const bytes = encodeDicomSlice(slice({ k: 2 }));
  return { bytes, pixelStart: bytes.length - 24 * 20 * 2 };
}

describe('a malformed DICOM corpus gets exact errors', () => {
  it('a file cut inside its header', async () => {
    const { bytes } = third();
    const { dir, file } = seriesWith('cut-header', bytes.subarray(0, 400));
    const e = await rejection(openFolder(dir));
    expect(e?.code).toBe('truncated');
    expect(e?.message).toBe(`${file} is truncated: the file ends after 400 bytes, inside its header (before the pixel data)`);
  });

  it('a file truncated inside its pixel data', async () => {
    const { bytes, pixelStart } = third();
    const { dir, file } = seriesWith('truncated', bytes.subarray(0, pixelStart + 100));
    const source = await openFolder(dir);
    const e = await rejection(readAll(source));
    expect(e?.code).toBe('truncated');
    expect(e?.message).toBe(`${file} is truncated: the file ends after ${pixelStart + 100} bytes, inside its pixel data`);
  });

  it('a file with no pixel data fails when the series is opened, before any pixel is read', async () => {
    const { bytes, pixelStart } = third();
    const noPixels = bytes.subarray(0, pixelStart - 12);
    const { dir, file } = seriesWith('no-pixels', noPixels);
    const e = await rejection(openFolder(dir));
    expect(e?.code).toBe('dicom-no-pixel-data');
    expect(e?.message).toBe(`${file} has no Pixel Data element (7FE0,0010)`);
  });

  it('pixel data shorter than Rows x Columns', async () => {
    const short = encodeDicomSlice({ ...slice({ k: 2 }), rows: 20, columns: 24, pixels: new Int16Array(24 * 20) });
    // Declare and hold only 400 of the 480 pixels: rewrite the OW length and cut the file to match.
    const view = new DataView(short.buffer);
    const at = short.length - 960 - 4;
    view.setUint32(at, 800, true);
    const { dir, file } = seriesWith('short', short.subarray(0, short.length - 160));
    const e = await rejection(readAll(await openFolder(dir)));
    expect(e?.code).toBe('dicom-pixel-data-short');
    expect(e?.message).toBe(`${file}: its pixel data holds 800 bytes, 24x20 pixels of 16 bits need 960 bytes (960 bytes)`);
  });

  it('a text file named .dcm is not DICOM', async () => {
    const { dir, file } = seriesWith('text', 'PatientID,Series\nA,1\n');
    expect(await readDicomFileHeader(file)).toBeNull();
    expect(await sniffFile(file)).toBeNull();
    const e = await rejection(openFolder(dir));
    expect(e?.code).toBe('not-dicom');
    expect(e?.message).toBe(`${file} is not DICOM: no 'DICM' at byte 128 and no group 0002/0008 element at its start`);
  });

  it('an unsupported transfer syntax is named by UID and name', async () => {
    const bad = encodeDicomSlice({ ...slice({ k: 2 }), declaredTransferSyntaxUid: '1.2.840.10008.1.2.4.50' });
    const { dir, file } = seriesWith('unsupported', bad);
    const e = await rejection(openFolder(dir));
    expect(e?.code).toBe('unsupported-transfer-syntax');
    expect(e?.message).toBe(`${file} uses transfer syntax 1.2.840.10008.1.2.4.50 (JPEG Baseline (Process 1)), which lungflow cannot decode; convert the series with e.g. \`gdcmconv --raw\``);
  });

  it('a multi-frame image is refused with its own code', async () => {
    const { dir, file } = seriesWith('multiframe', encodeDicomSlice(slice({ k: 2 })));
    // Insert NumberOfFrames (0028,0008) IS "2" before (0028,0010): rebuild is simpler through the header reader's view.
    const bytes = readFileSync(file);
    const rows = bytes.indexOf(Buffer.from([0x28, 0x00, 0x10, 0x00, 0x55, 0x53]));
    const element = Buffer.from([0x28, 0x00, 0x08, 0x00, 0x49, 0x53, 0x02, 0x00, 0x32, 0x20]);
    writeFileSync(file, Buffer.concat([bytes.subarray(0, rows), element, bytes.subarray(rows)]));
    const e = await rejection(openFolder(dir));
    expect(e?.code).toBe('dicom-multiframe');
    expect(e?.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} holds 2 frames \\(NumberOfFrames\\); multi-frame images are not read`));
  });
});

describe('DICOM headers and signatures', () => {
  it('reads the header fields discovery needs, and never the patient name', async () => {
    const dir = join(tmp.dir, 'header');
    const [file] = writeSeries(dir, [slice({ k: 3, seriesDescription: 'CHEST 1.0 B70f', convolutionKernel: 'B70f', kvp: 100 })]);
    const h = await readDicomFileHeader(file);
    expect(h).toEqual({
      path: file, sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '2.25.2003', modality: 'CT',
      seriesInstanceUid: '2.25.1002', studyInstanceUid: '2.25.1001', patientId: 'PHANTOM', seriesDescription: 'CHEST 1.0 B70f',
      imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'], imageOrientationPatient: [1, 0, 0, 0, 1, 0], imagePositionPatient: [-10, -8, 7.5],
      pixelSpacing: [0.7, 0.8], rows: 20, columns: 24, numberOfFrames: 1, transferSyntaxUid: '1.2.840.10008.1.2.1',
      manufacturer: 'lungflow', convolutionKernel: 'B70f', sliceThicknessMm: 2.5, kvp: 100, instanceNumber: 4, hasPixelData: true,
    });
    expect(Object.keys(h!).some((k) => /name|birth/i.test(k))).toBe(false);
    expect(await sniffFile(file)).toBe('dicom');
    // openVolume on one DICOM file: a series of one slice whose path is the file.
    const one = await openVolume(file, CANONICAL);
    expect([one.format, one.path, one.plan.nSlices]).toEqual(['dicom', file, 1]);
    await one.close();
  });

  it('recognises a preamble-less (ACR-NEMA style) file that starts with a group 0008 element, and reads it', async () => {
    const full = encodeDicomSlice(slice({ k: 0 }));
    // Drop the preamble, 'DICM' and the meta group: the data set starts at (0008,0008).
    const start = full.indexOf(0x08, 132);
    const bare = full.subarray(start);
    expect([bare[0], bare[1], bare[2], bare[3]]).toEqual([0x08, 0x00, 0x08, 0x00]);
    const dir = join(tmp.dir, 'bare');
    writeSeries(dir, [slice({ k: 1 })], ['b.dcm']);
    const file = join(dir, 'a.dcm');
    writeFileSync(file, bare);
    expect(await sniffFile(file)).toBe('dicom');
    expect((await readDicomFileHeader(file))?.imagePositionPatient).toEqual([-10, -8, 0]);
    const slices = await readAll(await openFolder(dir));
    expect(slices).toHaveLength(2);
  });
});
