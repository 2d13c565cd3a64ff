import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseNiftiHeader } from '../../src/readers/nifti/header.js';
import { writePhantomCohort, type PhantomTruth } from '../../src/phantom/index.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lungflow-phantom-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writePhantomCohort', () => {
  it('writes images, truth files and a manifest, one seed per subject', async () => {
    const out = path.join(dir, 'lib');
    const seen: string[] = [];
    const files = await writePhantomCohort(out, {
      count: 2, baseSeed: 40, shape: [64, 64, 24], spacingMm: [5.5, 5.5, 12], onFile: (f) => seen.push(f),
    });
    expect(files.map((f) => path.basename(f))).toEqual([
      'phantom-0001.nii.gz', 'phantom-0001.truth.json', 'phantom-0002.nii.gz', 'phantom-0002.truth.json', 'cohort.csv',
    ]);
    expect(seen).toEqual(files);
    expect(readFileSync(path.join(out, 'cohort.csv'), 'utf8')).toBe(
      'path,subject,session\nphantom-0001.nii.gz,phantom-0001,1\nphantom-0002.nii.gz,phantom-0002,1\n',
    );
    const raw = gunzipSync(readFileSync(path.join(out, 'phantom-0002.nii.gz')));
    const h = parseNiftiHeader(raw);
    expect(h.dim.slice(0, 4)).toEqual([3, 64, 64, 24]);
    expect(h.datatype).toBe('int16');
    const truth = JSON.parse(readFileSync(path.join(out, 'phantom-0002.truth.json'), 'utf8')) as PhantomTruth;
    expect(truth.seed).toBe(41);
    expect(truth.slices).toHaveLength(24);
    expect(truth.sliceIndexNote).toMatch(/stored voxel index along axis 2/);
  });
});

describe('lungflow phantom (CLI)', () => {
  it('prints one line per file written and honours encoding options', async () => {
    const out = path.join(dir, 'cli');
    const r = await runCli(['phantom', out, '-n', '1', '--shape', '48,48,16', '--spacing', '7,7,18', '--seed', '9',
      '--encoding', 'uint16', '--orientation', 'ASR', '--nifti-version', '2', '--big-endian', '--no-gz']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => path.basename(l))).toEqual(['phantom-0001.nii', 'phantom-0001.truth.json', 'cohort.csv']);
    const h = parseNiftiHeader(new Uint8Array(readFileSync(path.join(out, 'phantom-0001.nii'))));
    expect(h).toMatchObject({ version: 2, littleEndian: false, datatype: 'uint16', sclInter: -1024 });
    expect(h.dim.slice(1, 4)).toEqual([48, 16, 48]);
  });

  it('refuses bad arguments with a one-line message and exit code 2', async () => {
    const out = path.join(dir, 'bad');
    for (const args of [['--shape', '48,48'], ['--orientation', 'LPX'], ['--coverage', 'half']]) {
      const r = await runCli(['phantom', out, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/shape|orientation|coverage/);
    }
    expect(existsSync(path.join(out, 'cohort.csv'))).toBe(false);
  });
});
