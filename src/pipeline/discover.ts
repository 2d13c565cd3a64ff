import { opendir, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import type { ScanInput } from '../results.js';
import { globBase, globToRegExp, isGlob } from './glob.js';
import { parseCsvLine } from './csv.js';
import { scanFilesOf } from '../readers/scanFiles.js';
import { inShard, type Shard } from './shard.js';

export class InputError extends Error {}

export interface DiscoverOptions {
  readonly paths: readonly string[];
  readonly manifest: string | null;
  /** Only this machine's share of the inputs (`--shard K/N`); null or absent: all of them. */
  readonly shard?: Shard | null;
  readonly signal?: AbortSignal;
}

export function isNiftiName(name: string): boolean {
  return /\.nii(\.gz)?$/i.test(name);
}

/** Checks the arguments before a run starts, so a typo is a usage error rather than a cohort of failures. */
export async function validateInputs(options: DiscoverOptions): Promise<void> {
  if (options.paths.length === 0 && !options.manifest) throw new InputError('no inputs: give files, folders, globs or --manifest');
  for (const p of options.paths) {
    if (isGlob(p)) continue;
    await stat(p).catch(() => {
      throw new InputError(`input not found: ${p}`);
    });
  }
  if (options.manifest) {
    await stat(options.manifest).catch(() => {
      throw new InputError(`manifest not found: ${options.manifest}`);
    });
  }
}

/**
 * Streams the scans to run, lazily: a folder is walked as it is read (no listing first, no sorting), so the first
 * scan starts at once however large the folder. Each absolute path is yielded once.
 */
export async function* discoverInputs(options: DiscoverOptions): AsyncGenerator<ScanInput> {
  const seen = new Set<string>();
  const once = function* (input: ScanInput): Generator<ScanInput> {
    if (seen.has(input.path) || !inShard(input.path, options.shard ?? null)) return;
    seen.add(input.path);
    yield input;
  };
  for (const p of options.paths) {
    for await (const file of expandPath(p, options.signal)) {
      if (options.signal?.aborted) return;
      yield* once({ path: file, files: await scanFilesOf(file), subject: null, session: null });
    }
  }
  if (options.manifest) {
    for await (const input of readManifest(options.manifest)) {
      if (options.signal?.aborted) return;
      yield* once(input);
    }
  }
}

async function* expandPath(p: string, signal?: AbortSignal): AsyncGenerator<string> {
  if (isGlob(p)) {
    const base = path.resolve(globBase(p));
    const pattern = globToRegExp(path.resolve(p));
    for await (const file of walk(base, signal)) if (pattern.test(file)) yield file;
    return;
  }
  const absolute = path.resolve(p);
  const info = await stat(absolute);
  if (info.isDirectory()) {
    for await (const file of walk(absolute, signal)) if (isNiftiName(file)) yield file;
  } else {
    // A file named explicitly is taken whatever its name: the reader sniffs the content.
    yield absolute;
  }
}

async function* walk(dir: string, signal?: AbortSignal): AsyncGenerator<string> {
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let handle;
    try {
      handle = await opendir(current, { bufferSize: 256 });
    } catch {
      continue; // unreadable sub-folder: nothing to yield from it
    }
    for await (const entry of handle) {
      if (signal?.aborted) return;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() || entry.isSymbolicLink()) yield full;
    }
  }
}

async function* readManifest(manifestPath: string): AsyncGenerator<ScanInput> {
  const dir = path.dirname(path.resolve(manifestPath));
  const lines = createInterface({ input: createReadStream(manifestPath), crlfDelay: Infinity });
  let header: string[] | null = null;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const cells = parseCsvLine(line);
    if (!header) {
      header = cells.map((c) => c.trim().toLowerCase());
      if (!header.includes('path')) throw new InputError(`manifest ${manifestPath}: the header row has no 'path' column`);
      continue;
    }
    const get = (name: string): string | null => {
      const i = header!.indexOf(name);
      const v = i >= 0 ? (cells[i] ?? '').trim() : '';
      return v === '' ? null : v;
    };
    const file = get('path');
    if (!file) throw new InputError(`manifest ${manifestPath}, line ${lineNo}: empty path`);
    const absolute = path.resolve(dir, file);
    yield { path: absolute, files: await scanFilesOf(absolute), subject: get('subject'), session: get('session') };
  }
}
