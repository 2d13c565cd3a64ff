import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { LUNGFLOW_VERSION } from '../version.js';
import { loadCohort, type CohortData, type Measure, type ReportScan, type SliceCurves } from './cohortData.js';
import { curveSvg } from './curveSvg.js';
import type { ScanRegionRows } from './regionRows.js';
import { describeDistribution, isOutlierValue, type Distribution } from './distribution.js';
import { histogramSvg } from './histogramSvg.js';
import { cohortPage, scanPage } from './pages.js';
import { niivueBundle, reportAssetsDir } from './reportAssets.js';
import { renderMontageFromMasks } from './renderMontage.js';
import { viewerReadsAsIs, writeViewerCt } from './viewerCt.js';

/** Marks a folder as a lungflow report, so rebuilding may replace what an earlier build wrote there. */
const MARKER = '.lungflow-report';
const OWNED = ['assets', 'charts', 'data', 'scans', 'volumes', 'index.html'];
/**
 * NIfTI copies of CTs stored in other formats, for the viewer (viewerCt.ts). Kept from one build to the next and
 * named by scan id and content hash: a rebuild reuses them, a changed file gets a new one, unused ones are removed.
 */
export const CT_COPIES_DIR = 'ct-copies';
const CONCURRENT_FILES = 16;
/** Montages rendered from masks decode scans: as many at once as a run's default workers on a small machine. */
const CONCURRENT_RENDERS = 2;

export class ReportError extends Error {}

export interface ReportSummary {
  readonly scans: number;
  readonly done: number;
  readonly failed: number;
  readonly montagesFromRun: number;
  readonly montagesRendered: number;
  /** Done scans without a montage: neither --qc nor --masks, or rendering failed (see problems). */
  readonly montagesMissing: number;
  readonly withViewer: number;
  /** NIfTI copies of CTs stored in other formats, for the viewer: written by this build, and kept from an earlier one. */
  readonly ctCopies: { readonly written: number; readonly reused: number };
  readonly problems: readonly string[];
  readonly measures: readonly string[];
}

export interface ReportOptions {
  readonly dbPath: string;
  readonly outDir: string;
  /** Progress lines (one per phase); none when absent. */
  readonly log?: (line: string) => void;
}

/** Writes the static site: index.html (the cohort), one page per scan, their data, charts, images and assets. */
export async function buildReport(options: ReportOptions): Promise<ReportSummary> {
  const log = options.log ?? (() => undefined);
  const cohort = await loadCohort(options.dbPath);
  const out = path.resolve(options.outDir);
  await prepareOut(out);
  for (const d of ['assets', 'charts', 'data', 'scans', 'volumes']) await mkdir(path.join(out, d), { recursive: true });
  await copyAssets(out);

  const done = cohort.scans.filter((s) => s.status === 'done');
  const distributions = new Map<string, Distribution | null>();
  for (const m of cohort.measures) {
    distributions.set(m.key, describeDistribution(done.map((s) => s.values[m.key]).filter((v): v is number => v !== null)));
  }
  const charts = cohort.measures.map((m, i) => {
    const d = distributions.get(m.key) ?? null;
    return { measure: m, d, file: d ? `charts/m${i}.svg` : null };
  });
  await inBatches(charts, CONCURRENT_FILES, async (c) => {
    if (c.file && c.d) await writeFile(path.join(out, c.file), histogramSvg(c.measure.label, c.d));
  });

  const problems: string[] = [];
  const montage = await writeMontages(out, cohort, problems, log);
  const ctCopies = await writeCtCopies(out, cohort, problems, log);
  let withViewer = 0;
  await inBatches(cohort.scans, CONCURRENT_FILES, async (s) => {
    const name = fileNameOf(s.scanId);
    const curve = cohort.curves.get(s.scanId);
    if (curve && curve.index.length > 0) await writeFile(path.join(out, 'scans', `${name}.curve.svg`), curveSvg(curve));
    const viewer = await linkVolumes(out, name, s, ctCopies.files);
    if (viewer) withViewer++;
    await writeFile(path.join(out, 'scans', `${name}.js`), dataScript('lungflowScan', scanData(s, cohort.measures, distributions, curve, montage.get(s.scanId) ?? null, viewer, ctCopies.failures.get(s.scanId) ?? null, cohort.regions.get(s.scanId) ?? null)));
    await writeFile(path.join(out, 'scans', `${name}.html`), scanPage(`${name}.js`));
  });

  const data = cohortData(cohort, charts, distributions, options.dbPath, montage);
  await writeFile(path.join(out, 'data', 'cohort.js'), dataScript('lungflowCohort', data));
  await writeFile(path.join(out, 'index.html'), cohortPage());
  await writeFile(path.join(out, MARKER), `lungflow ${LUNGFLOW_VERSION} report\n`);

  const counts = { fromRun: 0, rendered: 0 };
  for (const m of montage.values()) counts[m.source === 'run' ? 'fromRun' : 'rendered']++;
  return {
    scans: cohort.scans.length,
    done: done.length,
    failed: cohort.scans.length - done.length,
    montagesFromRun: counts.fromRun,
    montagesRendered: counts.rendered,
    montagesMissing: done.length - montage.size,
    withViewer,
    ctCopies: ctCopies.counts,
    problems,
    measures: cohort.measures.map((m) => m.key),
  };
}

/** An existing folder is only reused when empty or an earlier report: nothing else of the user's is replaced. */
async function prepareOut(out: string): Promise<void> {
  if (!existsSync(out)) return;
  const entries = await readdir(out);
  if (entries.length === 0) return;
  if (!entries.includes(MARKER)) throw new ReportError(`${out} is not empty and holds no earlier report: choose an empty or new folder for --out`);
  for (const e of OWNED) await rm(path.join(out, e), { recursive: true, force: true });
}

async function copyAssets(out: string): Promise<void> {
  const dir = reportAssetsDir();
  for (const f of await readdir(dir)) await copyFile(path.join(dir, f), path.join(out, 'assets', f));
  await copyFile(niivueBundle(), path.join(out, 'assets', 'niivue.umd.js'));
}

interface MontageRef {
  readonly file: string;
  readonly source: 'run' | 'report';
}

/** Montages written by `run --qc` are copied; for done scans without one but with masks, one is rendered here. */
async function writeMontages(out: string, cohort: CohortData, problems: string[], log: (line: string) => void): Promise<Map<string, MontageRef>> {
  const refs = new Map<string, MontageRef>();
  const toRender: ReportScan[] = [];
  await inBatches(cohort.scans.filter((s) => s.status === 'done'), CONCURRENT_FILES, async (s) => {
    const file = `${fileNameOf(s.scanId)}.montage.png`;
    if (s.qcMontagePath && existsSync(s.qcMontagePath)) {
      await copyFile(s.qcMontagePath, path.join(out, 'scans', file));
      refs.set(s.scanId, { file, source: 'run' });
    } else if (s.lungMaskPath) {
      toRender.push(s);
    }
  });
  if (toRender.length > 0) log(`rendering ${toRender.length} montage(s) from the CT and its masks (these scans were run without --qc)`);
  await inBatches(toRender, CONCURRENT_RENDERS, async (s) => {
    const file = `${fileNameOf(s.scanId)}.montage.png`;
    const curve = cohort.curves.get(s.scanId);
    try {
      const png = await renderMontageFromMasks({
        ctPath: s.path,
        scanId: s.scanId,
        lungMaskPath: s.lungMaskPath!,
        vesselMaskPath: s.vesselMaskPath,
        nSlices: curve?.index.length ?? 0,
        areas: curve ? curve.index.map((index, k) => ({ index, lungAreaMm2: curve.lung[k] })) : [],
        sides: curve ? curve.left.some((v) => v !== null) : false,
      });
      await writeFile(path.join(out, 'scans', file), png);
      refs.set(s.scanId, { file, source: 'report' });
    } catch (error) {
      problems.push(`${s.path}: no montage: ${(error as Error).message}`);
    }
  });
  return refs;
}

/** Scans the viewer will show (done, with masks). */
function withMasks(s: ReportScan): s is ReportScan & { readonly lungMaskPath: string } {
  return s.status === 'done' && s.lungMaskPath !== null;
}

/**
 * The NIfTI copy (ct-copies/…) of each viewer scan stored in another format, by scan id: reused when an earlier
 * build made it from the same content, else written (two at a time: each holds its volume). Failures are problems,
 * and that scan gets no viewer.
 */
async function writeCtCopies(
  out: string,
  cohort: CohortData,
  problems: string[],
  log: (line: string) => void,
): Promise<{ files: Map<string, string>; failures: Map<string, string>; counts: { written: number; reused: number } }> {
  const dir = path.join(out, CT_COPIES_DIR);
  await mkdir(dir, { recursive: true });
  const wanted = cohort.scans.filter((s) => withMasks(s) && !viewerReadsAsIs(s.path));
  const files = new Map(wanted.map((s) => [s.scanId, `${s.scanId}-${(s.contentSha256 ?? 'unhashed').slice(0, 16)}.nii.gz`]));
  const present = new Set(await readdir(dir));
  const used = new Set(files.values());
  for (const f of present) if (!used.has(f)) await rm(path.join(dir, f), { force: true });
  const toWrite = wanted.filter((s) => s.contentSha256 === null || !present.has(files.get(s.scanId)!));
  if (toWrite.length > 0) log(`writing NIfTI copies of ${toWrite.length} CT(s) stored in other formats, for the viewer (${wanted.length - toWrite.length} reused)`);
  const copies = new Map<string, string>();
  const writing = new Set(toWrite);
  for (const s of wanted) if (!writing.has(s)) copies.set(s.scanId, path.join(dir, files.get(s.scanId)!));
  const reused = copies.size;
  const failures = new Map<string, string>();
  await inBatches(toWrite, CONCURRENT_RENDERS, async (s) => {
    const file = path.join(dir, files.get(s.scanId)!);
    try {
      await writeViewerCt(s.path, s.scanId, file);
      copies.set(s.scanId, file);
    } catch (error) {
      const why = `its CT could not be read again to make the NIfTI copy the viewer reads: ${(error as Error).message}`;
      failures.set(s.scanId, why);
      problems.push(`${s.path}: no viewer: ${why}`);
    }
  });
  return { files: copies, failures, counts: { written: copies.size - reused, reused } };
}

/**
 * Links the CT (or its NIfTI copy) and its masks under volumes/<scan>/ so the viewer fetches them from the site
 * (same origin); null when the scan has no masks (the viewer shows the CT with its masks, or nothing) or its CT is
 * in another format and could not be copied.
 */
async function linkVolumes(out: string, name: string, s: ReportScan, ctCopies: ReadonlyMap<string, string>): Promise<ViewerFiles | null> {
  if (!withMasks(s)) return null;
  const ct = viewerReadsAsIs(s.path) ? s.path : ctCopies.get(s.scanId);
  if (!ct) return null;
  const dir = path.join(out, 'volumes', name);
  await mkdir(dir, { recursive: true });
  const ctName = /\.gz$/i.test(ct) ? 'ct.nii.gz' : 'ct.nii';
  await symlink(ct, path.join(dir, ctName));
  await symlink(s.lungMaskPath, path.join(dir, 'lung.nii.gz'));
  if (s.vesselMaskPath) await symlink(s.vesselMaskPath, path.join(dir, 'vessels.nii.gz'));
  if (s.regionsMaskPath) await symlink(s.regionsMaskPath, path.join(dir, 'regions.nii.gz'));
  const rel = `../volumes/${name}/`;
  return {
    ct: rel + ctName,
    lung: `${rel}lung.nii.gz`,
    vessels: s.vesselMaskPath ? `${rel}vessels.nii.gz` : null,
    regions: s.regionsMaskPath ? `${rel}regions.nii.gz` : null,
  };
}

interface ViewerFiles {
  readonly ct: string;
  readonly lung: string;
  readonly vessels: string | null;
  readonly regions: string | null;
}

function scanData(
  s: ReportScan,
  measures: readonly Measure[],
  distributions: ReadonlyMap<string, Distribution | null>,
  curve: SliceCurves | undefined,
  montage: MontageRef | null,
  viewer: ViewerFiles | null,
  /** Why a scan with masks has no viewer (its CT could not be copied), else null. */
  viewerProblem: string | null,
  regions: ScanRegionRows | null,
): unknown {
  const name = fileNameOf(s.scanId);
  return {
    scan: { ...s, values: undefined },
    measures: measures.map((m) => {
      const v = s.values[m.key];
      const d = distributions.get(m.key);
      return { key: m.key, label: m.label, value: v, outlier: v !== null && d ? isOutlierValue(v, d.low, d.high) : false, median: d?.median ?? null };
    }),
    curve: curve && curve.index.length > 0 ? `${name}.curve.svg` : null,
    montage: montage ? { file: montage.file, source: montage.source } : null,
    viewer,
    viewerProblem,
    regions,
  };
}

function cohortData(
  cohort: CohortData,
  charts: readonly { measure: Measure; d: Distribution | null; file: string | null }[],
  distributions: ReadonlyMap<string, Distribution | null>,
  dbPath: string,
  montages: ReadonlyMap<string, MontageRef>,
): unknown {
  const tally = (keys: Iterable<string>) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  const scans = cohort.scans;
  return {
    generated: new Date().toISOString(),
    version: LUNGFLOW_VERSION,
    db: path.resolve(dbPath),
    counts: {
      status: tally(scans.map((s) => s.status)),
      flags: tally(scans.flatMap((s) => [...new Set(s.flags.map(flagKey))])),
      errors: tally(scans.filter((s) => s.status === 'failed').map((s) => s.errorCode ?? 'unknown')),
      montages: tally(scans.filter((s) => s.status === 'done').map((s) => montages.get(s.scanId)?.source ?? 'none')),
    },
    measures: charts.map((c) => ({
      key: c.measure.key,
      label: c.measure.label,
      chart: c.file,
      n: c.d?.n ?? 0,
      median: c.d?.median ?? null,
      low: c.d?.low ?? null,
      high: c.d?.high ?? null,
    })),
    scans: scans.map((s) => {
      const v = cohort.measures.map((m) => s.values[m.key]);
      const o = cohort.measures.flatMap((m, i) => {
        const d = distributions.get(m.key);
        const x = v[i];
        return s.status === 'done' && x !== null && d && isOutlierValue(x, d.low, d.high) ? [i] : [];
      });
      return { id: s.scanId, page: `scans/${fileNameOf(s.scanId)}.html`, path: s.path, status: s.status, subject: s.subject, session: s.session, flags: s.flags, errorCode: s.errorCode, error: s.error, v, o };
    }),
  };
}

/** `lungs-not-separated: 3 slices` → `lungs-not-separated`. */
export function flagKey(flag: string): string {
  const i = flag.indexOf(':');
  return (i < 0 ? flag : flag.slice(0, i)).trim();
}

/** A data file the pages load with <script src> (fetch cannot read file:// pages' neighbours): JSON assigned to a global. */
function dataScript(global: string, data: unknown): string {
  return `window.${global} = ${JSON.stringify(data)};\n`;
}

/** Scan ids are hex; anything else (a database from elsewhere) is hashed into a safe file name. */
function fileNameOf(scanId: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(scanId) ? scanId : createHash('sha256').update(scanId).digest('hex').slice(0, 16);
}

async function inBatches<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
