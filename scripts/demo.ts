/**
 * `npm run demo`: the main job end to end on data the project makes itself. Generates a small synthetic cohort
 * with known truth, runs it, queries it, reruns it (nothing is recomputed), and sets the measured volumes beside
 * the truth. Every step is the real CLI, printed before it runs, so the output doubles as a walk-through.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/lungflow.js', import.meta.url));
const OUT = path.resolve(process.argv[2] ?? 'lungflow-demo');
const SCANS = path.join(OUT, 'scans');
const DB = path.join(OUT, 'demo.duckdb');

function lungflow(args: string[], options: { silent?: boolean } = {}): string {
  const shown = args.map((a) => (/[\s*()'"]/.test(a) ? `"${a}"` : a)).join(' ');
  if (!options.silent) process.stdout.write(`\n$ lungflow ${shown.replaceAll(process.cwd() + path.sep, '')}\n`);
  const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (!options.silent) process.stdout.write(r.stdout);
  if (r.status !== 0) {
    throw new Error(`lungflow ${args[0]} exited with ${r.status ?? r.signal}`);
  }
  return r.stdout;
}

interface Truth {
  readonly volumesMl: { readonly lung: { left: number; right: number; total: number }; readonly vessel: { total: number } };
}

rmSync(OUT, { recursive: true, force: true });
lungflow(['phantom', SCANS, '--count', '4', '--shape', '256,256,120', '--seed', '1']);
lungflow(['run', '--manifest', path.join(SCANS, 'cohort.csv'), '--db', DB, '--masks', path.join(OUT, 'masks')]);
const measured = JSON.parse(
  lungflow([
    'query', '--db', DB, '--format', 'json',
    'SELECT subject, path, lung_volume_ml, left_volume_ml, right_volume_ml, vessel_volume_ml FROM scans ORDER BY subject',
  ], { silent: true }),
) as { subject: string; path: string; lung_volume_ml: number; left_volume_ml: number; right_volume_ml: number; vessel_volume_ml: number }[];
lungflow([
  'query', '--db', DB,
  `SELECT subject, round(lung_volume_ml, 1) AS lung_ml, round(left_volume_ml, 1) AS left_ml, round(right_volume_ml, 1) AS right_ml,
          round(100 * vessel_volume_ml / lung_volume_ml, 2) AS vessel_pct, flags
   FROM scans WHERE status = 'done' ORDER BY subject`,
]);
process.stdout.write('\n# a rerun recomputes nothing:');
lungflow(['run', '--manifest', path.join(SCANS, 'cohort.csv'), '--db', DB]);

process.stdout.write('\n# measured against the phantoms\' exact truth (mL):\n');
const pct = (m: number, t: number) => `${(((m - t) / t) * 100).toFixed(1).padStart(5)} %`;
process.stdout.write('subject         lung  (truth)   error   vessel (truth)  error\n');
for (const row of measured) {
  const truth = JSON.parse(readFileSync(row.path.replace(/\.nii(\.gz)?$/, '.truth.json'), 'utf8')) as Truth;
  const t = truth.volumesMl;
  process.stdout.write(
    `${row.subject.padEnd(13)} ${row.lung_volume_ml.toFixed(0).padStart(6)} (${t.lung.total.toFixed(0).padStart(5)})  ${pct(row.lung_volume_ml, t.lung.total)}` +
      `  ${row.vessel_volume_ml.toFixed(0).padStart(5)} (${t.vessel.total.toFixed(0).padStart(4)})  ${pct(row.vessel_volume_ml, t.vessel.total)}\n`,
  );
}
process.stdout.write(`\nDatabase: ${path.relative(process.cwd(), DB)}   masks: ${path.relative(process.cwd(), path.join(OUT, 'masks'))}/\n`);
process.stdout.write(`Try: npx lungflow status --db ${path.relative(process.cwd(), DB)}\n`);
