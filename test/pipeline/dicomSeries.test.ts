import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DicomSeriesGrouper } from '../../src/pipeline/discovery/dicomSeries.js';
import { notAScan } from '../../src/pipeline/discovery/notAScan.js';
import { discoverInputs } from '../../src/pipeline/discover.js';
import type { DicomFileHeader } from '../../src/readers/dicom/fileHeader.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { AXIAL, CORONAL, writeSeries } from '../helpers/dicomFixtures.js';

function header(file: string, uid: string, over: Partial<DicomFileHeader> = {}): DicomFileHeader {
  return {
    path: file, sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: `${file}.1`, modality: 'CT', seriesInstanceUid: uid,
    studyInstanceUid: '2.25.1', patientId: 'P', seriesDescription: null, imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    imageOrientationPatient: [...AXIAL], imagePositionPatient: [0, 0, 0], pixelSpacing: [1, 1], rows: 8, columns: 8, numberOfFrames: 1,
    transferSyntaxUid: '1.2.840.10008.1.2.1', manufacturer: null, convolutionKernel: null, sliceThicknessMm: 1, kvp: null,
    instanceNumber: null, hasPixelData: true, ...over,
  };
}

const add = (g: DicomSeriesGrouper, h: DicomFileHeader) => g.add(h, notAScan(h));

describe('grouping DICOM files into series', () => {
  it('completes a series when the walk leaves the parent of its folder, so a series split over sibling folders is one scan', () => {
    const g = new DicomSeriesGrouper({ subject: 's', session: null });
    for (let k = 0; k < 3; k++) add(g, header(`/x/P/S/E/part1/${k}.dcm`, '2.25.7'));
    expect(g.left('/x/P/S/E/part1').scans).toEqual([]);
    for (let k = 3; k < 5; k++) add(g, header(`/x/P/S/E/part2/${k}.dcm`, '2.25.7'));
    expect(g.left('/x/P/S/E/part2').scans).toEqual([]);
    expect(g.left('/x/P/S/E').scans).toEqual([]);
    const { scans } = g.left('/x/P/S');
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ path: '/x/P/S/E', subject: 's', dicom: { seriesInstanceUid: '2.25.7', patientId: 'P' } });
    expect(scans[0].files).toEqual([0, 1, 2].map((k) => `/x/P/S/E/part1/${k}.dcm`).concat([3, 4].map((k) => `/x/P/S/E/part2/${k}.dcm`)));
    expect(g.flush().scans).toEqual([]);
  });

  it('keeps two series of one folder apart, and sets aside a few images of another orientation as localizers', () => {
    const g = new DicomSeriesGrouper({ subject: null, session: null });
    for (let k = 0; k < 10; k++) add(g, header(`/d/f/${k}a.dcm`, '2.25.1'));
    for (let k = 0; k < 2; k++) add(g, header(`/d/f/scout${k}.dcm`, '2.25.1', { imageOrientationPatient: [...CORONAL] }));
    for (let k = 0; k < 6; k++) add(g, header(`/d/f/${k}b.dcm`, '2.25.2'));
    for (let k = 0; k < 4; k++) add(g, header(`/d/f/${k}c.dcm`, '2.25.2', { imageOrientationPatient: [...CORONAL] }));
    const { scans, skipped } = g.left('/d');
    expect(scans.map((s) => [s.path, s.dicom?.seriesInstanceUid, s.files.length])).toEqual([['/d/f', '2.25.1', 10], ['/d/f', '2.25.2', 10]]);
    expect(scans[0].scanId).not.toBe(scans[1].scanId);
    // Four of ten is no scout: a series of mixed orientations, which its reader fails by name.
    expect(skipped).toEqual([{ path: '/d/f', reason: 'localizer', detail: "orientation [1,0,0,0,0,-1] unlike the series' [1,0,0,0,1,0]", nFiles: 2,
      seriesInstanceUid: '2.25.1', modality: 'CT', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' }]);
  });

  it('groups images without a SeriesInstanceUID (an anonymiser stripped it) by folder', () => {
    const g = new DicomSeriesGrouper({ subject: null, session: null });
    for (let k = 0; k < 4; k++) add(g, header(`/e/one/${k}`, '2.25.1', { seriesInstanceUid: null }));
    for (let k = 0; k < 3; k++) add(g, header(`/e/two/${k}`, '2.25.1', { seriesInstanceUid: null }));
    const { scans } = g.flush();
    expect(scans.map((s) => [s.path, s.files.length, s.dicom?.seriesInstanceUid])).toEqual([['/e/one', 4, ''], ['/e/two', 3, '']]);
    expect(scans[0].scanId).not.toBe(scans[1].scanId);
  });

  it('tells what is not a scan from the header', () => {
    const h = (over: Partial<DicomFileHeader>) => notAScan(header('/f.dcm', '2.25.1', over))?.reason ?? null;
    expect(h({})).toBeNull();
    expect(h({ imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'] })).toBe('localizer');
    expect(h({ sopClassUid: '1.2.840.10008.5.1.4.1.1.88.67', modality: 'SR', hasPixelData: false })).toBe('non-image');
    expect(h({ sopClassUid: '1.2.840.10008.5.1.4.1.1.66.4', modality: 'SEG' })).toBe('non-image');
    expect(h({ sopClassUid: '1.2.840.10008.5.1.4.1.1.481.3', modality: 'RTSTRUCT', hasPixelData: false })).toBe('non-image');
    expect(h({ sopClassUid: '1.2.840.10008.5.1.4.1.1.11.1', modality: 'PR', hasPixelData: false })).toBe('non-image');
    expect(h({ sopClassUid: '1.2.840.10008.5.1.4.1.1.7', modality: 'CT' })).toBe('secondary-capture');
    expect(h({ sopClassUid: '1.2.840.10008.5.1.4.1.1.4', modality: 'MR' })).toBe('not-ct');
    expect(h({ sopClassUid: '1.2.840.10008.5.1.4.1.1.128', modality: 'PT' })).toBe('not-ct');
    // A CT image without pixel data is a broken scan (its reader fails it), not something to skip.
    expect(h({ hasPixelData: false })).toBeNull();
  });

  it('hands on the first series of a large export while most of it is still unwalked', async () => {
    const root = tempDir('tcia');
    const patients = 150;
    for (let p = 0; p < patients; p++) writeSeries(root, { seriesUid: `2.25.${p + 1}`, nSlices: 1, size: 8, fileOf: () => `P${p}/S1/A/1-1.dcm` });
    const gen = discoverInputs({ paths: [root], manifest: null });
    const first = await gen.next();
    expect(first.value).toMatchObject({ kind: 'scan' });
    // Folders the walk has not reached yet get a new series now: a walk that had already ended would miss them all.
    for (let p = 0; p < patients; p++) writeSeries(root, { seriesUid: `2.25.9${p}`, nSlices: 1, size: 8, fileOf: () => `P${p}/S1/B/1-1.dcm` });
    const later = [];
    for await (const d of gen) if (d.kind === 'scan') later.push(d.input);
    const original = later.filter((s) => path.basename(s.path) === 'A');
    const added = later.filter((s) => path.basename(s.path) === 'B');
    expect(original).toHaveLength(patients - 1);
    console.log(`series added after the first scan and still found: ${added.length} of ${patients}`);
    expect(added.length).toBeGreaterThan(patients / 2);
  });
});
