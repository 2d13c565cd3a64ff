import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverInputs } from '../../src/pipeline/discover.js';
import { tempDir } from '../helpers/cohortFixtures.js';

async function collect(it: AsyncIterable<{ path: string; subject: string | null; session: string | null }>) {
  const out = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('discovery', () => {
  it('yields the first scan of a 100 000-file folder long before the folder is listed', async () => {
    const dir = tempDir('huge');
    for (let i = 0; i < 100_000; i++) writeFileSync(path.join(dir, `scan-${i}.nii.gz`), '');
    const t0 = performance.now();
    const gen = discoverInputs({ paths: [dir], manifest: null });
    const first = await gen.next();
    const firstMs = performance.now() - t0;
    expect(first.done).toBe(false);
    let n = 1;
    for await (const _ of gen) n++;
    const allMs = performance.now() - t0;
    console.log(`first of 100000 after ${firstMs.toFixed(1)} ms, all after ${allMs.toFixed(0)} ms`);
    expect(n).toBe(100_000);
    rmSync(dir, { recursive: true, force: true });
    // Unloaded: ~8 ms vs ~470 ms. A listing-first walk would take (almost) all of it before the first item.
    expect(firstMs).toBeLessThan(allMs / 5);
  });

  it('walks folders recursively for .nii/.nii.gz, takes named files whatever their name, matches globs, and yields each path once', async () => {
    const dir = tempDir('disc');
    mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    for (const f of ['a/one.nii.gz', 'a/b/two.nii', 'a/b/notes.txt', 'a/three.NII.GZ', 'odd.img']) writeFileSync(path.join(dir, f), '');
    const found = await collect(discoverInputs({ paths: [path.join(dir, 'a'), path.join(dir, 'odd.img'), path.join(dir, 'a', 'one.nii.gz')], manifest: null }));
    expect(found.map((f) => path.relative(dir, f.path)).sort()).toEqual(['a/b/two.nii', 'a/one.nii.gz', 'a/three.NII.GZ', 'odd.img'].sort());
    const globbed = await collect(discoverInputs({ paths: [path.join(dir, 'a', '**', '*.nii')], manifest: null }));
    expect(globbed.map((f) => path.relative(dir, f.path))).toEqual(['a/b/two.nii']);
  });

  it('reads a manifest with paths relative to it and carries subject and session', async () => {
    const dir = tempDir('manifest');
    writeFileSync(path.join(dir, 'cohort.csv'), 'subject,path,session\ns1,scans/x.nii.gz,baseline\n\n"s,2",/abs/y.nii,\n');
    const found = await collect(discoverInputs({ paths: [], manifest: path.join(dir, 'cohort.csv') }));
    expect(found).toEqual([
      { path: path.join(dir, 'scans', 'x.nii.gz'), files: [path.join(dir, 'scans', 'x.nii.gz')], subject: 's1', session: 'baseline' },
      { path: '/abs/y.nii', files: ['/abs/y.nii'], subject: 's,2', session: null },
    ]);
  });
});
