import path from 'node:path';
import type { Argv } from 'yargs';
import { buildReport, CT_COPIES_DIR, ReportError } from '../../report/buildReport.js';
import { serveReport } from '../../report/serveReport.js';
import { CliError } from '../exitCodes.js';
import { RESULTS_DB_OPTION } from './readOptions.js';

export function reportCommand(yargs: Argv): Argv {
  return yargs.command(
    'report',
    'Write a static QC site of the cohort (a cohort page and a page per scan) and optionally serve it on 127.0.0.1',
    (y) =>
      y
        .option('db', RESULTS_DB_OPTION)
        .option('out', { describe: 'folder for the site (new, empty, or an earlier report, which is replaced)', type: 'string', demandOption: true })
        .option('serve', { describe: 'after writing, serve the site on 127.0.0.1 until Ctrl-C (the viewer needs it)', type: 'boolean', default: false })
        .option('port', { describe: 'port for --serve (0: any free port)', type: 'number', default: 8765 })
        .option('build', { describe: 'write the site (--no-build with --serve: serve the one already in --out)', type: 'boolean', default: true })
        .epilogue(
          'Open <out>/index.html. Montages come from `run --qc DIR`; scans run without it but with --masks get one rendered here. '
          + 'The NiiVue viewer of a scan page needs the scan\'s masks (run --masks DIR) and the site served over HTTP (--serve).',
        )
        .example('$0 report --db cohort.duckdb --out qc-report/', 'write the site')
        .example('$0 report --db cohort.duckdb --out qc-report/ --serve --port 8080', 'write it and serve it'),
    async (args) => {
      if (!(Number.isInteger(args.port) && args.port >= 0 && args.port <= 65535)) throw new CliError(`--port must be a whole number 0..65535, got ${args.port}`);
      const out = path.resolve(args.out);
      if (args.build) {
        const started = Date.now();
        let summary;
        try {
          summary = await buildReport({ dbPath: args.db, outDir: out, log: (line) => process.stderr.write(`[lungflow] ${line}\n`) });
        } catch (error) {
          if (error instanceof ReportError) throw new CliError(error.message);
          throw error;
        }
        for (const p of summary.problems) process.stderr.write(`[lungflow] ${p}\n`);
        process.stderr.write(
          `[lungflow] report of ${summary.scans} scans (${summary.done} done, ${summary.failed} failed) → ${path.join(out, 'index.html')} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`
          + `[lungflow] montages: ${summary.montagesFromRun} from the run (--qc), ${summary.montagesRendered} rendered now from masks, ${summary.montagesMissing} missing; `
          + `viewer: ${summary.withViewer} scans with masks`
          + (summary.ctCopies.written + summary.ctCopies.reused > 0
            ? ` (${summary.ctCopies.written + summary.ctCopies.reused} of them stored as DICOM, NRRD or MetaImage: NIfTI copies in ${CT_COPIES_DIR}/, ${summary.ctCopies.written} written now, ${summary.ctCopies.reused} kept)\n`
            : '\n'),
        );
      }
      if (args.serve) {
        const served = await serveReport(out, args.port).catch((error: NodeJS.ErrnoException) => {
          throw new CliError(`cannot serve on 127.0.0.1:${args.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use (try --port 0)' : error.message}`);
        });
        process.stdout.write(`${served.url}\n`);
        process.stderr.write('[lungflow] serving the report on 127.0.0.1 only; Ctrl-C stops\n');
        await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
        await served.close();
      }
    },
  );
}
