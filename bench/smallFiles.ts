/**
 * `npm run bench -- --small`: the per-scan overhead, on a cohort of many single-slice files (the tutorial's own
 * data shape): N links to one 512x512 slice, run by the real CLI (compiled under `npm run bench`) with 2 workers,
 * and the same with N/10, so the peak memory of the long cohort can be set beside the short one's.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePhantomCohort } from '../src/phantom/index.js';
import { REPO_ROOT } from './benchPaths.js';

export interface SmallFilesRow {
  readonly files: number;
  readonly wallMs: number;
  readonly scansPerSecond: number;
  readonly msPerScan: number;
  readonly peakRssMb: number;
  readonly cpuMsPerScan: number;
}

const SEED_SLICE = path.join(REPO_ROOT, '..', 'shared', 'data', 'seed-slices', 'slice001.nii.gz');

/** One 512x512 slice: the tutorial's first slice where ../shared is present, else a one-slice phantom. */
async function oneSlice(dir: string): Promise<string> {
  if (existsSync(SEED_SLICE)) return SEED_SLICE;
  await writePhantomCohort(path.join(dir, 'source'), { count: 1, baseSeed: 1, shape: [512, 512, 1], spacingMm: [0.7, 0.7, 5] });
  return path.join(dir, 'source', 'phantom-0001.nii.gz');
}

function runCli(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'lungflow.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`lungflow exited ${code}: ${err.trim()}`))));
  });
}

export async function benchSmallFiles(count: number, workers: number, log: (line: string) => void): Promise<{ source: string; rows: SmallFilesRow[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lungflow-bench-small-'));
  try {
    const source = await oneSlice(dir);
    const rows: SmallFilesRow[] = [];
    for (const n of [...new Set([Math.max(1, Math.round(count / 10)), count])]) {
      const cohort = path.join(dir, `cohort-${n}`);
      mkdirSync(cohort);
      for (let i = 0; i < n; i++) symlinkSync(source, path.join(cohort, `s${String(i).padStart(5, '0')}.nii.gz`));
      const stats = path.join(dir, `stats-${n}.json`);
      log(`small files: ${n} links to ${path.basename(source)}, --workers ${workers}`);
      await runCli(['run', cohort, '--db', path.join(dir, `r-${n}.duckdb`), '--workers', String(workers), '-q', '--stats', stats]);
      const s = JSON.parse(readFileSync(stats, 'utf8')) as { done: number; wallMs: number; peakRssBytes: number; cpuUserMs: number; cpuSystemMs: number };
      if (s.done !== n) throw new Error(`expected ${n} scans done, got ${s.done}`);
      rows.push({
        files: n,
        wallMs: s.wallMs,
        scansPerSecond: n / (s.wallMs / 1000),
        msPerScan: s.wallMs / n,
        peakRssMb: s.peakRssBytes / 2 ** 20,
        cpuMsPerScan: (s.cpuUserMs + s.cpuSystemMs) / n,
      });
    }
    return { source, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatSmallFiles(rows: readonly SmallFilesRow[]): string {
  const lines = ['| files | wall s | scans / s | ms / scan | CPU ms / scan | peak RSS MB |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(`| ${r.files} | ${(r.wallMs / 1000).toFixed(1)} | ${r.scansPerSecond.toFixed(0)} | ${r.msPerScan.toFixed(1)} | ${r.cpuMsPerScan.toFixed(1)} | ${r.peakRssMb.toFixed(0)} |`);
  }
  return lines.join('\n');
}
