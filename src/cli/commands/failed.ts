import type { Argv } from 'yargs';
import { formatRows, type OutputFormat } from '../output/formatRows.js';
import { RESULTS_DB_OPTION, FORMAT_OPTION } from './readOptions.js';
import { runQuery } from './query.js';

export function failedCommand(yargs: Argv): Argv {
  return yargs.command(
    'failed',
    'List the scans that failed, with their errors',
    (y) =>
      y
        .option('db', RESULTS_DB_OPTION)
        .option('format', FORMAT_OPTION)
        .example('$0 failed --db cohort.duckdb', 'a table of failures')
        .example('$0 failed -f csv > failed.csv', 'fix the files listed, then `lungflow run … --retry-failed`'),
    async (args) => {
      const rows = await runQuery(
        args.db,
        `SELECT path, error_code, error, finished_at FROM scans WHERE status = 'failed' ORDER BY path`,
      );
      process.stdout.write(`${formatRows(rows, args.format as OutputFormat)}\n`);
    },
  );
}
