import path from 'node:path';
import type { Argv } from 'yargs';
import { mergeDatabases } from '../../sinks/duckdb/mergeDatabases.js';
import { CliError } from '../exitCodes.js';
import { DEFAULT_DB } from './run.js';

export function mergeCommand(yargs: Argv): Argv {
  return yargs.command(
    'merge <sources..>',
    'Join results databases (e.g. from `run --shard K/N` on several machines) into one; per path the newest row wins',
    (y) =>
      y
        .positional('sources', { describe: 'databases to read (not changed)', type: 'string', array: true, demandOption: true })
        .option('db', { describe: 'database to merge into (created if missing)', type: 'string', default: DEFAULT_DB })
        .example('$0 merge --db cohort.duckdb part-1.duckdb part-2.duckdb', 'two machines\' shards into one file'),
    async (args) => {
      const target = path.resolve(args.db);
      const sources = (args.sources as string[]).map((s) => path.resolve(s));
      if (sources.includes(target)) throw new CliError(`--db ${args.db} is also a source: merge into another file`);
      for (const c of await mergeDatabases(target, sources)) {
        process.stderr.write(
          `[lungflow] ${path.relative(process.cwd(), c.source) || c.source}: ${c.scansTaken} scans taken, ` +
            `${c.scansKept} already as new or newer in ${args.db}, ${c.runsAdded} runs added, ${c.skippedAdded} skipped inputs added\n`,
        );
      }
    },
  );
}
