import { openResultSources } from './resultSources.js';

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/**
 * Runs SQL against results opened read-only (one database, or several read as one: see resultSources.ts):
 * queries can never change results.
 */
export async function queryDatabase(sources: string | readonly string[], sql: string): Promise<QueryResult> {
  const db = await openResultSources(typeof sources === 'string' ? [sources] : sources);
  try {
    const reader = await db.connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowsJS() };
  } finally {
    db.close();
  }
}
