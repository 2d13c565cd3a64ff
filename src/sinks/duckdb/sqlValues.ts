import { listValue, type DuckDBValue } from '@duckdb/node-api';

/** UTC 'YYYY-MM-DD HH:MM:SS.sss', the text DuckDB casts to TIMESTAMP without time-zone guessing. */
export function sqlTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

export function sqlList(values: readonly number[] | readonly string[] | null): DuckDBValue {
  return values === null ? null : listValue([...values]);
}

/** A finite number, or NULL: NaN and ±Inf must never reach a DOUBLE column users sum over. */
export function sqlNumber(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : value;
}
