import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ScanInput, SkippedInput, SkipReason } from '../results.js';
import { classifyFile } from './discovery/classifyFile.js';
import { DicomSeriesGrouper, type SeriesFound } from './discovery/dicomSeries.js';
import { isGlob, walkGlob } from './discovery/glob.js';
import { InputError } from './discovery/inputError.js';
import { readManifest } from './discovery/manifest.js';
import { notAScan } from './discovery/notAScan.js';
import { NO_LABELS, singleFileScan, type Labels } from './discovery/scanInputs.js';
import { TAKE_ALL, walkTree, type WalkEvent } from './discovery/walk.js';
import { idInShard, inShard, type Shard } from './shard.js';

export { InputError } from './discovery/inputError.js';
export { isNiftiName } from '../readers/fileNames.js';

export interface DiscoverOptions {
  readonly paths: readonly string[];
  readonly manifest: string | null;
  /** Only this machine's share of the inputs (`--shard K/N`); null or absent: all of them. */
  readonly shard?: Shard | null;
  readonly signal?: AbortSignal;
}

/** What discovery finds: a scan to run, something that is not a scan, or an input that gave no scan at all. */
export type Discovered =
  | { readonly kind: 'scan'; readonly input: ScanInput }
  | { readonly kind: 'skipped'; readonly skipped: SkippedInput }
  | { readonly kind: 'empty-input'; readonly input: string; readonly found: string };

/** Checks the arguments before a run starts, so a typo is a usage error rather than a cohort of failures. */
export async function validateInputs(options: DiscoverOptions): Promise<void> {
  if (options.paths.length === 0 && !options.manifest) throw new InputError('no inputs: give files, folders, globs or --manifest');
  for (const p of options.paths) {
    if ((await exists(p)) || isGlob(p)) continue;
    throw new InputError(`input not found: ${p}`);
  }
  if (options.manifest && !(await exists(options.manifest))) throw new InputError(`manifest not found: ${options.manifest}`);
}

/**
 * Streams what to run, lazily: folders are walked as they are read (no listing first), and a DICOM series is
 * handed on as soon as the walk has left the folders that can hold it (see DicomSeriesGrouper), so the first scan
 * starts at once however large the export. A file is a scan when its content says so; files named .nii/.nii.gz
 * (or .dcm) are scans whatever their content, so a broken one fails loudly instead of vanishing. Each scan id is
 * yielded once. An input that gives no scan at all (before sharding) is reported as `empty-input`.
 */
export async function* discoverInputs(options: DiscoverOptions): AsyncGenerator<Discovered> {
  const shard = options.shard ?? null;
  const seen = new Set<string>();
  const signal = options.signal;
  function* emit(found: SeriesFound | { scans: ScanInput[]; skipped: SkippedInput[] }): Generator<Discovered> {
    for (const input of found.scans) {
      if (seen.has(input.scanId)) continue;
      seen.add(input.scanId);
      if (idInShard(input.scanId, shard)) yield { kind: 'scan', input };
    }
    for (const skipped of found.skipped) {
      const key = `skipped\n${skipped.path}\n${skipped.seriesInstanceUid ?? ''}\n${skipped.reason}\n${skipped.detail ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (inShard(key, shard)) yield { kind: 'skipped', skipped };
    }
  }

  // One grouper for everything on the command line: DICOM files named one by one (a shell's glob) form one series.
  const grouper = new DicomSeriesGrouper(NO_LABELS);
  for (const p of options.paths) {
    const tally = new InputTally();
    for await (const event of await eventsOf(p, signal)) {
      if (signal?.aborted) return;
      yield* emit(await handle(event, grouper, tally, NO_LABELS));
    }
    if (tally.scans === 0) yield { kind: 'empty-input', input: p, found: tally.describe(isGlob(p) && !(await exists(p))) };
  }
  yield* emit(grouper.flush());

  if (options.manifest) {
    const tally = new InputTally();
    for await (const row of readManifest(options.manifest)) {
      if (signal?.aborted) return;
      const rowGrouper = new DicomSeriesGrouper(row);
      for await (const event of await eventsOf(row.path, signal, { missingIsFile: true })) {
        if (signal?.aborted) return;
        yield* emit(await handle(event, rowGrouper, tally, row));
      }
      yield* emit(rowGrouper.flush());
    }
    if (tally.scans === 0) yield { kind: 'empty-input', input: `--manifest ${options.manifest}`, found: tally.describe(false) };
  }
}

/** A file named explicitly is taken whatever it is (its reader says what is wrong); found files by their content. */
type Event = WalkEvent | { readonly kind: 'named'; readonly path: string };

async function eventsOf(p: string, signal?: AbortSignal, opts: { missingIsFile?: boolean } = {}): Promise<AsyncIterable<Event>> {
  const absolute = path.resolve(p);
  const info = await stat(absolute).catch(() => null);
  if (info?.isDirectory()) return walkTree(absolute, TAKE_ALL, 'all', signal);
  if (info || opts.missingIsFile || !isGlob(p)) return one({ kind: 'named', path: absolute });
  return walkGlob(p, signal);
}

async function* one(event: Event): AsyncGenerator<Event> {
  yield event;
}

async function handle(event: Event, grouper: DicomSeriesGrouper, tally: InputTally, labels: Labels): Promise<SeriesFound> {
  if (event.kind === 'left') return grouper.left(event.dir);
  const file = event.path;
  const named = event.kind === 'named';
  tally.files++;
  const kind = await classifyFile(file);
  if (kind.kind === 'single' || kind.kind === 'broken-dicom' || (kind.kind === 'other' && named)) {
    tally.scans++;
    return { scans: [await singleFileScan(file, labels)], skipped: [] };
  }
  if (kind.kind === 'other') return NOTHING;
  const skip = notAScan(kind.header);
  if (skip) tally.skip(skip.reason);
  else {
    tally.dicomImages++;
    tally.scans++;
  }
  grouper.add(kind.header, skip);
  return NOTHING;
}

const NOTHING: SeriesFound = { scans: [], skipped: [] };

/** What one input held, to say why it gave no scan. */
class InputTally {
  files = 0;
  scans = 0;
  dicomImages = 0;
  private readonly skipped = new Map<SkipReason, number>();

  skip(reason: SkipReason): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }

  describe(glob: boolean): string {
    if (this.files === 0) return glob ? 'the glob matches no file' : 'no files';
    const nSkipped = [...this.skipped.values()].reduce((a, b) => a + b, 0);
    const files = `${this.files} ${this.files === 1 ? 'file' : 'files'}`;
    if (nSkipped === 0) return `${files}, none NIfTI, DICOM, NRRD or MetaImage`;
    const reasons = [...this.skipped].map(([r, n]) => `${n} ${r}`).join(', ');
    return `${files}, none a CT scan: ${nSkipped} DICOM not a scan (${reasons}; see the table skipped_inputs)`;
  }
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null)) !== null;
}
