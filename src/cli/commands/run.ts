import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Argv } from 'yargs';
import { presets, DEFAULT_PRESET } from '../../../pipeline.config.js';
import { applyOverrides } from '../../config/overrides.js';
import { runCohort, type RunSummary } from '../../pipeline/runCohort.js';
import type { ResumeMode } from '../../pipeline/resume.js';
import { chooseReporter, createReporter } from '../progressReporter.js';
import { EXIT, CliError } from '../exitCodes.js';
import { parseShard, type Shard } from '../../pipeline/shard.js';
import { dbPathForShard, shardFromEnvironment } from '../../pipeline/shardFromEnv.js';
import { onSchedulerTerm } from '../schedulerTerm.js';

export const DEFAULT_DB = 'lungflow.duckdb';

export function runCommand(yargs: Argv): Argv {
  return yargs.command(
    'run [inputs..]',
    'Measure lungs and vessels in every scan of a cohort; resumes where the last run stopped',
    (y) =>
      y
        .positional('inputs', { describe: 'scans (NIfTI files, DICOM series), folders (searched recursively, DICOM grouped into series) or globs', type: 'string', array: true, default: [] })
        .option('db', { describe: 'results database (DuckDB file; created if missing)', type: 'string', default: DEFAULT_DB })
        .option('preset', { describe: 'parameter preset', choices: Object.keys(presets), default: DEFAULT_PRESET })
        .option('set', { describe: 'override a preset parameter: stage.param=value (repeatable)', type: 'string', array: true, default: [] })
        .option('manifest', { describe: 'CSV with a path column (relative to the CSV) and optional subject, session', type: 'string' })
        .option('shard', { describe: "K/N: only this machine's share of the inputs (by path), or `auto` from a Slurm, Kubernetes or AWS Batch array job; join the databases with `lungflow merge`", type: 'string' })
        .option('shard-count', { describe: 'with --shard auto: the number of shards, where the scheduler does not export it (Kubernetes, AWS Batch); or LUNGFLOW_SHARD_COUNT', type: 'number' })
        .option('term-grace', { describe: 'on SIGTERM: seconds the scans in flight may take to finish before they are abandoned (exit 75 either way)', type: 'number', default: 20 })
        .option('workers', { describe: 'worker threads for per-slice work', type: 'number', default: os.availableParallelism() })
        .option('max-scans', { describe: 'scans in flight at once, each read and analysed by one worker (bounds memory) [default: --workers, at least 2]', type: 'number' })
        .option('worker-heap-mb', { describe: 'heap limit per worker; a worker over it fails its scan only', type: 'number', default: 1024 })
        .option('retry-failed', { describe: 'rerun only the scans that failed before', type: 'boolean', default: false })
        .option('force', { describe: 'recompute every scan, even unchanged ones', type: 'boolean', default: false })
        .option('masks', { describe: 'write lung and vessel masks (.nii.gz, input geometry) into this folder', type: 'string' })
        .option('qc', { describe: 'write a QC montage per scan (<scan id>_montage.png) into this folder, for `lungflow report`', type: 'string' })
        .option('quiet', { alias: 'q', describe: 'no progress output', type: 'boolean', default: false })
        .option('stats', { describe: 'at the end, write JSON run statistics here (counts, wallMs, peakRssBytes incl. workers)', type: 'string' })
        .check((a) => {
          // yargs' .conflicts() trips on boolean defaults, so the exclusion is checked here.
          if (a['retry-failed'] && a.force) throw new CliError('--retry-failed and --force cannot be used together');
          if (!Number.isInteger(a.workers) || a.workers < 1) throw new CliError('--workers must be a whole number >= 1');
          if (a['max-scans'] !== undefined && (!Number.isInteger(a['max-scans']) || a['max-scans'] < 1)) throw new CliError('--max-scans must be a whole number >= 1');
          if (!Number.isInteger(a['worker-heap-mb']) || a['worker-heap-mb'] < 16) throw new CliError('--worker-heap-mb must be a whole number >= 16');
          if (a['shard-count'] !== undefined && (!Number.isInteger(a['shard-count']) || a['shard-count'] < 1)) throw new CliError('--shard-count must be a whole number >= 1');
          if (a['shard-count'] !== undefined && a.shard !== 'auto') throw new CliError('--shard-count goes with --shard auto');
          if (!(a['term-grace'] >= 0)) throw new CliError('--term-grace must be a number of seconds >= 0');
          return true;
        })
        .example('$0 run scans/ --db cohort.duckdb', 'every .nii/.nii.gz under scans/')
        .example('$0 run --manifest cohort.csv --db cohort.duckdb --masks masks/', 'a manifest, writing masks')
        .example('$0 run scans/ --db cohort.duckdb --retry-failed', 'rerun only what failed')
        .example('$0 run scans/ --db part-2.duckdb --shard 2/4', 'machine 2 of 4; then: lungflow merge --db all.duckdb part-*.duckdb')
        .example("$0 run scans/ --db 'results/part-{shard}.duckdb' --shard auto", 'one task of a Slurm array (sbatch --array=1-4)')
        .example("$0 run 'data/**/*ct.nii.gz' --preset seed --set vessels.minHu=-550", 'a glob, the tutorial preset with one change'),
    async (args) => {
      const startedMs = Date.now();
      const summary = await runFromCli({
        inputs: args.inputs as string[],
        manifest: args.manifest ?? null,
        shard: args.shard ?? null,
        shardCount: args['shard-count'] ?? null,
        termGraceMs: args['term-grace'] * 1000,
        db: args.db,
        preset: args.preset,
        set: args.set as string[],
        workers: args.workers,
        // One worker reads and analyses one scan: fewer scans in flight than workers would leave workers idle.
        maxScans: args['max-scans'] ?? Math.max(2, args.workers),
        workerHeapMb: args['worker-heap-mb'],
        mode: args.force ? 'force' : args['retry-failed'] ? 'retry-failed' : 'normal',
        masks: args.masks ?? null,
        qc: args.qc ?? null,
        quiet: args.quiet,
      });
      process.exitCode = summary.terminated
        ? EXIT.tempFail
        : summary.interrupted
        ? EXIT.interrupted
        : summary.emptyInputs.length > 0
          ? EXIT.usage
          : summary.failed + summary.skippedFailed > 0
          ? EXIT.someFailed
          : EXIT.ok;
      if (args.stats) writeStats(args.stats, summary, Number(process.exitCode), Date.now() - startedMs);
    },
  );
}

interface RunArgs {
  readonly inputs: readonly string[];
  readonly manifest: string | null;
  readonly shard: string | null;
  readonly shardCount: number | null;
  readonly termGraceMs: number;
  readonly db: string;
  readonly preset: string;
  readonly set: readonly string[];
  readonly workers: number;
  readonly maxScans: number;
  readonly workerHeapMb: number;
  readonly mode: ResumeMode;
  readonly masks: string | null;
  readonly qc: string | null;
  readonly quiet: boolean;
}

async function runFromCli(args: RunArgs): Promise<RunSummary & { readonly terminated: boolean }> {
  const base = presets[args.preset];
  if (!base) throw new CliError(`unknown preset ${args.preset}`);
  const config = applyOverrides(base, args.set);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    process.stderr.write('\n[lungflow] interrupted: taking no new scans, keeping finished ones (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  // SIGTERM (a scheduler's preemption, requeue or time limit): finish what is in flight within the grace period.
  const stop = new AbortController();
  const offTerm = onSchedulerTerm(args.termGraceMs, stop, controller);
  const shard = args.shard === null ? null : args.shard === 'auto' ? autoShardOrUsageError(args.shardCount) : shardOrUsageError(args.shard);
  const db = dbOrUsageError(args.db, shard);
  const reporter = createReporter(chooseReporter(args.quiet, Boolean(process.stderr.isTTY)));
  try {
    const summary = await runCohort({
      inputs: { paths: args.inputs, manifest: args.manifest, shard },
      dbPath: path.resolve(db),
      config,
      mode: args.mode,
      workers: args.workers,
      maxScansInFlight: args.maxScans,
      workerHeapMb: args.workerHeapMb,
      masksDir: args.masks ? path.resolve(args.masks) : null,
      qcDir: args.qc ? path.resolve(args.qc) : null,
      argv: process.argv.slice(2),
      timings: null,
      signal: controller.signal,
      stop: stop.signal,
      progress: reporter,
    });
    const terminated = stop.signal.aborted;
    reporter.stop();
    if (!args.quiet) {
      process.stderr.write(
        `[lungflow] run ${summary.runId}: ${summary.done} done, ${summary.failed} failed, ` +
          `${summary.skippedDone} already done, ${summary.skippedFailed} failed before (not retried)` +
          `${summary.notRun ? `, ${summary.notRun} not run (--retry-failed)` : ''}` +
          `${summary.notScans ? `, ${summary.notScans} ${summary.notScans === 1 ? 'file' : 'files'} not a scan (see skipped_inputs)` : ''}` +
          `${terminated ? ', STOPPED BY SIGTERM (exit 75)' : summary.interrupted ? ', INTERRUPTED' : ''} → ${db}\n`,
      );
      if (summary.failed + summary.skippedFailed > 0) process.stderr.write(`[lungflow] see the failures: lungflow failed --db ${db}\n`);
    }
    // Even quiet: an input that gave nothing is a usage error, and the user must learn which one and why.
    for (const e of summary.emptyInputs) process.stderr.write(`lungflow: no scan in ${e.input}: ${e.found}\n`);
    return { ...summary, terminated };
  } finally {
    reporter.stop();
    process.off('SIGINT', onSigint);
    offTerm();
  }
}

/**
 * `--stats FILE`: the run's counts, wall time and peak resident memory as JSON, for benchmarks and overnight logs.
 * maxRSS is the whole process, worker threads included (they share it). A stats file that cannot be written is
 * reported but does not change the exit code of a run that finished.
 */
function writeStats(file: string, summary: RunSummary, exitCode: number, wallMs: number): void {
  const usage = process.resourceUsage();
  const stats = {
    runId: summary.runId,
    exitCode,
    done: summary.done,
    failed: summary.failed,
    skippedDone: summary.skippedDone,
    skippedFailed: summary.skippedFailed,
    notRun: summary.notRun,
    notScans: summary.notScans,
    emptyInputs: summary.emptyInputs,
    interrupted: summary.interrupted,
    wallMs,
    peakRssBytes: usage.maxRSS * 1024,
    cpuUserMs: Math.round(usage.userCPUTime / 1000),
    cpuSystemMs: Math.round(usage.systemCPUTime / 1000),
  };
  try {
    writeFileSync(file, `${JSON.stringify(stats, null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`lungflow: could not write --stats file ${file}: ${(error as Error).message}\n`);
  }
}

function shardOrUsageError(text: string): Shard {
  try {
    return parseShard(text);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

function autoShardOrUsageError(shardCount: number | null): Shard {
  try {
    return shardFromEnvironment(process.env, shardCount);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

function dbOrUsageError(db: string, shard: Shard | null): string {
  try {
    return dbPathForShard(db, shard);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}
