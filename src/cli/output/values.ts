/** How a DuckDB value (as the JS converter gives it) is shown to a person or another program. */
export function toPlainJson(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlainJson(v)]));
  }
  return value;
}

export function toCellText(value: unknown, nullText: string): string {
  if (value === null || value === undefined) return nullText;
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  if (Array.isArray(value)) return `[${value.map((v) => toCellText(v, 'NULL')).join(', ')}]`;
  if (typeof value === 'object') return JSON.stringify(toPlainJson(value));
  return String(value);
}
