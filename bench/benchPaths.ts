/**
 * Where the benchmark keeps things, whether it runs from the TypeScript sources (tsx) or from the compiled build
 * (dist/bench/*.js, what `npm run bench` runs: the code path of the installed CLI, workers without a TS loader).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** True when this file is the compiled .js (dist/bench), false under tsx. */
export const COMPILED = import.meta.url.endsWith('.js');

/** The repository root: the nearest folder above this file holding package.json. */
export const REPO_ROOT = ((): string => {
  let dir = here;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${here}`);
    dir = up;
  }
  return dir;
})();

/** Cached benchmark scans (gitignored). */
export const CACHE_ROOT = join(REPO_ROOT, 'bench', '.cache');
/** Result JSON files (gitignored *.json). */
export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

/** node arguments that run the sibling benchmark script `name` (without extension) in a child process. */
export function scriptArgs(name: string): string[] {
  return COMPILED ? [join(here, `${name}.js`)] : ['--import', 'tsx', join(here, `${name}.ts`)];
}
