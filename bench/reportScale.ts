/**
 * How long `lungflow report` takes for a large cohort: `npx tsx bench/reportScale.ts [--scans 1000] [--base 10]`.
 * Runs `--base` small phantoms for real (with --qc and --masks), then makes the database hold `--scans` rows by
 * copying those rows under new paths (symbolic links to the same files, so every path, mask and montage the report
 * links or copies exists), and times `lungflow report` on it, the whole process included.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePhantomCohort } from '../src/phantom/index.js';
import { openDatabase } from '../src/sinks/duckdb/openDatabase.js';

const BIN = fileURLToPath(new URL('../bin/lungflow.js', import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const total = arg('scans', 1000);
const base = arg('base', 10);

function lungflow(args: string[]): { ms: number; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  if (r.status !== 0 && !(args[0] === 'run' && r.status === 1)) throw new Error(`lungflow ${args.join(' ')}: ${r.stderr}`);
  return { ms: performance.now() - t0, stderr: r.stderr };
}

const dir = mkdtempSync(path.join(tmpdir(), 'lungflow-report-scale-'));
const files = (await writePhantomCohort(path.join(dir, 'scans'), { count: base, baseSeed: 1, shape: [96, 96, 36], spacingMm: [3.6, 3.6, 7] }))
  .filter((f) => f.endsWith('.nii.gz'));
const db = path.join(dir, 'cohort.duckdb');
const run = lungflow(['run', ...files, '--db', db, '--masks', path.join(dir, 'masks'), '--qc', path.join(dir, 'qc'), '-q']);

const copies = Math.ceil(total / base) - 1;
const opened = await openDatabase(db, { readOnly: false });
for (let k = 1; k <= copies; k++) {
  const folder = path.join(dir, 'copies', String(k));
  mkdirSync(folder, { recursive: true });
  for (const f of files) symlinkSync(f, path.join(folder, path.basename(f)));
  const c = opened.connection;
  await c.run(`INSERT INTO slices SELECT * REPLACE (scan_id || '${k}' AS scan_id) FROM slices WHERE length(scan_id) = 16`);
  await c.run(`INSERT INTO scans SELECT * REPLACE (scan_id || '${k}' AS scan_id, replace(path, '${path.join(dir, 'scans')}', '${folder}') AS path)
               FROM scans WHERE length(scan_id) = 16`);
}
const n = Number((await opened.connection.runAndReadAll('SELECT count(*) FROM scans')).getRows()[0][0]);
opened.close();

const report = lungflow(['report', '--db', db, '--out', path.join(dir, 'report')]);
console.log(`${base} phantoms run in ${(run.ms / 1000).toFixed(1)} s; database of ${n} scans`);
console.log(`lungflow report, ${n} scans: ${(report.ms / 1000).toFixed(1)} s wall (process start included)`);
console.log(report.stderr.trim());
console.log(`report in ${path.join(dir, 'report')}`);
