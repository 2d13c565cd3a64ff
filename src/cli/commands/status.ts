import type { Argv } from 'yargs';
import { formatRows, type OutputFormat } from '../output/formatRows.js';
import { RESULTS_DB_OPTION, FORMAT_OPTION } from './readOptions.js';
import { runQuery } from './query.js';

const BY_STATUS = `SELECT status, count(*) AS scans FROM scans GROUP BY status ORDER BY status`;
const FAILURES = `SELECT error_code, count(*) AS scans, min(error) AS example_error FROM scans WHERE status = 'failed'
  GROUP BY error_code ORDER BY scans DESC, error_code`;
const LAST_RUN = `SELECT run_id, status, started_at, finished_at, preset, config_hash, n_done, n_failed, n_skipped, version
  FROM runs ORDER BY started_at DESC LIMIT 1`;

export function statusCommand(yargs: Argv): Argv {
  return yargs.command(
    'status',
    'Summarise the results: scans by status, failures grouped by error, the last run',
    (y) =>
      y
        .option('db', RESULTS_DB_OPTION)
        .option('format', FORMAT_OPTION)
        .example('$0 status --db cohort.duckdb', ''),
    async (args) => {
      const format = args.format as OutputFormat;
      const sections: [string, string][] = [
        ['scans by status', BY_STATUS],
        ['failures by error', FAILURES],
        ['last run', LAST_RUN],
      ];
      const out: string[] = [];
      const json: Record<string, unknown> = {};
      for (const [title, sql] of sections) {
        const rows = await runQuery(args.db, sql);
        if (format === 'json') json[title.replace(/ /g, '_')] = JSON.parse(formatRows(rows, 'json'));
        else out.push(format === 'table' ? `== ${title}\n${formatRows(rows, format)}` : `# ${title}\n${formatRows(rows, format)}`);
      }
      process.stdout.write(format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : `${out.join('\n\n')}\n`);
    },
  );
}
