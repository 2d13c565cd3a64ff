import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's own folder (holding package.json), from this file in src/report/ or dist/src/report/. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find lungflow\'s package folder');
    dir = up;
  }
  return dir;
}

/** The page scripts and style shipped with lungflow (report-assets/). */
export function reportAssetsDir(): string {
  return path.join(packageRoot(), 'report-assets');
}

/** NiiVue's self-contained UMD build (the version pinned in package.json), copied into each report. */
export function niivueBundle(): string {
  // Looked up as Node resolves packages (the package's exports do not name the UMD file): node_modules folders
  // from lungflow's own folder upward.
  for (let dir = packageRoot(); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', '@niivue', 'niivue', 'dist', 'niivue.umd.js');
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) throw new Error('@niivue/niivue is not installed (npm ci)');
  }
}
