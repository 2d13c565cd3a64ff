import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { keepShapeAlive } from '../../runtime/keepShapeAlive.js';

/**
 * Appends to `table` (in `schema`, 'temp' for a connection's temporary tables) inside the caller's transaction:
 * `fill` appends, then the rows are flushed and the appender closed. Closing after a failed flush fails too
 * ("transaction is aborted"), so the first error is the one reported.
 */
export async function appendRows(conn: DuckDBConnection, table: string, fill: (appender: DuckDBAppender) => void, schema?: 'temp'): Promise<void> {
  const appender = keepShapeAlive(schema ? await conn.createAppender(table, 'main', schema) : await conn.createAppender(table));
  try {
    fill(appender);
    appender.flushSync();
  } catch (error) {
    try {
      appender.closeSync();
    } catch {
      /* the first error is the one to report */
    }
    throw error;
  }
  appender.closeSync();
}
