/**
 * The DICOM cohort benchmark: the same phantom volumes as .nii.gz, as uncompressed DICOM series (explicit VR LE)
 * and as JPEG lossless series (gdcmconv --jpeg; --j2k adds JPEG 2000), each measured by the `default` preset on one
 * thread as a worker does it (read, every slice's chain, the scan's assembly). Reports per scan: the wall time,
 * scans/hour for one worker, and the ratio to the bare cost of the same files — reading them (uncompressed DICOM),
 * reading and decoding their frames (compressed), gunzip (NIfTI). A benchmark, not a test; kept out of CI.
 *
 *   npx tsx bench/dicom.ts                          # 2 scans of 512x512x100
 *   npx tsx bench/dicom.ts --shape 256,256,60 --scans 1 --j2k
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { defaultPreset } from '../pipeline.config.js';
import { generatePhantom } from '../src/phantom/index.js';
import { writeDicomSeries } from '../src/phantom/dicomSeries.js';
import { decodeFrame } from '../src/readers/dicom/codecs.js';
import { parseDicomBytes } from '../src/readers/dicom/parse.js';
import { pixelFormatOf } from '../src/readers/dicom/pixelFormat.js';
import { openDicomSeries } from '../src/readers/dicom/series.js';
import { pixelEncodingOf } from '../src/readers/dicom/transferSyntax.js';
import { openVolume } from '../src/readers/openVolume.js';
import { fileTarget } from '../src/readers/scanTarget.js';
import { writeNifti } from '../src/readers/nifti/write.js';
import type { VolumeSource } from '../src/readers/volumeSource.js';
import { measureScan, runSliceTask } from '../src/worker.js';
import type { SliceTaskResult } from '../src/scanTask.js';

const { values } = parseArgs({ options: { shape: { type: 'string', default: '512,512,100' }, scans: { type: 'string', default: '2' }, j2k: { type: 'boolean', default: false } } });
const shape = values.shape!.split(',').map(Number) as [number, number, number];
const nScans = Number(values.scans);
const log = (line: string) => process.stderr.write(`[bench:dicom] ${line}\n`);

interface Cohort { readonly name: string; readonly scans: string[]; readonly open: (scan: string) => Promise<VolumeSource>; readonly bare: (scan: string) => Promise<void> }

const files = (dir: string) => readdirSync(dir).sort().map((f) => join(dir, f));
const openSeries = (dir: string) => openDicomSeries({ folder: dir, seriesUid: '', files: files(dir) }, defaultPreset.read);

async function decodeOnly(dir: string): Promise<void> {
  for (const f of files(dir)) {
    const ds = parseDicomBytes(readFileSync(f), f, false);
    const format = pixelFormatOf(ds, f);
    const el = ds.elements.x7fe00010;
    const { default: dicomParser } = await import('dicom-parser');
    const frame = dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments!.length);
    const encoding = pixelEncodingOf(ds.string('x00020010')!)!;
    await decodeFrame(encoding as 'jpeg-lossless', frame, { rows: format.rows, columns: format.columns, bytesPerPixel: 2, bitsStored: format.bitsStored, signed: format.signed }, f);
  }
}

async function measureOnce(source: VolumeSource): Promise<void> {
  const results: SliceTaskResult[] = [];
  try {
    for await (const slice of source.slices()) results[slice.index] = runSliceTask({ config: defaultPreset, slice, keepMasks: false, timeStages: false, scanPath: source.path });
    await measureScan(defaultPreset, source, results, null, () => {}, []);
  } finally {
    await source.close();
  }
}

async function timeEach(scans: readonly string[], work: (scan: string) => Promise<void>): Promise<number> {
  const t = performance.now();
  for (const s of scans) await work(s);
  return (performance.now() - t) / 1000 / scans.length;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'lungflow-bench-dicom-'));
  const haveGdcm = spawnSync('gdcmconv', ['--version']).status === 0;
  try {
    const nifti: string[] = [], raw: string[] = [], jpeg: string[] = [], j2k: string[] = [];
    for (let i = 0; i < nScans; i++) {
      const { spec } = generatePhantom({ shape, spacingMm: [0.7, 0.7, 1], seed: i + 1 });
      const nii = join(root, `p${i}.nii.gz`);
      await writeNifti(nii, spec);
      nifti.push(nii);
      const dir = join(root, `p${i}-dicom`);
      await writeDicomSeries(dir, spec, `bench-${i}`);
      raw.push(dir);
      for (const [flag, list] of [['--jpeg', jpeg], ...(values.j2k ? [['--j2k', j2k] as const] : [])] as const) {
        if (!haveGdcm) continue;
        const out = join(root, `p${i}${flag}`);
        mkdirSync(out);
        for (const f of files(dir)) execFileSync('gdcmconv', [flag, f, join(out, basename(f))]);
        list.push(out);
      }
    }
    if (!haveGdcm) log('gdcmconv not found: the compressed cohorts are left out');
    const cohorts: Cohort[] = [
      { name: '.nii.gz', scans: nifti, open: (s) => openVolume(fileTarget(s), defaultPreset.read), bare: async (s) => { gunzipSync(readFileSync(s)); } },
      { name: 'DICOM explicit VR LE', scans: raw, open: openSeries, bare: async (s) => { for (const f of files(s)) readFileSync(f); } },
      ...(jpeg.length ? [{ name: 'DICOM JPEG lossless', scans: jpeg, open: openSeries, bare: decodeOnly }] : []),
      ...(j2k.length ? [{ name: 'DICOM JPEG 2000', scans: j2k, open: openSeries, bare: decodeOnly }] : []),
    ];
    // Warm up (module loading, WASM compilation) on one scan of each cohort before timing.
    for (const c of cohorts) await measureOnce(await c.open(c.scans[0]));
    log(`load ${loadavg()[0].toFixed(1)} at start; ${nScans} scan(s) of ${shape.join('x')} per cohort, one thread`);
    const rows: string[] = ['| cohort | s / scan | scans / hour (1 worker) | bare s / scan | × bare |', '|---|---|---|---|---|'];
    for (const c of cohorts) {
      const bare = await timeEach(c.scans, c.bare);
      const full = await timeEach(c.scans, async (s) => measureOnce(await c.open(s)));
      rows.push(`| ${c.name} | ${full.toFixed(3)} | ${Math.round(3600 / full)} | ${bare.toFixed(3)} | ${(full / bare).toFixed(2)} |`);
    }
    log(`load ${loadavg()[0].toFixed(1)} at end`);
    process.stdout.write(`${rows.join('\n')}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
