import { cpSync, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanIdFor } from '../../src/pipeline/provenance.js';
import { serveReport, type ServedReport } from '../../src/report/serveReport.js';
import { HAVE_CHROMIUM, NO_CHROMIUM, launchChromium, screenshot, watchPage } from '../helpers/browser.js';
import { queryDatabase } from '../../src/sinks/duckdb/readOnlyQuery.js';
import { runCli } from '../helpers/cli.js';
import { HOSTILE_BAD_NAME, HOSTILE_NAME, HOSTILE_SUBJECT, ORIENTATIONS, makeReportCohort, type ReportCohort } from './reportCohort.js';

if (!HAVE_CHROMIUM) console.warn(NO_CHROMIUM);

describe.skipIf(!HAVE_CHROMIUM)('the QC report in a real browser (chromium)', () => {
  let cohort: ReportCohort;
  let browser: Browser;
  let served: ServedReport;
  const cohortUrl = () => pathToFileURL(path.join(cohort.out, 'index.html')).href;
  const scanFile = (input: string) => path.join(cohort.out, 'scans', `${scanIdFor(input)}.html`);

  beforeAll(async () => {
    cohort = await makeReportCohort();
    browser = await launchChromium();
    served = await serveReport(cohort.out, 0);
  }, 240_000);

  afterAll(async () => {
    await served?.close();
    await browser?.close();
  });

  async function open(url: string): Promise<{ page: Page; watch: ReturnType<typeof watchPage> }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const watch = watchPage(page);
    await page.goto(url);
    await page.waitForLoadState('load');
    return { page, watch };
  }

  const shownRows = (page: Page) => page.$$eval('#rows .row', (rows) => rows.map((r) => (r as HTMLElement).dataset.scan!));
  const columnValues = (page: Page, index: number) =>
    page.$$eval('#rows .row', (rows, i) => rows.map((r) => r.children[i].textContent ?? ''), index);

  it('the cohort page loads from disk with no console errors, one row per scan, counts and charts', async () => {
    const { page, watch } = await open(cohortUrl());
    const scans = await queryJson<{ scan_id: string; status: string }>(cohort.db, 'SELECT scan_id, status FROM scans');
    expect(scans).toHaveLength(cohort.nScans);
    expect(cohort.nScans).toBe(22);
    const rows = await shownRows(page);
    expect(rows.sort()).toEqual(scans.map((s) => s.scan_id).sort());
    expect(await page.textContent('#shown')).toBe(`22 of 22 scans shown`);
    const counts = await page.textContent('#counts');
    expect(counts).toContain('failed');
    expect(counts).toContain('truncated');
    expect(counts).toContain('incomplete-coverage');
    // a histogram per measure, each loaded; the measures found include the derived ratios and the columns
    const charts = await page.$$eval('.chart', (c) => c.map((e) => (e as HTMLElement).dataset.measure));
    expect(charts).toEqual(expect.arrayContaining(['vessel_pct', 'left_right_ratio', 'lung_volume_ml', 'vessel_volume_ml']));
    expect(await page.$$eval('.chart img', (imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
    await screenshot(page, 'cohort.png');
    expect(watch.errors).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    await page.close();
  });

  it('sorts by a column both ways (empty values last) and filters by status, flag, subject and value', async () => {
    const { page, watch } = await open(cohortUrl());
    const header = page.locator('#thead > div', { hasText: /^lung_volume_ml$/ });
    const col = await page.$$eval('#thead > div', (h) => h.findIndex((e) => e.textContent === 'lung_volume_ml'));
    await header.click();
    const asc = await columnValues(page, col);
    const numbers = asc.filter((v) => v !== '').map(Number);
    expect(numbers.length).toBe(20);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(asc.slice(numbers.length)).toEqual(['', '']);
    await header.click();
    const desc = (await columnValues(page, col)).filter((v) => v !== '').map(Number);
    expect(desc).toEqual([...numbers].sort((a, b) => b - a));

    await page.selectOption('#f-status', 'failed');
    expect(await page.textContent('#shown')).toBe('2 of 22 scans shown');
    expect(await page.$$eval('#rows .row', (r) => r.every((e) => e.classList.contains('failed')))).toBe(true);
    await page.selectOption('#f-status', '');

    const flagged = await queryJson(cohort.db, `SELECT scan_id FROM scans WHERE len(list_filter(flags, f -> f LIKE 'incomplete-coverage%')) > 0`);
    expect(flagged.length).toBeGreaterThan(0);
    await page.selectOption('#f-flag', 'incomplete-coverage');
    expect((await shownRows(page)).sort()).toEqual(flagged.map((f) => f.scan_id).sort());
    await page.selectOption('#f-flag', '');

    await page.fill('#f-text', 'sub-03');
    expect(await shownRows(page)).toHaveLength(1);
    await page.fill('#f-text', '');

    const big = await queryJson(cohort.db, `SELECT scan_id FROM scans WHERE lung_volume_ml >= (SELECT median(lung_volume_ml) FROM scans)`);
    const median = (await queryJson<{ m: number }>(cohort.db, 'SELECT median(lung_volume_ml) AS m FROM scans'))[0].m;
    await page.selectOption('#f-measure', { label: 'lung_volume_ml' });
    await page.fill('#f-min', String(median));
    expect((await shownRows(page)).sort()).toEqual(big.map((b) => b.scan_id).sort());
    await screenshot(page, 'cohort-filtered.png');
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('a scan page shows its montage and its curve; from disk the viewer says it needs the served site', async () => {
    const { page, watch } = await open(pathToFileURL(scanFile(cohort.byOrientation.LPS)).href);
    expect(await page.$eval('#montage', (i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await page.$eval('#curve', (i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await page.textContent('#montage-note')).toContain('run --qc');
    expect(await page.textContent('#viewer-note')).toContain('file://');
    expect(await page.textContent('#provenance')).toContain(cohort.byOrientation.LPS);
    // The scan's regions rows, in the order they are written, numbers as the database has them; BV is NULL at
    // 3.6 x 3.6 x 7 mm and reads as a dash.
    const grid = await page.$$eval('#regions tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
    const db = await queryDatabase(cohort.db, `SELECT region, volume_ml, laa950_pct, bv5_ml FROM regions WHERE scan_id = '${scanIdFor(cohort.byOrientation.LPS)}'`);
    expect(db.rows.length).toBe(9);
    const head = grid[0];
    expect(head.slice(0, 3)).toEqual(['region', 'volume_ml', 'mean_hu']);
    expect(grid.slice(1).map((r) => r[0])).toEqual(['lung', 'left', 'right', 'left_upper', 'left_middle', 'left_lower', 'right_upper', 'right_middle', 'right_lower']);
    // The page's number format (report-assets/common.js): 4 significant digits.
    const shown = (v: number) => (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(4))));
    for (const [region, volume, laa, bv5] of db.rows as [string, number, number, number | null][]) {
      const row = grid.find((r) => r[0] === region)!;
      expect(row[head.indexOf('volume_ml')], region).toBe(shown(volume));
      expect(row[head.indexOf('laa950_pct')], region).toBe(shown(laa));
      expect(bv5, region).toBeNull();
      expect(row[head.indexOf('bv5_ml')], region).toBe('–');
    }
    expect(await page.textContent('#regions-note')).toBe('');
    expect(watch.errors).toEqual([]);
    await page.close();

    // Run without --qc but with --masks: the report rendered the montage, and says so.
    const rendered = await open(pathToFileURL(scanFile(cohort.masksOnly[0])).href);
    expect(await rendered.page.$eval('#montage', (i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await rendered.page.textContent('#montage-note')).toContain('Rendered by lungflow report');
    await rendered.page.close();

    // Neither: the page says how to get them.
    const bare = await open(`${served.url}scans/${scanIdFor(cohort.bare)}.html`);
    expect(await bare.page.isHidden('figure.montage')).toBe(true);
    expect(await bare.page.textContent('#montage-note')).toContain('--qc DIR');
    expect(await bare.page.textContent('#viewer-note')).toContain('--masks DIR');
    expect(await bare.page.$$eval('#regions tr', (rows) => rows.length)).toBe(10);
    expect(bare.watch.errors).toEqual([]);
    await bare.page.close();

    // A failed scan has no region rows, and says why.
    const failed = await open(pathToFileURL(scanFile(cohort.bad[0])).href);
    expect(await failed.page.textContent('#regions-note')).toBe('No region rows: the scan failed.');
    expect(await failed.page.isHidden('#regions')).toBe(true);
    expect(failed.watch.errors).toEqual([]);
    await failed.page.close();
  });

  it('stays fast with 10,000 scans: the table draws only the rows in view; a sort or a filter takes about a second at most', async () => {
    // The real page and assets, with the cohort's data repeated to 10,000 scans.
    const big = path.join(cohort.dir, 'report-10k');
    cpSync(cohort.out, big, { recursive: true, filter: (f) => !f.includes(`${path.sep}volumes`) });
    const text = readFileSync(path.join(cohort.out, 'data', 'cohort.js'), 'utf8');
    const data = JSON.parse(text.slice(text.indexOf('=') + 1).trim().replace(/;$/, '')) as { scans: { id: string; path: string }[] };
    const scans = Array.from({ length: 10_000 }, (_, i) => {
      const s = data.scans[i % data.scans.length];
      return { ...s, id: `${s.id}-${i}`, path: s.path.replace(/([^/]*)$/, `copy${i}-$1`) };
    });
    writeFileSync(path.join(big, 'data', 'cohort.js'), `window.lungflowCohort = ${JSON.stringify({ ...data, scans })};\n`);
    const started = Date.now();
    const { page, watch } = await open(pathToFileURL(path.join(big, 'index.html')).href);
    await page.waitForFunction(() => document.getElementById('shown')?.textContent === '10000 of 10000 scans shown');
    const loadMs = Date.now() - started;
    const drawn = (await shownRows(page)).length;
    expect(drawn).toBeLessThan(100);
    const timed = async (action: () => Promise<void>) => page.evaluate(async () => 0).then(async () => {
      const t0 = Date.now();
      await action();
      return Date.now() - t0;
    });
    const sortMs = await timed(() => page.locator('#thead > div', { hasText: /^lung_volume_ml$/ }).click());
    const filterMs = await timed(() => page.fill('#f-text', 'copy99'));
    expect(await page.textContent('#shown')).toMatch(/^\d+ of 10000 scans shown$/);
    await page.evaluate(() => document.getElementById('viewport')!.scrollTo(0, 1e9));
    await page.fill('#f-text', '');
    console.log(`10,000 scans: page ready in ${loadMs} ms, sort ${sortMs} ms, filter ${filterMs} ms (machine load ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
    // 0.9–1.9 s were seen at load averages of 19–28 on 2 cores; the bound leaves room for a shared machine.
    expect(sortMs).toBeLessThan(4000);
    expect(filterMs).toBeLessThan(4000);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  /** Pixels of the viewer's canvas, drawn now, with the counts a test needs. */
  async function viewerPixels(page: Page) {
    return page.evaluate(() => {
      const nv = (window as unknown as { lungflowViewer: { drawScene(): void; gl: WebGL2RenderingContext } }).lungflowViewer;
      nv.drawScene();
      const gl = nv.gl;
      const w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
      const px = new Uint8Array(w * h * 4);
      gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
      let lit = 0, grey = 0, greenLeft = 0, greenRight = 0, red = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const o = 4 * (y * w + x);
          const r = px[o], g = px[o + 1], b = px[o + 2];
          if (r + g + b > 60) lit++;
          if (r > 60 && Math.abs(r - g) < 8 && Math.abs(g - b) < 8) grey++;
          if (g > r + 40 && g > b + 40) {
            if (x < w / 2) greenLeft++;
            else greenRight++;
          }
          if (r > g + 60 && r > b + 60) red++;
        }
      }
      return { w, h, lit, grey, greenLeft, greenRight, red };
    });
  }

  it.each(['LPS', 'ASR'] as const)('served, the viewer draws the %s-stored CT with its mask layers, radiological (right lung on the left)', async (orientation) => {
    const { page, watch } = await open(`${served.url}scans/${scanIdFor(cohort.byOrientation[orientation])}.html`);
    await page.waitForSelector('body[data-viewer]', { timeout: 60_000 });
    expect(await page.getAttribute('body', 'data-viewer')).toBe('ready');
    const withMasks = await viewerPixels(page);
    expect(withMasks.lit).toBeGreaterThan(0.1 * withMasks.w * withMasks.h);
    expect(withMasks.grey).toBeGreaterThan(0.05 * withMasks.w * withMasks.h);
    expect(withMasks.greenLeft + withMasks.greenRight).toBeGreaterThan(1000);
    expect(withMasks.red).toBeGreaterThan(0);
    // The phantom's right lung is the larger one; in the radiological view it is on the image's left.
    expect(withMasks.greenLeft).toBeGreaterThan(1.15 * withMasks.greenRight);
    await screenshot(page, `scan-${orientation}.png`);
    await page.evaluate(() => {
      const nv = (window as unknown as { lungflowViewer: { setOpacity(i: number, o: number): void } }).lungflowViewer;
      nv.setOpacity(1, 0);
      nv.setOpacity(2, 0);
    });
    await page.waitForTimeout(300);
    const ctOnly = await viewerPixels(page);
    expect(ctOnly.greenLeft + ctOnly.greenRight).toBeLessThan(0.02 * (withMasks.greenLeft + withMasks.greenRight));
    expect(ctOnly.grey).toBeGreaterThan(withMasks.grey);
    expect(watch.errors).toEqual([]);
    await page.close();
  }, 90_000);

  it.each(['dicom', 'nhdr'] as const)('served, the scan stored as %s shows in the viewer as its NIfTI twin does (a NIfTI copy made by its own reader)', async (format) => {
    // A DICOM series' scan id is not its folder's: found by path, as a user would.
    const idOf = async (input: string) => (await queryJson<{ scan_id: string }>(cohort.db, `SELECT scan_id FROM scans WHERE path = '${input}'`))[0].scan_id;
    const shown = async (input: string) => {
      const { page, watch } = await open(`${served.url}scans/${await idOf(input)}.html`);
      await page.waitForSelector('body[data-viewer]', { timeout: 60_000 });
      expect(await page.getAttribute('body', 'data-viewer'), input).toBe('ready');
      await page.evaluate(() => (window as unknown as { lungflowViewer: { setCrosshairColor(c: number[]): void } }).lungflowViewer.setCrosshairColor([0, 0, 0, 0]));
      const pixels = await viewerPixels(page);
      expect(watch.errors).toEqual([]);
      await page.close();
      return pixels;
    };
    const twin = await shown(cohort.byOrientation.LPS);
    const other = await shown(cohort.otherFormats[format]);
    expect(other.greenLeft + other.greenRight).toBeGreaterThan(1000);
    expect(other.red).toBeGreaterThan(0);
    for (const k of ['lit', 'grey', 'greenLeft', 'greenRight', 'red'] as const) {
      expect(Math.abs(other[k] - twin[k]), `${k}: ${other[k]} vs ${twin[k]}`).toBeLessThanOrEqual(0.01 * twin[k] + 5);
    }
    expect(existsSync(path.join(cohort.out, 'ct-copies'))).toBe(true);
  }, 120_000);

  it('a rebuild keeps the NIfTI copies it made (same content), and drops those no scan needs any more', async () => {
    const dir = path.join(cohort.out, 'ct-copies');
    const before = readdirSync(dir).sort();
    expect(before).toHaveLength(2);
    const mtimes = before.map((f) => statSync(path.join(dir, f)).mtimeMs);
    writeFileSync(path.join(dir, 'stale.nii.gz'), 'left by an earlier build');
    const r = await runCli(['report', '--db', cohort.db, '--out', cohort.out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('2 of them stored as DICOM, NRRD or MetaImage: NIfTI copies in ct-copies/, 0 written now, 2 kept');
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(before.map((f) => statSync(path.join(dir, f)).mtimeMs)).toEqual(mtimes);

    // A CT that can no longer be read (the NRRD's data file gone): that scan's page says so; the run goes on.
    const data = cohort.otherFormats.nhdr.replace(/\.nhdr$/, '.raw.gz');
    expect(existsSync(data)).toBe(true);
    renameSync(data, `${data}.away`);
    const elsewhere = path.join(cohort.dir, 'report-without-raw');
    try {
      const r2 = await runCli(['report', '--db', cohort.db, '--out', elsewhere]);
      expect(r2.code, r2.stderr).toBe(0);
      expect(r2.stderr).toContain(`${cohort.otherFormats.nhdr}: no viewer: its CT could not be read again`);
    } finally {
      renameSync(`${data}.away`, data);
    }
    const { page, watch } = await open(pathToFileURL(path.join(elsewhere, 'scans', `${scanIdFor(cohort.otherFormats.nhdr)}.html`)).href);
    expect(await page.textContent('#viewer-note')).toMatch(/^No viewer: its CT could not be read again to make the NIfTI copy the viewer reads: /);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('served, "zones on/off" shows each lung\'s upper, middle and lower thirds, in that order from the top (coronal)', async () => {
    const { page, watch } = await open(`${served.url}scans/${scanIdFor(cohort.byOrientation.ASR)}.html`);
    await page.waitForSelector('body[data-viewer]', { timeout: 60_000 });
    expect(await page.getAttribute('body', 'data-viewer')).toBe('ready');
    await page.click('text=coronal');
    // The vessels hidden: red over the lung's green reads orange, near the zones' yellow.
    await page.evaluate(() => (window as unknown as { lungflowViewer: { setOpacity(i: number, o: number): void } }).lungflowViewer.setOpacity(2, 0));
    const zoneRows = () => page.evaluate(() => {
      const nv = (window as unknown as { lungflowViewer: { drawScene(): void; setCrosshairColor(c: number[]): void; gl: WebGL2RenderingContext } }).lungflowViewer;
      nv.setCrosshairColor([0, 0, 0, 0]); // the crosshair is yellow
      nv.drawScene();
      const gl = nv.gl;
      const w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
      const px = new Uint8Array(w * h * 4);
      gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
      // Per zone colour (blended half over the CT): its pixel count and mean row (GL rows: 0 at the bottom).
      const out = { cyan: [0, 0], yellow: [0, 0], magenta: [0, 0], green: [0, 0] };
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const o = 4 * (y * w + x);
          const r = px[o], g = px[o + 1], b = px[o + 2];
          const k = b > r + 60 && g > r + 40 ? 'cyan' : r > b + 60 && g > b + 50 && g > 0.7 * r ? 'yellow' : r > g + 60 && b > g + 50 ? 'magenta' : g > r + 40 && g > b + 40 ? 'green' : null;
          if (k) { out[k][0]++; out[k][1] += y; }
        }
      }
      return Object.fromEntries(Object.entries(out).map(([k, [n, sum]]) => [k, { n, y: n > 0 ? sum / n : NaN }]));
    });
    const before = await zoneRows();
    expect(before.green.n).toBeGreaterThan(1000);
    expect(before.cyan.n + before.yellow.n + before.magenta.n).toBeLessThan(0.01 * before.green.n);
    await page.click('#zones-toggle');
    const zones = await zoneRows();
    for (const k of ['cyan', 'yellow', 'magenta'] as const) expect(zones[k].n, k).toBeGreaterThan(300);
    expect(zones.green.n).toBeLessThan(0.05 * before.green.n);
    // Superior at the top of a coronal view: upper above middle above lower.
    expect(zones.cyan.y).toBeGreaterThan(zones.yellow.y);
    expect(zones.yellow.y).toBeGreaterThan(zones.magenta.y);
    await screenshot(page, 'scan-zones-coronal.png');
    await page.click('#zones-toggle');
    const back = await zoneRows();
    expect(back.green.n).toBeGreaterThan(0.9 * before.green.n);
    expect(back.cyan.n + back.yellow.n + back.magenta.n).toBeLessThan(0.01 * before.green.n);
    // "masks on/off" with the zones shown hides them too, and brings back the lung mask, not the zones.
    await page.click('#zones-toggle');
    await page.click('text=masks on/off');
    const none = await zoneRows();
    expect(none.green.n + none.cyan.n + none.yellow.n + none.magenta.n).toBeLessThan(0.01 * before.green.n);
    await page.click('text=masks on/off');
    await page.evaluate(() => (window as unknown as { lungflowViewer: { setOpacity(i: number, o: number): void } }).lungflowViewer.setOpacity(2, 0));
    const lung = await zoneRows();
    expect(lung.green.n).toBeGreaterThan(0.9 * before.green.n);
    expect(lung.cyan.n + lung.yellow.n + lung.magenta.n).toBeLessThan(0.01 * before.green.n);
    expect(watch.errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('hostile names, subjects and errors stay text: no dialog, no injected element', async () => {
    const { page, watch } = await open(cohortUrl());
    await page.fill('#f-text', '<');
    const texts = await page.$$eval('#rows .row', (rows) => rows.map((r) => r.textContent));
    expect(texts.some((t) => t!.includes(HOSTILE_NAME))).toBe(true);
    expect(texts.some((t) => t!.includes(HOSTILE_BAD_NAME))).toBe(true);
    expect(texts.some((t) => t!.includes(HOSTILE_SUBJECT))).toBe(true);
    expect(await page.$$('img[src="x"], svg[onload], script:not([src]), b[onmouseover]')).toHaveLength(0);
    await page.close();
    for (const input of [cohort.hostile, path.join(cohort.dir, HOSTILE_BAD_NAME)]) {
      const scan = await open(pathToFileURL(scanFile(input)).href);
      expect(await scan.page.textContent('h1')).toBe(path.basename(input));
      expect(await scan.page.$$('img[src="x"], svg[onload], script:not([src]), b[onmouseover]')).toHaveLength(0);
      expect(scan.watch.dialogs).toEqual([]);
      expect(scan.watch.errors).toEqual([]);
      await scan.page.close();
    }
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors).toEqual([]);
    // the pages carry a Content-Security-Policy
    expect(readFileSync(path.join(cohort.out, 'index.html'), 'utf8')).toContain(`http-equiv="Content-Security-Policy"`);
  });

  it('the run --qc montages of one anatomy stored in several orientations are identical and radiological', async () => {
    const { PNG } = await import('pngjs');
    const rows = await queryJson<{ path: string; qc_montage_path: string }>(cohort.db, 'SELECT path, qc_montage_path FROM scans WHERE qc_montage_path IS NOT NULL');
    const pngs = ORIENTATIONS.map((o) => rows.find((r) => r.path === cohort.byOrientation[o])!.qc_montage_path).map((f) => PNG.sync.read(readFileSync(f)));
    // Slices are chosen by stored index: LPI stores them the other way up, so its montage may show neighbours.
    const sameOrder = ORIENTATIONS.map((o, i) => [o, pngs[i]] as const).filter(([o]) => o !== 'LPI');
    for (const [, p] of sameOrder.slice(1)) expect(Buffer.compare(p.data, sameOrder[0][1].data)).toBe(0);
    for (const png of pngs) expectRadiological(png);
  });

  function expectRadiological({ width, height, data }: { width: number; height: number; data: Buffer }): void {
    const count = (rgb: readonly number[]) => {
      let left = 0, right = 0;
      const tiles = Math.round((width + 4) / (height + 4));
      const tile = (width - 4 * (tiles - 1)) / tiles;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const o = 4 * (y * width + x);
          if (data[o] !== rgb[0] || data[o + 1] !== rgb[1] || data[o + 2] !== rgb[2]) continue;
          const inTile = x % (tile + 4);
          if (inTile < tile / 2) left++;
          else right++;
        }
      }
      return { left, right };
    };
    const green = count([0, 230, 0]);
    const blue = count([40, 150, 255]);
    expect(green.left).toBeGreaterThan(20 * green.right + 1);
    expect(blue.right).toBeGreaterThan(20 * blue.left + 1);
    // Anterior up is proven on a marked pixel in test/report/qcTile.test.ts.
  }
});

async function queryJson<T = Record<string, unknown>>(db: string, sql: string): Promise<T[]> {
  const { columns, rows } = await queryDatabase(db, sql);
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, typeof r[i] === 'bigint' ? Number(r[i]) : r[i]])) as T);
}
