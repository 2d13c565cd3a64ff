import type { DuckDBConnection } from '@duckdb/node-api';
import { openDatabase, DatabaseUnavailableError } from './openDatabase.js';
import { HISTOGRAM_LISTS_TABLE, PER_SCAN_TABLES, histogramListsFromRows } from './schema.js';

export interface MergeCounts {
  readonly source: string;
  /** Scans taken from the source: new scan ids, or newer than what the target had. */
  readonly scansTaken: number;
  /** Scans of the source left out because the target's row for that scan id is as new or newer. */
  readonly scansKept: number;
  readonly runsAdded: number;
  /** Rows of `skipped_inputs` the target did not have. */
  readonly skippedAdded: number;
}

/**
 * Joins results databases (from `--shard` runs on several machines, or runs over parts of a cohort) into one.
 * Per scan id (an input path; a DICOM series: its folder and series UID) the newest finished row wins, with its
 * slices, regions and histograms, in one transaction per source, so the target keeps one current row per scan and a failed merge leaves it
 * as it was. `runs` and `skipped_inputs` rows the target lacks are added. Columns are matched by name, so a source
 * written by an older lungflow (fewer columns, no skipped_inputs) merges too. Sources are only read.
 */
export async function mergeDatabases(targetPath: string, sources: readonly string[]): Promise<MergeCounts[]> {
  for (const s of sources) await checkReadable(s);
  const target = await openDatabase(targetPath, { readOnly: false });
  const conn = target.connection;
  const counts: MergeCounts[] = [];
  try {
    for (const [i, source] of sources.entries()) {
      const alias = `src${i}`;
      await conn.run(`ATTACH ${quote(source)} AS ${alias} (READ_ONLY)`);
      try {
        await conn.run('BEGIN TRANSACTION');
        try {
          await conn.run(
            `CREATE OR REPLACE TEMP TABLE incoming AS
             SELECT s.* FROM ${alias}.scans s LEFT JOIN main.scans m ON m.scan_id = s.scan_id
             WHERE m.scan_id IS NULL OR s.finished_at > m.finished_at`,
          );
          const taken = await scalar(conn, 'SELECT count(*) FROM incoming');
          const total = await scalar(conn, `SELECT count(*) FROM ${alias}.scans`);
          for (const table of PER_SCAN_TABLES) await conn.run(`DELETE FROM main.${table} WHERE scan_id IN (SELECT scan_id FROM incoming)`);
          await conn.run('DELETE FROM main.scans WHERE scan_id IN (SELECT scan_id FROM incoming)');
          await conn.run('INSERT INTO main.scans BY NAME SELECT * FROM incoming');
          for (const table of PER_SCAN_TABLES) {
            const rows = await perScanRowsOf(conn, alias, table);
            // A source written before a table existed has none of its rows to give.
            if (rows === null) continue;
            await conn.run(`INSERT INTO main.${table} BY NAME SELECT l.* FROM (${rows}) l SEMI JOIN incoming i ON l.scan_id = i.scan_id`);
          }
          const runsBefore = await scalar(conn, 'SELECT count(*) FROM main.runs');
          await conn.run(`INSERT INTO main.runs BY NAME SELECT r.* FROM ${alias}.runs r ANTI JOIN main.runs m ON m.run_id = r.run_id`);
          const runsAfter = await scalar(conn, 'SELECT count(*) FROM main.runs');
          const skippedAdded = (await hasTable(conn, alias, 'skipped_inputs')) ? await mergeSkipped(conn, alias) : 0;
          await conn.run('DROP TABLE incoming');
          await conn.run('COMMIT');
          counts.push({ source, scansTaken: taken, scansKept: total - taken, runsAdded: runsAfter - runsBefore, skippedAdded });
        } catch (error) {
          await conn.run('ROLLBACK').catch(() => undefined);
          throw new DatabaseUnavailableError(`merging ${source}: ${firstLine(error)}`);
        }
      } finally {
        await conn.run(`DETACH ${alias}`);
      }
    }
  } finally {
    target.close();
  }
  return counts;
}

/**
 * A source's rows of one per-scan table as a query, or null when it has none: histograms written before they were
 * stored as lists (a `hu_histograms` table of rows per bin) are converted on the way.
 */
async function perScanRowsOf(conn: DuckDBConnection, alias: string, table: string): Promise<string | null> {
  if (await hasTable(conn, alias, table)) return `SELECT * FROM ${alias}.${table}`;
  if (table === HISTOGRAM_LISTS_TABLE && (await hasTable(conn, alias, 'hu_histograms'))) return histogramListsFromRows(`${alias}.hu_histograms`);
  return null;
}

/** A source must be a lungflow database that nobody is writing: opening it read-only says both at once. */
async function checkReadable(path: string): Promise<void> {
  const db = await openDatabase(path, { readOnly: true });
  try {
    const tables = await db.connection.runAndReadAll(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_name IN ('scans', 'slices', 'runs')`,
    );
    if (Number(tables.getRows()[0][0]) !== 3) throw new DatabaseUnavailableError(`${path} is not a lungflow results database (no scans, slices and runs tables)`);
  } finally {
    db.close();
  }
}

/** Adds the source's `skipped_inputs` rows the target does not have (merging again adds none). */
async function mergeSkipped(conn: DuckDBConnection, alias: string): Promise<number> {
  const before = await scalar(conn, 'SELECT count(*) FROM main.skipped_inputs');
  await conn.run(
    `INSERT INTO main.skipped_inputs BY NAME SELECT k.* FROM ${alias}.skipped_inputs k ANTI JOIN main.skipped_inputs m
       ON m.run_id = k.run_id AND m.path = k.path AND m.reason = k.reason
      AND m.series_instance_uid IS NOT DISTINCT FROM k.series_instance_uid AND m.detail IS NOT DISTINCT FROM k.detail`,
  );
  return (await scalar(conn, 'SELECT count(*) FROM main.skipped_inputs')) - before;
}

async function hasTable(conn: DuckDBConnection, alias: string, table: string): Promise<boolean> {
  return (await scalar(conn, `SELECT count(*) FROM duckdb_tables() WHERE database_name = '${alias}' AND table_name = '${table}'`)) > 0;
}

async function scalar(conn: DuckDBConnection, sql: string): Promise<number> {
  const r = await conn.runAndReadAll(sql);
  return Number(r.getRows()[0][0]);
}

function quote(path: string): string {
  return `'${path.replace(/'/g, "''")}'`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
