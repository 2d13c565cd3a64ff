import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { parseCsvLine } from '../csv.js';
import { InputError } from './inputError.js';
import type { Labels } from './scanInputs.js';

export interface ManifestRow extends Labels {
  /** Absolute: relative paths are taken from the manifest's folder. */
  readonly path: string;
}

/** The rows of a manifest CSV: a `path` column (a file or a folder), optional `subject` and `session`. */
export async function* readManifest(manifestPath: string): AsyncGenerator<ManifestRow> {
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
    yield { path: path.resolve(dir, file), subject: get('subject'), session: get('session') };
  }
}
