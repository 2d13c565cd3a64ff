/**
 * Reads a results database in the test process (read-only, closed again at once, so the next CLI run can take the
 * lock): much faster than a `lungflow query` child per question when a test asks many.
 */
import { queryDatabase } from '../../src/sinks/duckdb/readOnlyQuery.js';

export async function dbRows<T = Record<string, unknown>>(db: string, sql: string): Promise<T[]> {
  const { columns, rows } = await queryDatabase(db, sql);
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, plain(row[i])])) as T);
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  return value;
}
