import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from './openDatabase.js';
import { HISTOGRAM_LISTS_TABLE } from './schema.js';

export type ExportFormat = 'parquet' | 'csv';

export interface ExportedTable {
  readonly table: string;
  readonly file: string;
  readonly rows: number;
}

/**
 * Every table and view of a results database (scans, slices, runs and whatever else a version of lungflow added)
 * written by DuckDB's COPY as `<out>/<table>.parquet` (zstd) or `.csv` with a header: files Spark, Polars, pandas
 * and DuckDB read as they are. The histograms go out as `hu_histograms` (a row per bin), not as the lists they are
 * stored in. The database is opened read-only.
 */
export async function exportTables(dbPath: string, outDir: string, format: ExportFormat): Promise<ExportedTable[]> {
  const db = await openDatabase(dbPath, { readOnly: true });
  try {
    const conn = db.connection;
    const tables = (
      await conn.runAndReadAll(
        `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary
           AND table_name <> '${HISTOGRAM_LISTS_TABLE}'
         UNION ALL
         SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT temporary AND NOT internal
         ORDER BY 1`,
      )
    ).getRows().map(([name]) => String(name));
    mkdirSync(outDir, { recursive: true });
    const exported: ExportedTable[] = [];
    for (const table of tables) {
      const file = path.join(outDir, `${table}.${format}`);
      const options = format === 'parquet' ? `(FORMAT parquet, COMPRESSION zstd)` : `(FORMAT csv, HEADER true)`;
      const result = await conn.run(`COPY ${ident(table)} TO ${literal(file)} ${options}`);
      exported.push({ table, file, rows: Number(result.rowsChanged) });
    }
    return exported;
  } finally {
    db.close();
  }
}

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
