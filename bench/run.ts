/**
 * `npm run bench`: full-size phantom scans (cached), then in one run the serial gunzip floor of those files,
 * lungflow's cohort wall time with 1 and 2 workers, the ratio to the floor, scans/hour, ms per slice per stage
 * (p50/p95) and peak RSS for a 1-scan vs an N-scan cohort. Prints a table, writes bench/results/<timestamp>.json.
 * A benchmark, not a test: nothing here asserts a time.
 *
 *   npm run bench                       # build, then 10 scans of 512x512x300 int16 .nii.gz, compiled code
 *   npm run bench -- --quick            # 256x256x120 scans: a fast smoke run
 *   npm run bench -- --scans 4 --workers 2 --rss-scans 0
 *   npx tsx bench/run.ts --quick        # the same from the TypeScript sources (workers load through tsx)
 *   npm run bench -- --small            # per-scan overhead: 2,000 single-slice files (and 200), 2 workers
 *   npm run bench -- --small --small-count 500
 *   npm run bench -- --dicom            # DICOM cohorts (uncompressed, JPEG lossless, JPEG 2000) beside .nii.gz: bench/dicom.ts
 *   npm run bench -- --dicom --dicom-shape 512,512,100 --dicom-scans 2
 * The machine is shared: compare figures within one run (ratios), and look at the CPU column, which other
 * processes disturb far less than wall time; the load average at start and end is in the header.
 */
import { cpus, loadavg } from 'node:os';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { presets, DEFAULT_PRESET } from '../pipeline.config.js';
import { TIMED_STAGES } from '../src/config/stageOrder.js';
import { ensureBenchScans, FULL_SIZE, QUICK_SIZE } from './scanCache.js';
import { measureGunzipFloor } from './gunzipFloor.js';
import { timeCohort, type CohortTiming } from './cohortTiming.js';
import { measurePeakRss, type PeakRss } from './peakRss.js';
import { cohortRow, formatReport, stageRows, type BenchReport } from './benchReport.js';
import { COMPILED, RESULTS_DIR, scriptArgs } from './benchPaths.js';
import { spawn } from 'node:child_process';
import { benchSmallFiles, formatSmallFiles } from './smallFiles.js';

const { values } = parseArgs({
  options: {
    scans: { type: 'string', default: '10' },
    quick: { type: 'boolean', default: false },
    workers: { type: 'string', default: '1,2' },
    'max-scans': { type: 'string', default: '2' },
    preset: { type: 'string', default: DEFAULT_PRESET },
    'rss-scans': { type: 'string', default: '10' },
    out: { type: 'string' },
    small: { type: 'boolean', default: false },
    'small-count': { type: 'string', default: '2000' },
    dicom: { type: 'boolean', default: false },
    'dicom-shape': { type: 'string', default: '512,512,100' },
    'dicom-scans': { type: 'string', default: '2' },
  },
});

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const positiveInt = (name: string, v: string, min = 1): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number >= ${min}, got ${v}`);
  return n;
};

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg()[0];
  if (values.small) return smallFiles(startedAt, loadAtStart);
  if (values.dicom) return dicomCohorts();
  const scans = positiveInt('scans', values.scans!);
  const rssScans = positiveInt('rss-scans', values['rss-scans']!, 0);
  const workerCounts = values.workers!.split(',').map((w) => positiveInt('workers', w));
  const maxScans = positiveInt('max-scans', values['max-scans']!);
  const preset = values.preset!;
  const config = presets[preset];
  if (!config) throw new Error(`unknown preset ${preset}`);
  const params = values.quick ? QUICK_SIZE : FULL_SIZE;

  log(`scans: ${Math.max(scans, rssScans)} x ${params.shape.join('x')} (cached under bench/.cache)`);
  const all = await ensureBenchScans(params, Math.max(scans, rssScans), log);
  const files = all.slice(0, scans);
  let gzBytes = 0;
  for (const f of files) gzBytes += (await stat(f)).size;

  log('gunzip floor');
  const floor = await measureGunzipFloor(files);
  const cohorts: CohortTiming[] = [];
  for (const workers of workerCounts) {
    log(`cohort --workers ${workers} --max-scans ${maxScans}`);
    cohorts.push(await timeCohort(files, { workers, maxScans, preset }));
  }
  const peakRss: PeakRss[] = [];
  if (rssScans > 0) {
    const w = Math.max(...workerCounts);
    for (const n of [...new Set([1, rssScans])]) {
      log(`peak RSS: ${n}-scan cohort in a child process (--workers ${w})`);
      peakRss.push(await measurePeakRss(all.slice(0, n), w, maxScans, preset));
    }
  }

  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    command: commandLine(process.argv.slice(2)),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', node: process.version, load1: [loadAtStart, loadavg()[0]] },
    code: COMPILED ? 'compiled (dist)' : 'TypeScript sources (tsx)',
    preset,
    scan: { shape: params.shape, spacingMm: params.spacingMm, datatype: params.datatype, orientation: params.orientation, gzBytes, slices: params.shape[2] },
    scans,
    gunzip: { ...floor, perScanMs: floor.floor.ms / scans },
    cohorts: cohorts.map((c) => cohortRow(c, floor.floor.ms, scans)),
    stages: stageRows(TIMED_STAGES[config.kind], cohorts, params.shape[2]),
    peakRss,
  };
  const text = formatReport(report);
  process.stdout.write(`${text}\n`);
  const outDir = values.out ?? RESULTS_DIR;
  await mkdir(outDir, { recursive: true });
  const file = `${outDir.replace(/\/$/, '')}/${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  await writeFile(file, `${JSON.stringify({ ...report, table: text }, null, 1)}\n`);
  log(`wrote ${file}`);
}

async function smallFiles(startedAt: Date, loadAtStart: number): Promise<void> {
  const count = positiveInt('small-count', values['small-count']!);
  const workers = positiveInt('workers', values.workers === '1,2' ? '2' : values.workers!);
  const { source, rows } = await benchSmallFiles(count, workers, log);
  const load = `load ${loadAtStart.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
  const text = `per-scan overhead: single-slice files (${source}), --workers ${workers}, ${COMPILED ? 'compiled' : 'sources'}; ${load}\n${formatSmallFiles(rows)}`;
  process.stdout.write(`${text}\n`);
  const outDir = values.out ?? RESULTS_DIR;
  await mkdir(outDir, { recursive: true });
  const file = `${outDir.replace(/\/$/, '')}/small-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  await writeFile(file, `${JSON.stringify({ startedAt: startedAt.toISOString(), command: commandLine(process.argv.slice(2)), workers, rows, table: text }, null, 1)}\n`);
  log(`wrote ${file}`);
}

function commandLine(args: readonly string[]): string {
  if (COMPILED) return `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
  return `npx tsx bench/run.ts${args.length ? ` ${args.join(' ')}` : ''}`;
}

/**
 * The same volumes as .nii.gz and as DICOM series (uncompressed; JPEG lossless and JPEG 2000 re-encoded by gdcmconv
 * when it is installed), each read, decoded and measured on one thread as a worker does, against the bare cost of
 * reading (gunzip; the files) or decoding (compressed frames) them. In a child process: it prints its own table.
 */
async function dicomCohorts(): Promise<void> {
  const args = [...scriptArgs('dicom'), '--shape', values['dicom-shape']!, '--scans', values['dicom-scans']!, '--j2k'];
  const code = await new Promise<number>((resolve, reject) => {
    spawn(process.execPath, args, { stdio: 'inherit' }).on('error', reject).on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`bench/dicom exited ${code}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
