/**
 * Two builds of lungflow timed against each other on the same inputs, alternating, so that the machine's drift
 * falls on both alike: `lungflow run INPUTS --workers W --stats` of each build on a fresh database, PAIRS times, then
 * each pair's ratio (after / before) of wall time and of CPU time (user + system, every thread), and their medians.
 * Each build should be compiled (`npx tsc -p tsconfig.json` in its folder), or it runs from its sources.
 *   npx tsx bench/buildPairs.ts BEFORE_DIR AFTER_DIR INPUTS [PAIRS] [WORKERS]
 *   git worktree add ../before 2880ae0 && ln -s "$PWD/node_modules" ../before/ && (cd ../before && npx tsc -p tsconfig.json)
 *   npx tsx bench/buildPairs.ts ../before . ../cohort30 8 2
 * (../cohort30: 30 links, 10 to each of the 512 x 512 x 300 phantoms `npm run bench` caches under bench/.cache.)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface RunTime {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly done: number;
}

async function timeRun(build: string, inputs: string, workers: number, scratch: string): Promise<RunTime> {
  const db = join(scratch, `${Date.now()}.duckdb`);
  const stats = join(scratch, 'stats.json');
  await run(process.execPath, [join(build, 'bin', 'lungflow.js'), 'run', inputs, '--db', db, '--workers', String(workers), '--stats', stats, '-q'], {
    cwd: build,
    maxBuffer: 64 * 1024 * 1024,
  });
  const s = JSON.parse(readFileSync(stats, 'utf8')) as { wallMs: number; cpuUserMs: number; cpuSystemMs: number; done: number };
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  return { wallMs: s.wallMs, cpuMs: s.cpuUserMs + s.cpuSystemMs, done: s.done };
}

function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

async function main(): Promise<void> {
  const [beforeArg, afterArg, inputsArg, pairsArg = '8', workersArg = '2'] = process.argv.slice(2);
  if (!beforeArg || !afterArg || !inputsArg) throw new Error('usage: npx tsx bench/buildPairs.ts BEFORE_DIR AFTER_DIR INPUTS [PAIRS] [WORKERS]');
  const [before, after, inputs] = [beforeArg, afterArg, inputsArg].map((p) => resolve(p));
  const pairs = Number(pairsArg), workers = Number(workersArg);
  const scratch = mkdtempSync(join(tmpdir(), 'lungflow-pairs-'));
  const wall: number[] = [], cpu: number[] = [];
  try {
    console.log(`before ${before}\nafter  ${after}\ninputs ${inputs}, --workers ${workers}\n`);
    console.log('pair  scans   before ms/scan  after ms/scan   wall ×   CPU ×');
    for (let i = 1; i <= pairs; i++) {
      const b = await timeRun(before, inputs, workers, scratch);
      const a = await timeRun(after, inputs, workers, scratch);
      if (a.done !== b.done || a.done === 0) throw new Error(`pair ${i}: before measured ${b.done} scans, after ${a.done}`);
      wall.push(a.wallMs / b.wallMs);
      cpu.push(a.cpuMs / b.cpuMs);
      console.log(`${String(i).padStart(4)}  ${String(a.done).padStart(5)}   ${(b.wallMs / b.done).toFixed(0).padStart(14)}  ${(a.wallMs / a.done).toFixed(0).padStart(13)}   ${wall[i - 1].toFixed(3)}   ${cpu[i - 1].toFixed(3)}`);
    }
    const range = (v: number[]) => `${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)}`;
    console.log(`\nwall: median ${median(wall).toFixed(3)}× (${range(wall)});  CPU: median ${median(cpu).toFixed(3)}× (${range(cpu)})`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
