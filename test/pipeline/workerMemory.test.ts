/**
 * A worker runs scan after scan with nothing else in between: Piscina blocks it in Atomics.wait between tasks, and
 * a small scan read synchronously never yields. Each scan task must still let the event loop turn, or what V8 and
 * Node leave to it (freeing dead ArrayBuffers' memory) piles up: before the fix, a worker grew ~10 MB per 250
 * single-slice scans.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePhantomCohort } from '../../src/phantom/index.js';
import processScanTask from '../../src/worker.js';
import { fileTarget } from '../../src/readers/scanTarget.js';
import { defaultPreset } from '../../pipeline.config.js';

const dir = mkdtempSync(join(tmpdir(), 'lungflow-wmem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a worker running scan after scan', () => {
  it('keeps its memory flat over 700 small scans (none yields but the task itself)', async () => {
    const [file] = await writePhantomCohort(dir, { count: 1, baseSeed: 3, shape: [256, 256, 8], spacingMm: [0.7, 0.7, 0.7] });
    const task = { config: defaultPreset, target: fileTarget(file), masks: null, timeStages: false };
    const rssMb = () => process.memoryUsage().rss / 2 ** 20;
    let after200 = 0;
    for (let i = 0; i < 700; i++) {
      const r = await processScanTask(task);
      if (!r.ok) throw new Error(r.message);
      if (i === 199) after200 = rssMb();
    }
    const growth = rssMb() - after200;
    expect(growth, `RSS ${after200.toFixed(0)} MB after 200 scans, +${growth.toFixed(1)} MB after 500 more`).toBeLessThan(12);
  }, 120_000);
});
