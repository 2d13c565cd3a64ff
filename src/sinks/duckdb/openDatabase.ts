// First: it configures DuckDB's allocator, which must happen before the library loads.
import './duckdbAllocator.js';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SCHEMA_SQL } from './schema.js';

/** A problem with the database file itself: the run cannot go on (exit code 2). */
export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

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
    throw new DatabaseUnavailableError(describeOpenError(path, error));
  }
  const connection = await instance.connect();
  if (!options.readOnly) {
    for (const statement of SCHEMA_SQL) await connection.run(statement);
  }
  return {
    instance,
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
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
