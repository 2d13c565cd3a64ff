import path from 'node:path';
import type { Argv } from 'yargs';
import { exportTables, type ExportFormat } from '../../sinks/duckdb/exportTables.js';
import { RESULTS_DB_OPTION } from './readOptions.js';

export function exportCommand(yargs: Argv): Argv {
  return yargs.command(
    'export',
    'Write every table of a results database as Parquet (or CSV) files: <out>/scans.parquet, slices.parquet, runs.parquet, …',
    (y) =>
      y
        .option('db', RESULTS_DB_OPTION)
        .option('out', { describe: 'folder for the files (created if missing; files of the same name are replaced)', type: 'string', demandOption: true })
        .option('format', { describe: 'file format', choices: ['parquet', 'csv'] as const, default: 'parquet' as const })
        .example('$0 export --db cohort.duckdb --out cohort-parquet/', 'one Parquet file per table')
        .example("$0 query --db cohort-parquet/ \"SELECT count(*) FROM scans\"", 'query the files as they are'),
    async (args) => {
      const exported = await exportTables(path.resolve(args.db), path.resolve(args.out), args.format as ExportFormat);
      for (const e of exported) process.stderr.write(`[lungflow] ${e.table}: ${e.rows} rows → ${e.file}\n`);
    },
  );
}
