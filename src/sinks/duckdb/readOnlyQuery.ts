import { existsSync } from 'node:fs';
import { DatabaseUnavailableError, openDatabase } from './openDatabase.js';

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** Runs SQL against a results file opened read-only: queries can never change results. */
export async function queryDatabase(path: string, sql: string): Promise<QueryResult> {
  if (!existsSync(path)) throw new DatabaseUnavailableError(`no results database at ${path} (run \`lungflow run\` first, or pass --db)`);
  const db = await openDatabase(path, { readOnly: true });
  try {
    const reader = await db.connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowsJS() };
  } finally {
    db.close();
  }
}
