import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverInputs, type Discovered, type DiscoverOptions } from '../../src/pipeline/discover.js';
import { tempDir } from '../helpers/cohortFixtures.js';

async function discover(options: Partial<DiscoverOptions>) {
  const all: Discovered[] = [];
  for await (const x of discoverInputs({ paths: [], manifest: null, ...options })) all.push(x);
  return {
    scans: all.flatMap((d) => (d.kind === 'scan' ? [d.input] : [])),
    empty: all.flatMap((d) => (d.kind === 'empty-input' ? [d] : [])),
  };
}

function files(dir: string, names: readonly string[], content = ''): void {
  for (const f of names) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), content);
  }
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
    files(dir, ['a/one.nii.gz', 'a/b/two.nii', 'a/b/notes.txt', 'a/three.NII.GZ', 'odd.img']);
    const { scans } = await discover({ paths: [path.join(dir, 'a'), path.join(dir, 'odd.img'), path.join(dir, 'a', 'one.nii.gz')] });
    expect(scans.map((f) => path.relative(dir, f.path)).sort()).toEqual(['a/b/two.nii', 'a/one.nii.gz', 'a/three.NII.GZ', 'odd.img'].sort());
    for (const s of scans) expect(s.files).toEqual([s.path]);
    const globbed = await discover({ paths: [path.join(dir, 'a', '**', '*.nii')] });
    expect(globbed.scans.map((f) => path.relative(dir, f.path))).toEqual(['a/b/two.nii']);
  });

  it('matches globs as a shell does: braces, extglobs, character classes, folders that match, no dot-files', async () => {
    const dir = tempDir('globs');
    files(dir, ['a/x.nii.gz', 'b/y.nii.gz', 'c/z.nii.gz', 'a/.hidden.nii.gz', 'a/deep/w.nii.gz', 'sub-1/ct.nii.gz', 'sub-2/ct.nii.gz', 'sub-3/ct.nii.gz']);
    const rel = async (...patterns: string[]) =>
      (await discover({ paths: patterns.map((p) => path.join(dir, p)) })).scans.map((s) => path.relative(dir, s.path)).sort();
    expect(await rel('{a,b}/*.nii.gz')).toEqual(['a/x.nii.gz', 'b/y.nii.gz']);
    expect(await rel('@(a|c)/*.nii.gz')).toEqual(['a/x.nii.gz', 'c/z.nii.gz']);
    expect(await rel('sub-[12]/ct.nii.gz')).toEqual(['sub-1/ct.nii.gz', 'sub-2/ct.nii.gz']);
    expect(await rel('sub-{1..3}/*.nii.gz')).toEqual(['sub-1/ct.nii.gz', 'sub-2/ct.nii.gz', 'sub-3/ct.nii.gz']);
    expect(await rel('!(a|b|c)/ct.nii.gz')).toEqual(['sub-1/ct.nii.gz', 'sub-2/ct.nii.gz', 'sub-3/ct.nii.gz']);
    // A folder the glob matches is walked whole, as if the shell had expanded it.
    expect(await rel('a*')).toEqual(['a/.hidden.nii.gz', 'a/deep/w.nii.gz', 'a/x.nii.gz']);
    expect(await rel('**/w.nii.gz')).toEqual(['a/deep/w.nii.gz']);
  });

  it('reports an input that gives no scan (before sharding), and says what it found there', async () => {
    const dir = tempDir('empty-inputs');
    files(dir, Array.from({ length: 5 }, (_, i) => `texts/note-${i}.txt`), 'just words');
    files(dir, ['scans/one.nii.gz']);
    mkdirSync(path.join(dir, 'nothing'));
    const r = await discover({ paths: [path.join(dir, 'texts'), path.join(dir, 'nothing'), path.join(dir, 'none-*.nii'), path.join(dir, 'scans')] });
    expect(r.empty).toEqual([
      { kind: 'empty-input', input: path.join(dir, 'texts'), found: '5 files, none NIfTI, DICOM, NRRD or MetaImage' },
      { kind: 'empty-input', input: path.join(dir, 'nothing'), found: 'no files' },
      { kind: 'empty-input', input: path.join(dir, 'none-*.nii'), found: 'the glob matches no file' },
    ]);
    // A shard that gets none of the scans of an input is not an empty input.
    const shards = await Promise.all([1, 2, 3].map((k) => discover({ paths: [path.join(dir, 'scans')], shard: { index: k, count: 3 } })));
    expect(shards.map((s) => s.scans.length).reduce((a, b) => a + b)).toBe(1);
    for (const s of shards) expect(s.empty).toEqual([]);
  });

  it('reads a manifest with paths relative to it and carries subject and session', async () => {
    const dir = tempDir('manifest');
    writeFileSync(path.join(dir, 'cohort.csv'), 'subject,path,session\ns1,scans/x.nii.gz,baseline\n\n"s,2",/abs/y.nii,\n');
    const { scans } = await discover({ manifest: path.join(dir, 'cohort.csv') });
    expect(scans.map(({ path, subject, session }) => ({ path, subject, session }))).toEqual([
      { path: path.join(dir, 'scans', 'x.nii.gz'), subject: 's1', session: 'baseline' },
      { path: '/abs/y.nii', subject: 's,2', session: null },
    ]);
  });
});
