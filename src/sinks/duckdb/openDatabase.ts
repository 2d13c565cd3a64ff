// First: it configures DuckDB's allocator, which must happen before the library loads.
import './duckdbAllocator.js';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  HU_HISTOGRAMS_IS_TABLE_SQL,
  HU_HISTOGRAMS_TO_LISTS_SQL,
  HU_HISTOGRAMS_VIEW_SQL,
  SCANS_PATH_UNIQUE_SQL,
  SCANS_REKEY_SQL,
  SCHEMA_SQL,
} from './schema.js';
import { injectSchemaFault } from '../../testFault.js';

/** A problem with the database file itself: the run cannot go on (exit code 2). */
export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

/** The file is held by another process (DuckDB allows one writer): a wait, not a fault (exit 75). */
export class DatabaseBusyError extends DatabaseUnavailableError {}

export interface OpenOptions {
  readonly readOnly: boolean;
}

export interface OpenedDatabase {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  close(): void;
}

/** Opens (creating when writable) the embedded results file, with DuckDB's errors turned into one clear line. */
export async function openDatabase(path: string, options: OpenOptions): Promise<OpenedDatabase> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, options.readOnly ? { access_mode: 'READ_ONLY' } : {});
  } catch (error) {
    const message = describeOpenError(path, error);
    throw /in use by another process/.test(message) ? new DatabaseBusyError(message) : new DatabaseUnavailableError(message);
  }
  const connection = await instance.connect();
  if (!options.readOnly) await createSchema(connection);
  return {
    instance,
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Tables, added columns and the upgrade of older tables in one transaction: a run killed while creating them (its
 * first moments on a fresh file) leaves either no tables or all of them, never a `scans` table that lacks columns
 * queries expect; killed while upgrading, it leaves the old tables as they were.
 */
async function createSchema(connection: DuckDBConnection): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    let done = 0;
    const run = async (statement: string) => {
      await connection.run(statement);
      injectSchemaFault(++done);
    };
    for (const statement of SCHEMA_SQL) await run(statement);
    const unique = await connection.runAndReadAll(SCANS_PATH_UNIQUE_SQL);
    if (Number(unique.getRows()[0][0]) > 0) for (const statement of SCANS_REKEY_SQL) await run(statement);
    const histogramTable = await connection.runAndReadAll(HU_HISTOGRAMS_IS_TABLE_SQL);
    if (Number(histogramTable.getRows()[0][0]) > 0) for (const statement of HU_HISTOGRAMS_TO_LISTS_SQL) await run(statement);
    await run(HU_HISTOGRAMS_VIEW_SQL);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function describeOpenError(path: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lock = /Conflicting lock is held in .*?\(PID (\d+)\)/.exec(message);
  if (lock) {
    return `database ${path} is in use by another process (PID ${lock[1]}), probably another lungflow run; wait for it to finish or use another --db`;
  }
  if (/No such file or directory/.test(message)) {
    return `cannot open database ${path}: the file or its folder does not exist`;
  }
  if (/Permission denied|Read-only file system/i.test(message)) {
    return `cannot open database ${path}: permission denied`;
  }
  return `cannot open database ${path}: ${message.replace(/\s+/g, ' ').trim()}`;
}
