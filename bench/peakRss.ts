/** Peak resident memory of a whole cohort run, measured in a child process per cohort (bench/cohortChild.ts). */
import { spawn } from 'node:child_process';
import { REPO_ROOT, scriptArgs } from './benchPaths.js';

export interface PeakRss {
  readonly scans: number;
  readonly wallMs: number;
  readonly maxRssMb: number;
}

export function measurePeakRss(files: readonly string[], workers: number, maxScans: number, preset: string): Promise<PeakRss> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...scriptArgs('cohortChild'), String(workers), String(maxScans), preset, ...files], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`cohort child exited ${code}: ${err.trim()}`));
      const r = JSON.parse(out.trim().split('\n').pop()!) as { scans: number; wallMs: number; maxRssKb: number };
      resolve({ scans: r.scans, wallMs: r.wallMs, maxRssMb: r.maxRssKb / 1024 });
    });
  });
}
