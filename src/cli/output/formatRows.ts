import { csvCell } from '../../pipeline/csv.js';
import { toCellText, toPlainJson } from './values.js';

export type OutputFormat = 'table' | 'csv' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

export interface Rows {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

export function formatRows(result: Rows, format: OutputFormat): string {
  switch (format) {
    case 'csv':
      return [result.columns, ...result.rows.map((r) => r.map((v) => toCellText(v, '')))]
        .map((r) => r.map(csvCell).join(','))
        .join('\n');
    case 'json':
      return JSON.stringify(
        result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, toPlainJson(r[i])]))),
        null,
        2,
      );
    case 'table':
      return formatTable(result);
  }
}

function formatTable(result: Rows): string {
  const cells = result.rows.map((r) => r.map((v) => toCellText(v, 'NULL')));
  const widths = result.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const numeric = result.columns.map((_, i) => result.rows.length > 0 && result.rows.every((r) => r[i] === null || typeof r[i] === 'number' || typeof r[i] === 'bigint'));
  const line = (r: readonly string[]) => r.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(result.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  out.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return out.join('\n');
}
