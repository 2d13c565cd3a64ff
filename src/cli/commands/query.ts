import type { Argv } from 'yargs';
import { queryDatabase } from '../../sinks/duckdb/readOnlyQuery.js';
import { formatRows, type OutputFormat } from '../output/formatRows.js';
import { CliError } from '../exitCodes.js';
import { RESULTS_DB_OPTION, FORMAT_OPTION } from './readOptions.js';

export function queryCommand(yargs: Argv): Argv {
  return yargs.command(
    'query <sql>',
    'Run SQL on the results (read-only): tables scans, slices, runs',
    (y) =>
      y
        .positional('sql', { describe: 'the SQL statement', type: 'string', demandOption: true })
        .option('db', {
          ...RESULTS_DB_OPTION,
          describe: "results database; several read as one: --db a.duckdb --db b.duckdb, a quoted glob 'results/part-*.duckdb', or a folder of Parquet files (from `export`)",
        })
        .option('format', FORMAT_OPTION)
        .example('$0 query "SELECT path, lung_volume_ml FROM scans WHERE status = \'done\'"', 'lung volume per scan')
        .example('$0 query -f csv "SELECT * FROM slices" > slices.csv', 'every slice as CSV')
        .example("$0 query --db 'results/part-*.duckdb' \"SELECT status, count(*) FROM scans GROUP BY ALL\"", "shards' databases, without a merge"),
    async (args) => {
      const result = await runQuery([args.db].flat().map(String), args.sql as string);
      process.stdout.write(`${formatRows(result, args.format as OutputFormat)}\n`);
    },
  );
}

export async function runQuery(db: string | readonly string[], sql: string) {
  try {
    return await queryDatabase(db, sql);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(message.split('\n')[0]);
  }
}
