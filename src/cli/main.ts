import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runCommand } from './commands/run.js';
import { queryCommand } from './commands/query.js';
import { statusCommand } from './commands/status.js';
import { failedCommand } from './commands/failed.js';
import { phantomCommand } from './commands/phantom.js';
import { previewCommand } from './commands/preview.js';
import { mergeCommand } from './commands/merge.js';
import { reportCommand } from './commands/report.js';
import { CliError, EXIT } from './exitCodes.js';
import { DatabaseBusyError, DatabaseUnavailableError } from '../sinks/duckdb/openDatabase.js';
import { asTemporaryFailure } from '../pipeline/temporaryFailure.js';
import { exportCommand } from './commands/export.js';
import { InputError } from '../pipeline/discover.js';
import { ConfigOverrideError } from '../config/overrides.js';
import { LUNGFLOW_VERSION } from '../version.js';

/** Errors that are the user's to fix: one line, exit 2, no stack trace. */
function isUsageProblem(error: unknown): error is Error {
  return (
    error instanceof CliError ||
    error instanceof DatabaseUnavailableError ||
    error instanceof InputError ||
    error instanceof ConfigOverrideError
  );
}

export async function main(argv: string[]): Promise<void> {
  let cli = yargs(hideBin(argv))
    .scriptName('lungflow')
    .usage('$0 <command> [options]\n\nLung and pulmonary vessel measurement for chest CT cohorts (NIfTI), results in DuckDB.')
    .version(LUNGFLOW_VERSION)
    .strict()
    .demandCommand(1, 'name a command: run, query, status, failed, preview, report, merge, export or phantom')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error, y) => {
      if (error) throw error;
      process.stderr.write(`${y.help().toString()}\n\nlungflow: ${message}\n`);
      process.exit(EXIT.usage);
    });
  for (const add of [runCommand, queryCommand, statusCommand, failedCommand, previewCommand, reportCommand, mergeCommand, exportCommand, phantomCommand]) cli = add(cli);
  try {
    await cli.parseAsync();
  } catch (error) {
    const temporary = error instanceof DatabaseBusyError ? error : asTemporaryFailure(error);
    if (temporary) {
      const suffix = temporary instanceof DatabaseBusyError ? '' : ' — stopped (exit 75: may pass); finished scans are kept, run again to continue';
      process.stderr.write(`lungflow: ${temporary.message}${suffix}\n`);
      process.exitCode = EXIT.tempFail;
      return;
    }
    if (isUsageProblem(error)) {
      process.stderr.write(`lungflow: ${error.message}\n`);
      process.exitCode = error instanceof CliError ? error.code : EXIT.usage;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`lungflow: fatal: ${message.split('\n')[0]}\n`);
    if (process.env.LUNGFLOW_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = EXIT.usage;
  }
}
