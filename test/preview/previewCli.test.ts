/**
 * `lungflow preview` end to end: a phantom cohort run with --masks, then previews decoded with pngjs and checked
 * against the masks (the green outline is exactly the lung boundary, mirrored into the radiological view) and
 * against the database (which slices, which side is the patient's right).
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writePhantomCohort } from '../../src/phantom/index.js';
import { openNifti } from '../../src/readers/nifti/open.js';
import { queryJson, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';

const SHAPE = [128, 128, 48] as const;
const SPACING = [2.5, 2.5, 5] as const;
const PX_MM2 = SPACING[0] * SPACING[1];
/** A slice's picture: 48 slices, so the index has two digits (`_s05`). */
const slicePng = (dir: string, base: string, index: number) => path.join(dir, `${base}_s${String(index).padStart(2, '0')}.png`);

interface Scan { scan_id: string; path: string; lung_mask_path: string | null }
interface Slice { slice_index: number; lung_area_mm2: number; right_area_mm2: number }

/** The canonical lung mask of one slice (x toward Right, y toward Anterior), read independently of the preview code. */
async function canonicalMaskSlice(file: string, index: number): Promise<{ width: number; height: number; mask: Uint8Array }> {
  const src = await openNifti(file, { spacing: 'geometry', orientation: 'canonical' });
  try {
    for await (const s of src.slices()) {
      if (s.index === index) return { width: s.width, height: s.height, mask: Uint8Array.from(s.hu, (v) => (v > 0.5 ? 1 : 0)) };
    }
  } finally {
    await src.close();
  }
  throw new Error(`no slice ${index} in ${file}`);
}

const isGreen = (png: PNG, c: number, r: number) => {
  const o = 4 * (r * png.width + c);
  return png.data[o] === 0 && png.data[o + 1] === 255 && png.data[o + 2] === 0;
};

describe('lungflow preview', () => {
  const dir = tempDir('preview');
  const db = path.join(dir, 'r.duckdb');
  const out = path.join(dir, 'png');
  let scans: Scan[];
  let first: { stdout: string; stderr: string; code: number | null };

  beforeAll(async () => {
    await writePhantomCohort(path.join(dir, 'scans'), { count: 2, baseSeed: 9301, shape: SHAPE, spacingMm: SPACING });
    await writePhantomCohort(path.join(dir, 'unmasked'), { count: 1, baseSeed: 9401, shape: SHAPE, spacingMm: SPACING });
    const a = await runCli(['run', path.join(dir, 'scans'), '--db', db, '--masks', path.join(dir, 'masks'), '--workers', '2', '-q']);
    expect(a.code, a.stderr).toBe(0);
    const b = await runCli(['run', path.join(dir, 'unmasked'), '--db', db, '--workers', '2', '-q']);
    expect(b.code, b.stderr).toBe(0);
    scans = await queryJson<Scan>(db, 'SELECT scan_id, path, lung_mask_path FROM scans ORDER BY path');
    first = await runCli(['preview', '--db', db, '--out', out, '--montage']);
  });

  it('writes the largest lung slice and the 25 % / 75 % slices of every masked scan, and lists the unmasked one', async () => {
    expect(first.code, first.stderr).toBe(0);
    const unmasked = scans.find((s) => s.lung_mask_path === null)!;
    expect(first.stderr).toContain(`${unmasked.path}: no masks: rerun with --masks DIR --force`);
    const written = first.stdout.trim().split('\n');
    for (const scan of scans.filter((s) => s.lung_mask_path !== null)) {
      const slices = await queryJson<Slice>(db, `SELECT slice_index, lung_area_mm2 FROM slices WHERE scan_id = '${scan.scan_id}' AND lung_area_mm2 > 0 ORDER BY slice_index`);
      const lo = slices[0].slice_index, hi = slices[slices.length - 1].slice_index;
      const max = slices.reduce((m, s) => (s.lung_area_mm2 > m.lung_area_mm2 ? s : m)).slice_index;
      const expected = [...new Set([lo + Math.round((hi - lo) / 4), max, lo + Math.round((3 * (hi - lo)) / 4)])].sort((x, y) => x - y);
      const base = path.basename(scan.lung_mask_path!).replace('_lung.nii.gz', '');
      const files = [...expected.map((i) => slicePng(out, base, i)), path.join(out, `${base}_montage.png`)];
      for (const f of files) {
        expect(written).toContain(f);
        expect(existsSync(f), f).toBe(true);
      }
      const montage = PNG.sync.read(readFileSync(files[files.length - 1]));
      expect([montage.width, montage.height]).toEqual([expected.length * SHAPE[0] + (expected.length - 1) * 4, SHAPE[1]]);
    }
    expect(first.stderr).toMatch(/preview: \d+ PNGs for 2 scans .*; 1 without masks/);
  });

  it('outlines exactly the lung boundary, in the radiological view: patient\'s right on the left, anterior at the top', async () => {
    const scan = scans.find((s) => s.lung_mask_path !== null)!;
    const [row] = await queryJson<Slice>(db, `SELECT slice_index, lung_area_mm2, right_area_mm2 FROM slices WHERE scan_id = '${scan.scan_id}' ORDER BY lung_area_mm2 DESC LIMIT 1`);
    const base = path.basename(scan.lung_mask_path!).replace('_lung.nii.gz', '');
    const png = PNG.sync.read(readFileSync(slicePng(out, base, row.slice_index)));
    const { width, height, mask } = await canonicalMaskSlice(scan.lung_mask_path!, row.slice_index);
    expect([png.width, png.height]).toEqual([width, height]);
    expect([width, height]).toEqual([SHAPE[0], SHAPE[1]]);
    // Radiological display: column c shows canonical x = width-1-c (Right on the left), row r shows y = height-1-r.
    const lungAt = (c: number, r: number) => c >= 0 && c < width && r >= 0 && r < height && mask[(height - 1 - r) * width + (width - 1 - c)] === 1;
    let green = 0, mismatches = 0, rightShown = 0, lowestOutline = -1;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const boundary = lungAt(c, r) && !(lungAt(c - 1, r) && lungAt(c + 1, r) && lungAt(c, r - 1) && lungAt(c, r + 1));
        if (isGreen(png, c, r)) { green++; lowestOutline = r; }
        if (boundary !== isGreen(png, c, r)) mismatches++;
        if (lungAt(c, r) && c < width / 2) rightShown++;
      }
    }
    expect(green).toBeGreaterThan(50);
    expect(mismatches).toBe(0);
    // The lung drawn in the left half of the picture is the right lung the pipeline measured (not the left one,
    // which is a different size: the phantom's lungs differ by more than 10 %).
    const left = row.lung_area_mm2 - row.right_area_mm2;
    expect(Math.abs(left / row.right_area_mm2 - 1)).toBeGreaterThan(0.1);
    expect(Math.abs((rightShown * PX_MM2) / row.right_area_mm2 - 1)).toBeLessThan(0.02);
    // The CT table lies behind the patient (posterior): the widest bright row is below every lung outline pixel.
    let widest = -1, widestCount = 0;
    for (let r = 0; r < height; r++) {
      let n = 0;
      for (let c = 0; c < width; c++) if (png.data[4 * (r * width + c)] >= 200 && !isGreen(png, c, r)) n++;
      if (n > widestCount) { widest = r; widestCount = n; }
    }
    expect(widest).toBeGreaterThan(lowestOutline);
  });

  it('tints vessels half red', async () => {
    const scan = scans.find((s) => s.lung_mask_path !== null)!;
    const base = path.basename(scan.lung_mask_path!).replace('_lung.nii.gz', '');
    const file = first.stdout.trim().split('\n').find((f) => f.includes(base) && /_s\d+\.png$/.test(f))!;
    const png = PNG.sync.read(readFileSync(file));
    let red = 0;
    for (let o = 0; o < png.data.length; o += 4) {
      // (g + 255) / 2 red, g / 2 green and blue.
      const [r, g, b] = [png.data[o], png.data[o + 1], png.data[o + 2]];
      if (g === b && Math.abs(r - g - 127.5) <= 1) red++;
    }
    expect(red).toBeGreaterThan(0);
  });

  it('reports a moved CT and goes on; exits 1 only when nothing could be written', async () => {
    const masked = scans.filter((s) => s.lung_mask_path !== null);
    const moved = masked[1].path;
    renameSync(moved, `${moved}.moved`);
    try {
      const r = await runCli(['preview', '--db', db, '--out', path.join(dir, 'png2'), '--slices', 'mid,', '--window', 'mediastinum']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--slices/);
      const ok = await runCli(['preview', '--db', db, '--out', path.join(dir, 'png2'), '--slices', '5,99', '--window', 'mediastinum']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stderr).toContain(`${moved}: CT not found: ${moved}`);
      expect(ok.stderr).toContain('slice 99 outside 0..47');
      expect(ok.stdout.trim().split('\n')).toEqual([slicePng(path.join(dir, 'png2'), path.basename(masked[0].lung_mask_path!).replace('_lung.nii.gz', ''), 5)]);
      expect(ok.stdout).toMatch(/_s05\.png$/m);
      const none = await runCli(['preview', '--db', db, '--out', path.join(dir, 'png3'), '--where', `path = '${moved}'`]);
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/CT not found/);
      const unmasked = await runCli(['preview', '--db', db, '--out', path.join(dir, 'png3'), '--scan', 'unmasked']);
      expect(unmasked.code).toBe(1);
      expect(unmasked.stderr).toMatch(/no masks: rerun with --masks DIR --force/);
      expect(existsSync(path.join(dir, 'png3'))).toBe(false);
      const bad = await runCli(['preview', '--db', db, '--out', path.join(dir, 'png3'), '--where', 'no_such_column = 1']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--where 'no_such_column = 1'/);
    } finally {
      renameSync(`${moved}.moved`, moved);
    }
  });
});
