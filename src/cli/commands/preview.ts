import type { Argv } from 'yargs';
import { PreviewCatalog, SelectionError, previewBaseName, type CatalogScan, type ScanSelection } from '../../preview/catalog.js';
import { parseWindow } from '../../preview/displayWindow.js';
import { PreviewProblem, previewScan, type PreviewTarget } from '../../preview/previewScan.js';
import { parseSliceSpec, selectSlices, type SliceSpec } from '../../preview/selectSlices.js';
import type { DisplayWindow } from '../../stages/window.js';
import { CliError, EXIT } from '../exitCodes.js';
import { RESULTS_DB_OPTION } from './readOptions.js';

const NO_MASKS = 'no masks: rerun with --masks DIR --force';
/** Scans without masks named one by one; the rest are counted. */
const LIST_AT_MOST = 20;

export function previewCommand(yargs: Argv): Argv {
  return yargs.command(
    'preview',
    'Write PNG previews of finished scans for visual checks: CT, lung outline, vessels (needs a run with --masks)',
    (y) =>
      y
        .option('db', RESULTS_DB_OPTION)
        .option('out', { describe: 'folder for the PNGs (created if missing)', type: 'string', demandOption: true })
        .option('scan', { describe: 'only scans whose path contains this text', type: 'string' })
        .option('where', { describe: 'only scans matching this SQL condition on the scans table', type: 'string' })
        .option('slices', {
          describe: 'max-lung: the largest lung slice and the slices at 25 % and 75 % of the lung\'s extent; mid: the middle slice; or indexes N,N,… (0-based, as stored)',
          type: 'string',
          default: 'max-lung',
        })
        .option('window', { describe: 'display window: lung (-600/1500), mediastinum (40/400) or LEVEL,WIDTH in HU', type: 'string', default: 'lung' })
        .option('limit', { describe: 'preview at most N scans (first by path)', type: 'number' })
        .option('montage', { describe: 'also write <name>_montage.png with the slices side by side', type: 'boolean', default: false })
        .epilogue(
          'Pictures are <out>/<mask name>_s<slice index>.png, the index zero-padded to the digits of the scan\'s last index so names sort (_s007 of 300 slices): the CT in grey, the lung boundary in green, vessels tinted red, in the '
          + 'radiological view (patient\'s right on the image\'s left, anterior at the top). Only done scans with masks can be shown.',
        )
        .example('$0 preview --db cohort.duckdb --out qc/', 'three slices of every scan')
        .example('$0 preview --out qc/ --where "len(flags) > 0" --montage', 'scans with warnings, one strip each')
        .example('$0 preview --out qc/ --scan sub-07 --slices 40,60', 'two slices of one subject'),
    async (args) => {
      const spec = parsed('slices', () => parseSliceSpec(args.slices));
      const window = parsed('window', () => parseWindow(args.window));
      if (args.limit !== undefined && !(Number.isInteger(args.limit) && args.limit >= 1)) {
        throw new CliError(`--limit must be a whole number >= 1, got ${args.limit}`);
      }
      const selection: ScanSelection = { scan: args.scan, where: args.where };
      const plan = await planPreviews(args.db, selection, spec, args.limit);
      process.exitCode = await writePreviews(plan, { outDir: args.out, window, montage: args.montage });
    },
  );
}

function parsed<T>(option: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new CliError(`--${option}: ${(error as Error).message}`);
  }
}

interface PreviewPlan {
  readonly targets: readonly (PreviewTarget & { readonly note: string | null })[];
  readonly withoutMasks: readonly CatalogScan[];
  readonly notDone: number;
  /** Scans with masks left out by --limit. */
  readonly overLimit: number;
}

/** Reads what to show from the database (opened read-only, closed before any image is read). */
async function planPreviews(db: string, selection: ScanSelection, spec: SliceSpec, limit: number | undefined): Promise<PreviewPlan> {
  const catalog = await PreviewCatalog.open(db);
  try {
    let scans: CatalogScan[];
    try {
      scans = await catalog.scans(selection);
    } catch (error) {
      if (error instanceof SelectionError) throw new CliError(error.message);
      throw error;
    }
    const done = scans.filter((s) => s.status === 'done' && s.nSlices !== null);
    const withMasks = done.filter((s) => s.lungMaskPath !== null);
    const chosen = withMasks.slice(0, limit ?? withMasks.length);
    const targets = [];
    for (const s of chosen) {
      const areas = spec.kind === 'max-lung' ? await catalog.lungAreas(s.scanId) : [];
      const choice = selectSlices(spec, areas, s.nSlices!);
      targets.push({
        ctPath: s.path,
        scanId: s.scanId,
        lungMaskPath: s.lungMaskPath!,
        vesselMaskPath: s.vesselMaskPath,
        base: previewBaseName(s.lungMaskPath!),
        indices: choice.indices,
        note: choice.note,
      });
    }
    return {
      targets,
      withoutMasks: done.filter((s) => s.lungMaskPath === null),
      notDone: scans.length - done.length,
      overLimit: withMasks.length - chosen.length,
    };
  } finally {
    catalog.close();
  }
}

/** Renders every planned scan; returns the exit code (1 only when nothing could be written). */
async function writePreviews(plan: PreviewPlan, settings: { outDir: string; window: DisplayWindow; montage: boolean }): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let images = 0, scansShown = 0, unreadable = 0;
  for (const target of plan.targets) {
    if (target.note) err(`${target.ctPath}: ${target.note}`);
    try {
      const outcome = await previewScan(target, settings);
      for (const note of outcome.notes) err(`${target.ctPath}: ${note}`);
      for (const file of outcome.written) process.stdout.write(`${file}\n`);
      images += outcome.written.length;
      if (outcome.written.length > 0) scansShown++;
    } catch (error) {
      if (!(error instanceof PreviewProblem)) throw error;
      err(`${target.ctPath}: ${error.message}`);
      unreadable++;
    }
  }
  for (const s of plan.withoutMasks.slice(0, LIST_AT_MOST)) err(`${s.path}: ${NO_MASKS}`);
  if (plan.withoutMasks.length > LIST_AT_MOST) err(`… and ${plan.withoutMasks.length - LIST_AT_MOST} more scans without masks`);
  const parts = [`${images} PNG${images === 1 ? '' : 's'} for ${scansShown} scan${scansShown === 1 ? '' : 's'}${images > 0 ? ` in ${settings.outDir}` : ''}`];
  if (unreadable > 0) parts.push(`${unreadable} could not be read`);
  if (plan.withoutMasks.length > 0) parts.push(`${plan.withoutMasks.length} without masks`);
  if (plan.notDone > 0) parts.push(`${plan.notDone} not done (failed), skipped`);
  if (plan.overLimit > 0) parts.push(`${plan.overLimit} more left out by --limit`);
  const matched = plan.targets.length + plan.withoutMasks.length + plan.notDone + plan.overLimit;
  if (matched === 0) parts.push('no scan in the database matches');
  err(`preview: ${parts.join('; ')}`);
  return images > 0 ? EXIT.ok : EXIT.someFailed;
}
