import type { DuckDBConnection } from '@duckdb/node-api';
import { openDatabase, DatabaseUnavailableError } from './openDatabase.js';
import { PER_SCAN_TABLES } from './schema.js';

export interface MergeCounts {
  readonly source: string;
  /** Scans taken from the source: new paths, or newer than what the target had. */
  readonly scansTaken: number;
  /** Scans of the source left out because the target's row for that path is as new or newer. */
  readonly scansKept: number;
  readonly runsAdded: number;
}

/**
 * Joins results databases (from `--shard` runs on several machines, or runs over parts of a cohort) into one.
 * Per input path the newest finished row wins, with its slices, regions and histograms, in one transaction per source, so the target
 * keeps one current row per path and a failed merge leaves it as it was. Columns are matched by name, so a
 * source written by an older lungflow (fewer columns) merges too. Sources are only read.
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
             SELECT s.* FROM ${alias}.scans s LEFT JOIN main.scans m ON m.path = s.path
             WHERE m.path IS NULL OR s.finished_at > m.finished_at`,
          );
          const taken = await scalar(conn, 'SELECT count(*) FROM incoming');
          const total = await scalar(conn, `SELECT count(*) FROM ${alias}.scans`);
          for (const table of PER_SCAN_TABLES) {
            await conn.run(
              `DELETE FROM main.${table} WHERE scan_id IN (SELECT scan_id FROM incoming)
                 OR scan_id IN (SELECT m.scan_id FROM main.scans m JOIN incoming i ON m.path = i.path)`,
            );
          }
          await conn.run('DELETE FROM main.scans WHERE scan_id IN (SELECT scan_id FROM incoming) OR path IN (SELECT path FROM incoming)');
          await conn.run('INSERT INTO main.scans BY NAME SELECT * FROM incoming');
          for (const table of PER_SCAN_TABLES) {
            // A source written before a table existed has none of its rows to give.
            if (!(await hasTable(conn, alias, table))) continue;
            await conn.run(`INSERT INTO main.${table} BY NAME SELECT l.* FROM ${alias}.${table} l SEMI JOIN incoming i ON l.scan_id = i.scan_id`);
          }
          const runsBefore = await scalar(conn, 'SELECT count(*) FROM main.runs');
          await conn.run(`INSERT INTO main.runs BY NAME SELECT r.* FROM ${alias}.runs r ANTI JOIN main.runs m ON m.run_id = r.run_id`);
          const runsAfter = await scalar(conn, 'SELECT count(*) FROM main.runs');
          await conn.run('DROP TABLE incoming');
          await conn.run('COMMIT');
          counts.push({ source, scansTaken: taken, scansKept: total - taken, runsAdded: runsAfter - runsBefore });
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

async function hasTable(conn: DuckDBConnection, catalog: string, table: string): Promise<boolean> {
  return (await scalar(conn, `SELECT count(*) FROM duckdb_tables() WHERE database_name = '${catalog}' AND table_name = '${table}'`)) > 0;
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
