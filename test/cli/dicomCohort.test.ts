/**
 * A DICOM export as it comes, through the real CLI and a real DuckDB: series found by SeriesInstanceUID wherever
 * their files lie, what is not a scan recorded and not failed, broken files failed with their reader's exact
 * error and nothing else lost, resume per series.
 */
import { readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeDicomSlice } from '../../src/readers/dicom/write.js';
import { scanIdFor } from '../../src/pipeline/provenance.js';
import { idInShard } from '../../src/pipeline/shard.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';
import { needSharedData, sharedFile } from '../helpers/sharedData.js';
import { CORONAL, SR_STORAGE, sliceSpec, withTransferSyntax, writeSeries } from '../helpers/dicomFixtures.js';
import { dbRows } from '../robustness/db.js';

/** A permutation of 0..n-1 (n not a multiple of 7): file names in no order of the slices. */
const shuffled = (k: number, n: number) => String((k * 7) % n).padStart(3, '0');

function writeCohort(root: string): void {
  // TCIA's Patient/Study/Series/*.dcm, names shuffled, a localizer and a stray-orientation scout in the series.
  writeSeries(root, { seriesUid: '2.25.100', nSlices: 10, fileOf: (k) => `tcia/P1/S1/A/1-${shuffled(k, 10)}.dcm` });
  writeSeries(root, { seriesUid: '2.25.100', nSlices: 1, fileOf: () => 'tcia/P1/S1/A/loc.dcm', slice: () => ({ imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'], imageOrientationPatient: [...CORONAL], sopInstanceUid: '2.25.100.99' }) });
  writeSeries(root, { seriesUid: '2.25.100', nSlices: 1, fileOf: () => 'tcia/P1/S1/A/scout.dcm', slice: () => ({ imageOrientationPatient: [...CORONAL], sopInstanceUid: '2.25.100.98' }) });
  // Two series side by side in one flat folder, their names interleaved.
  writeSeries(root, { seriesUid: '2.25.200', nSlices: 10, fileOf: (k) => `flat/IM${shuffled(k, 10)}a.dcm` });
  writeSeries(root, { seriesUid: '2.25.300', nSlices: 10, fileOf: (k) => `flat/IM${shuffled(k, 10)}b.dcm`, lungShiftHu: -40 });
  // One series split over two folders, as some exporters do at 1,000 files.
  writeSeries(root, { seriesUid: '2.25.400', nSlices: 10, fileOf: (k) => `split/E/${k < 6 ? 'part1' : 'part2'}/${k}.dcm` });
  // Not scans: a structured report (no pixel data) and an MR series.
  writeSeries(root, { seriesUid: '2.25.500', nSlices: 1, fileOf: () => 'reports/sr.dcm', slice: () => ({ sopClassUid: SR_STORAGE, modality: 'SR' }) });
  stripPixelData(path.join(root, 'reports/sr.dcm'));
  writeSeries(root, { seriesUid: '2.25.600', nSlices: 3, fileOf: (k) => `mr/${k}.dcm`, slice: () => ({ modality: 'MR', sopClassUid: '1.2.840.10008.5.1.4.1.1.4' }) });
}

/** Each broken in one way, each its own series (or file), beside the good ones. */
function writeMalformed(root: string): void {
  const [cut] = writeSeries(root, { seriesUid: '2.25.700', nSlices: 4, fileOf: (k) => `bad/truncated/${k}.dcm` });
  const bytes = readFileSync(cut);
  writeFileSync(cut, bytes.subarray(0, bytes.length - 1000));
  const [bare] = writeSeries(root, { seriesUid: '2.25.710', nSlices: 4, fileOf: (k) => `bad/no-pixels/${k}.dcm` });
  stripPixelData(bare);
  const [short] = writeSeries(root, { seriesUid: '2.25.720', nSlices: 4, fileOf: (k) => `bad/short/${k}.dcm` });
  shortenPixelData(short);
  mkdirSync(path.join(root, 'bad/text'), { recursive: true });
  writeFileSync(path.join(root, 'bad/text/notes.dcm'), 'exported by hand, see the ticket\n'.repeat(30));
  for (let k = 0; k < 3; k++) {
    mkdirSync(path.join(root, 'bad/jpeg'), { recursive: true });
    writeFileSync(path.join(root, `bad/jpeg/${k}.dcm`), withTransferSyntax(encodeDicomSlice(sliceSpec('2.25.730', k)), '1.2.840.10008.1.2.4.50'));
  }
}

/** Pixel Data is the last element the writer writes: 12 bytes of header and the pixels. */
function stripPixelData(file: string): void {
  const bytes = readFileSync(file);
  const pixelBytes = bytes.readUInt32LE(bytes.length - findPixelTail(bytes) - 4);
  writeFileSync(file, bytes.subarray(0, bytes.length - pixelBytes - 12));
}

function shortenPixelData(file: string): void {
  const bytes = readFileSync(file);
  const lengthAt = bytes.length - findPixelTail(bytes) - 4;
  const pixelBytes = bytes.readUInt32LE(lengthAt);
  const out = Buffer.from(bytes.subarray(0, bytes.length - pixelBytes / 2));
  out.writeUInt32LE(pixelBytes / 2, lengthAt);
  writeFileSync(file, out);
}

/** Bytes after the Pixel Data length field: found from the (7FE0,0010) OW tag. */
function findPixelTail(bytes: Buffer): number {
  const tag = Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x57]);
  const at = bytes.lastIndexOf(tag);
  if (at < 0) throw new Error('no pixel data tag');
  return bytes.length - (at + 12);
}

interface ScanRow { path: string; status: string; error_code: string | null; series_instance_uid: string | null; n_slices: number | null; scan_id: string }

describe('a DICOM export through the CLI', () => {
  it('finds every series wherever its files lie, skips what is not a scan, fails broken series exactly, and resumes per series', async () => {
    const dir = tempDir('dicom-cohort');
    const root = path.join(dir, 'export');
    writeCohort(root);
    writeMalformed(root);
    const db = path.join(dir, 'r.duckdb');
    const run = () => runCli(['run', root, '--db', db, '--workers', '2']);

    const first = await run();
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/4 done, 5 failed, 0 already done, .* 6 files not a scan \(see skipped_inputs\)/);
    const scans = await dbRows<ScanRow>(db, 'SELECT path, status, error_code, series_instance_uid, n_slices, scan_id FROM scans ORDER BY path, series_instance_uid');
    const rel = (p: string) => path.relative(root, p);
    expect(scans.map((s) => [rel(s.path), s.series_instance_uid, s.status, s.error_code, s.n_slices])).toEqual([
      ['bad/jpeg', '2.25.730', 'failed', 'unsupported-transfer-syntax', null],
      ['bad/no-pixels', '2.25.710', 'failed', 'dicom-no-pixel-data', null],
      ['bad/short', '2.25.720', 'failed', 'dicom-pixel-data-short', null],
      ['bad/text/notes.dcm', null, 'failed', 'not-dicom', null],
      ['bad/truncated', '2.25.700', 'failed', 'truncated', null],
      ['flat', '2.25.200', 'done', null, 10],
      ['flat', '2.25.300', 'done', null, 10],
      ['split/E', '2.25.400', 'done', null, 10],
      ['tcia/P1/S1/A', '2.25.100', 'done', null, 10],
    ]);
    // Two series of one folder: one path, two stable ids (from the folder and the series UID).
    const flat = scans.filter((s) => rel(s.path) === 'flat');
    expect(flat.map((s) => s.scan_id)).toEqual(['2.25.200', '2.25.300'].map((uid) => scanIdFor(`${path.join(root, 'flat')}\n${uid}`)));
    const [a] = await dbRows(db, `SELECT format, patient_id, study_instance_uid, series_description, modality, manufacturer, convolution_kernel,
      slice_thickness_mm, kvp, dims, spacing_mm, file_size FROM scans WHERE series_instance_uid = '2.25.100'`);
    expect(a).toMatchObject({
      format: 'dicom', patient_id: 'P-1', study_instance_uid: '2.25.1', series_description: 'series 2.25.100', modality: 'CT',
      manufacturer: 'ACME', convolution_kernel: 'B30f', slice_thickness_mm: 5, kvp: 120, dims: [48, 48, 10], spacing_mm: [6, 6, 5],
    });
    // The failed series still say whose they are; the messages name the file at fault.
    const [trunc] = await dbRows<{ error: string; patient_id: string }>(db, `SELECT error, patient_id FROM scans WHERE series_instance_uid = '2.25.700'`);
    expect(trunc.patient_id).toBe('P-1');
    expect(trunc.error).toContain(path.join(root, 'bad/truncated/0.dcm'));
    expect(await dbRows(db, 'SELECT path, reason, n_files, series_instance_uid, modality FROM skipped_inputs ORDER BY path, reason')).toEqual([
      { path: path.join(root, 'mr'), reason: 'not-ct', n_files: 3, series_instance_uid: '2.25.600', modality: 'MR' },
      { path: path.join(root, 'reports/sr.dcm'), reason: 'non-image', n_files: 1, series_instance_uid: '2.25.500', modality: 'SR' },
      { path: path.join(root, 'tcia/P1/S1/A/loc.dcm'), reason: 'localizer', n_files: 1, series_instance_uid: '2.25.100', modality: 'CT' },
      { path: path.join(root, 'tcia/P1/S1/A/scout.dcm'), reason: 'localizer', n_files: 1, series_instance_uid: '2.25.100', modality: 'CT' },
    ]);

    // Unchanged: every series skipped. Touched without new content: still skipped (the hash decides).
    utimesSync(path.join(root, 'tcia/P1/S1/A/1-003.dcm'), new Date(), new Date('2030-01-01'));
    const again = await run();
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/0 done, 0 failed, 4 already done, 5 failed before/);

    // New content in one file of B, a new slice for C: those two series are recomputed, and only they.
    writeSeries(root, { seriesUid: '2.25.200', nSlices: 1, fileOf: () => `flat/IM005a.dcm`, lungShiftHu: 60, slice: () => ({ ...sliceSpec('2.25.200', (5 * 3) % 10, 48, 5, 60), instanceNumber: 1 }) });
    writeSeries(root, { seriesUid: '2.25.300', nSlices: 11, fileOf: (k) => `flat/IM${String(k).padStart(3, '0')}-new-b.dcm`, slice: (k) => (k < 10 ? { sopInstanceUid: 'skip' } : {}) });
    for (let k = 0; k < 10; k++) rmSync(path.join(root, `flat/IM${String(k).padStart(3, '0')}-new-b.dcm`));
    const third = await run();
    expect(third.code).toBe(1);
    expect(third.stderr).toMatch(/2 done, 0 failed, 2 already done, 5 failed before/);
    const c = await dbRows<{ n_slices: number; n: number }>(db, `SELECT n_slices, (SELECT count(*) FROM scans) AS n FROM scans WHERE series_instance_uid = '2.25.300'`);
    expect(c).toEqual([{ n_slices: 11, n: 9 }]);
    // One row per run for what is not a scan.
    expect(await dbRows(db, 'SELECT count(DISTINCT run_id) AS runs, count(*) AS n FROM skipped_inputs')).toEqual([{ runs: 3, n: 12 }]);

    // merge keys on scan id (two series of one folder both survive) and carries skipped_inputs, once.
    const merged = path.join(dir, 'merged.duckdb');
    const m = await runCli(['merge', '--db', merged, db]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).toMatch(/9 scans taken, 0 already .*, 3 runs added, 12 skipped inputs added/);
    const m2 = await runCli(['merge', '--db', merged, db]);
    expect(m2.stderr).toMatch(/0 scans taken, 9 already .*, 0 runs added, 0 skipped inputs added/);
    const SCANS = 'SELECT * EXCLUDE (lungflow_version) FROM scans ORDER BY scan_id';
    expect(await dbRows(merged, SCANS)).toEqual(await dbRows(db, SCANS));
  });

  it('warns about a folder with nothing to read (a usage error), takes globs with braces, and a shard without scans succeeds', async () => {
    const dir = tempDir('dicom-inputs');
    const root = path.join(dir, 'export');
    writeCohort(root);
    mkdirSync(path.join(dir, 'texts'));
    for (let i = 0; i < 4; i++) writeFileSync(path.join(dir, 'texts', `note-${i}.txt`), 'nothing to see');
    const db = path.join(dir, 'r.duckdb');
    const r = await runCli(['run', path.join(dir, 'texts'), `${root}/{flat,split}/**/*.dcm`, '--db', db, '--workers', '2']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`[lungflow] warning: ${path.join(dir, 'texts')}: 4 files, none NIfTI, DICOM, NRRD or MetaImage`);
    expect(r.stderr).toContain(`lungflow: no scan in ${path.join(dir, 'texts')}: 4 files, none NIfTI, DICOM, NRRD or MetaImage`);
    expect(r.stderr).toMatch(/3 done, 0 failed/);

    const flatIds = ['2.25.200', '2.25.300'].map((uid) => scanIdFor(`${path.join(root, 'flat')}\n${uid}`));
    const emptyShard = [1, 2, 3].find((k) => flatIds.every((id) => !idInShard(id, { index: k, count: 3 })))!;
    const s = await runCli(['run', path.join(root, 'flat'), '--db', path.join(dir, 's.duckdb'), '--shard', `${emptyShard}/3`]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stderr).toMatch(/0 done, 0 failed/);
  });
});

const realExports = needSharedData('real DICOM exports through the CLI', 'realct/cptac-lscc-C3N-00247-dlwpt', 'totalsegmentator/example_ct_dicom');

describe.skipIf(realExports.skip)(realExports.title, () => {
  it('CPTAC: one scan whose slices equal those of its NIfTI conversion; TotalSegmentator (no UIDs at all): one series', async () => {
    const dir = tempDir('dicom-real');
    const db = path.join(dir, 'r.duckdb');
    const cptac = sharedFile('realct', 'cptac-lscc-C3N-00247-dlwpt');
    const totalseg = sharedFile('totalsegmentator', 'example_ct_dicom');
    const r = await runCli(['run', path.join(cptac, 'dicom'), path.join(cptac, 'ct.nii.gz'), totalseg, '--db', db, '--workers', '2', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const scans = await dbRows<{ path: string; format: string; n_slices: number; series_instance_uid: string | null }>(
      db, 'SELECT path, format, n_slices, series_instance_uid FROM scans ORDER BY path');
    expect(scans).toEqual([
      { path: path.join(cptac, 'ct.nii.gz'), format: 'nifti', n_slices: 99, series_instance_uid: null },
      { path: path.join(cptac, 'dicom'), format: 'dicom', n_slices: 99, series_instance_uid: expect.stringMatching(/^1\.3\.6\.1\.4\.1\.14519\./) },
      { path: totalseg, format: 'dicom', n_slices: 20, series_instance_uid: null },
    ]);
    const SLICES = (format: string) => `SELECT l.* EXCLUDE (scan_id) FROM slices l JOIN scans s USING (scan_id)
      WHERE s.format = '${format}' AND s.path LIKE '${cptac}%' ORDER BY slice_index`;
    const dicom = await dbRows(db, SLICES('dicom'));
    expect(dicom).toHaveLength(99);
    expect(dicom).toEqual(await dbRows(db, SLICES('nifti')));
  });
});
