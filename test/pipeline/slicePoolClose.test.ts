import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { settle } from '../helpers/cli.js';

const fromDist = process.env.LUNGFLOW_TEST_DIST === '1';

/**
 * Closing the pool while its workers are still loading their code must not take the process down. With Node's
 * require(esm) a worker terminated while Piscina's require() was linking the worker's modules aborted the process
 * ("FATAL ERROR: v8::Module::IsGraphAsync"): an empty shard or an already finished cohort exited 134 about one run
 * in twenty. The window is a few milliseconds just before a fresh worker can take its first task, so the script
 * first times that (a task on a missing file) and then closes fresh pools at 0.6-1.1 times it. Before the fix, 50
 * such closes crashed 5 loops out of 8; this test makes 80.
 */
describe('closing the slice pool', () => {
  it('while its workers are still loading leaves the process alive, 80 times in a row', async () => {
    const module = (file: string) => JSON.stringify(new URL(`../../${fromDist ? 'dist/' : ''}${file}${fromDist ? '.js' : '.ts'}`, import.meta.url).href);
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'lungflow-pool-')), 'startClose.mjs');
    writeFileSync(
      script,
      `import { SlicePool } from ${module('src/pipeline/slicePool')};
import { fileTarget } from ${module('src/readers/scanTarget')};
import { defaultPreset } from ${module('pipeline.config')};
const start = () => SlicePool.start({ workers: 2, workerHeapMb: 512 });
const untilFirstTask = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const pool = await start();
  const task = { config: defaultPreset, target: fileTarget('/nonexistent/scan.nii.gz'), masks: null, timeStages: false, progress: new Int32Array(new SharedArrayBuffer(8)) };
  const result = await pool.runScan(task);
  if (result.ok) throw new Error('a missing file was read');
  untilFirstTask.push(performance.now() - t0);
  await pool.close();
}
const ready = untilFirstTask.sort((a, b) => a - b)[1];
for (let i = 0; i < 80; i++) {
  const pool = await start();
  await new Promise((resolve) => setTimeout(resolve, ready * (0.6 + 0.5 * ((i * 0.618) % 1))));
  await pool.close();
}
console.log('closed 80 pools; a fresh pool took its first task after ' + Math.round(ready) + ' ms');
`,
    );
    const child = spawn(process.execPath, [...(fromDist ? [] : ['--import', 'tsx']), script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const r = await settle(child);
    expect(r.stderr.split('\n').slice(0, 3).join('\n')).not.toMatch(/FATAL|Assertion failed/);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('closed 80 pools');
  });
});
