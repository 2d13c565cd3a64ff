/** UTC 'YYYY-MM-DD HH:MM:SS.sss', the text DuckDB casts to TIMESTAMP without time-zone guessing. */
export function sqlTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * A list as DuckDB list text, for `CAST(? AS T[])`. Bound list values carry no element type when empty
 * ("Cannot create lists with item type of ANY"), while the text form casts to the column's type in every case.
 * Numbers use JavaScript's shortest round-trip form, so doubles arrive bit-exact.
 */
export function sqlList(values: readonly number[] | readonly string[] | null): string | null {
  if (values === null) return null;
  const items = (values as readonly (number | string)[]).map((v) =>
    typeof v === 'number' ? String(v) : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  );
  return `[${items.join(', ')}]`;
}

/** A finite number, or NULL: NaN and ±Inf must never reach a DOUBLE column users sum over. */
export function sqlNumber(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : value;
}
