import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** `../shared/data` beside the project root (CI clones put it there too). */
export const SHARED_DATA = path.resolve(fileURLToPath(new URL('../../../shared/data', import.meta.url)));
export const HAVE_SHARED_DATA = existsSync(SHARED_DATA);
export const SKIP_REASON = `skipped: real CT data not found at ${SHARED_DATA} (../shared/data beside the project)`;

export function sharedFile(...parts: string[]): string {
  return path.join(SHARED_DATA, ...parts);
}

if (!HAVE_SHARED_DATA) console.warn(SKIP_REASON);
