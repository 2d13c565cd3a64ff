import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * `../shared/data` beside the project root (CI clones put it there too). The one place tests find the real CT:
 * every test that reads it names its files relative to this folder, through `sharedFile` and `needSharedData`.
 */
export const SHARED_DATA = path.resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));
export const HAVE_SHARED_DATA = existsSync(SHARED_DATA);

export function sharedFile(...parts: string[]): string {
  return path.join(SHARED_DATA, ...parts);
}

/** Why a test skips: what is missing, and where it was looked for. */
export function missingReason(missing: readonly string[]): string {
  const what = HAVE_SHARED_DATA ? `${missing.join(', ')} not in ${SHARED_DATA}` : `no folder ${SHARED_DATA}`;
  return `skipped: real CT data not found: ${what} (../shared/data beside the project)`;
}

export interface SharedDataNeed {
  /** True when a needed file or folder is missing: pass to `describe.skipIf` / `it.skipIf`. */
  readonly skip: boolean;
  /** The title unchanged when everything is there; otherwise with the skip reason appended. */
  readonly title: string;
}

/**
 * What a real-data test needs, as paths relative to the data folder (files or folders; none means the folder).
 * `const need = needSharedData('title', 'seed-slices'); describe.skipIf(need.skip)(need.title, …)`.
 */
export function needSharedData(title: string, ...relative: string[]): SharedDataNeed {
  const missing = (relative.length > 0 ? relative : ['.']).filter((r) => !existsSync(sharedFile(r)));
  if (missing.length === 0) return { skip: false, title };
  return { skip: true, title: `${title} (${missingReason(missing)})` };
}

/** Every NIfTI file below the data folder (paths relative to it, sorted); empty when the folder is absent. */
export function sharedNiftiFiles(): string[] {
  if (!HAVE_SHARED_DATA) return [];
  return readdirSync(SHARED_DATA, { recursive: true, withFileTypes: true })
    .filter((e) => /\.nii(\.gz)?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => statSync(file).isFile()) // a file, or a link to one
    .map((file) => path.relative(SHARED_DATA, file))
    .sort();
}

if (!HAVE_SHARED_DATA) console.warn(missingReason([]));
