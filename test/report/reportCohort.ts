import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writePhantomCohort } from '../../src/phantom/index.js';
import { scanIdFor } from '../../src/pipeline/provenance.js';
import { qcMontagePath } from '../../src/qc/qcCapture.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';

/** The same anatomy (seed 1: its right lung is the larger) stored in several orientations. */
export const ORIENTATIONS = ['LPS', 'RAS', 'LPI', 'ASR'] as const;
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>.nii.gz';
export const HOSTILE_BAD_NAME = '<svg onload=alert(2)>.nii.gz';
export const HOSTILE_SUBJECT = '<b onmouseover=alert(3)>sub</b>';

export interface ReportCohort {
  readonly dir: string;
  readonly db: string;
  readonly out: string;
  /** Every input, by role. */
  readonly byOrientation: Readonly<Record<string, string>>;
  readonly hostile: string;
  readonly bad: readonly string[];
  /** Their --qc montages removed after the run: the report renders them from the masks. */
  readonly masksOnly: readonly string[];
  /** Run with neither --masks nor --qc: no montage, no viewer. */
  readonly bare: string;
  /** byOrientation.LPS's anatomy stored as a DICOM series and as detached NRRD, run with --masks. */
  readonly otherFormats: { readonly dicom: string; readonly nhdr: string };
  readonly nScans: number;
}

const SHAPE = [96, 96, 36] as const;
const SPACING = [3.6, 3.6, 7] as const;

/**
 * A 22-scan cohort of small phantoms with a few bad files and hostile names, run three ways (with --qc and
 * --masks; --masks only; neither), and its report written. Phantoms are generated in this process.
 */
export async function makeReportCohort(): Promise<ReportCohort> {
  const dir = tempDir('report');
  const byOrientation: Record<string, string> = {};
  const good: string[] = [];
  for (const orientation of ORIENTATIONS) {
    const sub = path.join(dir, orientation);
    const files = await writePhantomCohort(sub, { count: 4, baseSeed: 1, shape: SHAPE, spacingMm: SPACING, orientation, noiseHu: 15 });
    const images = files.filter((f) => f.endsWith('.nii.gz'));
    byOrientation[orientation] = images[0];
    good.push(...images);
  }
  const twin = { count: 1, baseSeed: 1, shape: SHAPE, spacingMm: SPACING, orientation: 'LPS', noiseHu: 15 } as const;
  const otherFormats = {
    dicom: (await writePhantomCohort(path.join(dir, 'dicom'), { ...twin, format: 'dicom' }))[0],
    nhdr: (await writePhantomCohort(path.join(dir, 'nhdr'), { ...twin, format: 'nhdr' }))[0],
  };
  const cut = await writePhantomCohort(path.join(dir, 'cut'), { count: 1, baseSeed: 40, shape: SHAPE, spacingMm: SPACING, coverage: 'cut-apex', noiseHu: 15 });
  good.push(cut.find((f) => f.endsWith('.nii.gz'))!);
  const hostile = path.join(dir, HOSTILE_NAME);
  copyFileSync(byOrientation.LPS, hostile);
  const truncated = path.join(dir, 'truncated.nii.gz');
  const whole = readFileSync(byOrientation.RAS);
  writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
  const notNifti = path.join(dir, HOSTILE_BAD_NAME);
  writeFileSync(notNifti, 'not an image <b>bold</b> & "quotes"\n'.repeat(20));

  // 16 orientation phantoms + 1 cut + hostile + 2 bad = 20, and the DICOM and NRRD twins. The last two orientation scans of ASR are run apart.
  const masksOnly = good.slice(-3, -1);
  const bare = good[good.length - 1];
  const first = [...good.filter((g) => g !== bare), otherFormats.dicom, otherFormats.nhdr, hostile, truncated, notNifti];
  const manifest = path.join(dir, 'first.csv');
  writeFileSync(manifest, `path,subject,session\n${first.map((f, i) => `${JSON.stringify(f)},${i === 0 ? HOSTILE_SUBJECT : `sub-${String(i).padStart(2, '0')}`},1`).join('\n')}\n`);
  const db = path.join(dir, 'cohort.duckdb');
  const masks = path.join(dir, 'masks');
  const qc = path.join(dir, 'qc');
  await cli(['run', '--manifest', manifest, '--db', db, '--masks', masks, '--qc', qc, '-q'], 1);
  // As if run with --masks but without --qc: no montage file where the database points (the report renders one).
  for (const f of masksOnly) rmSync(qcMontagePath(qc, scanIdFor(f)));
  await cli(['run', bare, '--db', db, '-q'], 1);
  const out = path.join(dir, 'report');
  await cli(['report', '--db', db, '--out', out], 0);
  return { dir, db, out, byOrientation, hostile, bad: [truncated, notNifti], masksOnly, bare, otherFormats, nScans: first.length + 1 };
}

async function cli(args: string[], expected: number): Promise<void> {
  const r = await runCli(args);
  // A run with failed scans anywhere in the database exits 1.
  if (r.code !== expected && !(expected === 1 && r.code === 0)) throw new Error(`lungflow ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
}
