import type { DuckDBConnection } from '@duckdb/node-api';
import { REGIONS } from '../biomarkers/zones.js';
import { finiteOrNull, NUMERIC_TYPE, quoteIdent } from './sqlValues.js';

/** A scan's rows of `regions`, as its page shows them: the numeric columns found in the table, one row per region. */
export interface ScanRegionRows {
  /** Column names, in the table's order. */
  readonly columns: readonly string[];
  /** Per region (in the order the regions are written: lung, left, right, then each side's zones), its values. */
  readonly rows: readonly { readonly region: string; readonly values: readonly (number | null)[] }[];
}

/**
 * Every scan's `regions` rows, by scan id. The columns are found, not listed (those a later version adds show up
 * too); a database from before the table, or from runs of the seed preset only, gives none.
 */
export async function loadRegionRows(c: DuckDBConnection): Promise<Map<string, ScanRegionRows>> {
  const out = new Map<string, ScanRegionRows>();
  const columns = (await c.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'regions' ORDER BY ordinal_position`,
  )).getRowsJS() as [string, string][];
  const numeric = columns.filter(([n, t]) => n !== 'scan_id' && n !== 'region' && NUMERIC_TYPE.test(t)).map(([n]) => n);
  if (numeric.length === 0) return out;
  const rows = (await c.runAndReadAll(
    `SELECT scan_id, region${numeric.map((n) => `, CAST(${quoteIdent(n)} AS DOUBLE)`).join('')} FROM regions`,
  )).getRowsJS();
  const order = (region: string) => {
    const i = (REGIONS as readonly string[]).indexOf(region);
    return i < 0 ? REGIONS.length : i;
  };
  const byScan = new Map<string, { region: string; values: (number | null)[] }[]>();
  for (const r of rows) {
    const id = r[0] as string;
    let list = byScan.get(id);
    if (!list) byScan.set(id, (list = []));
    list.push({ region: r[1] as string, values: r.slice(2).map(finiteOrNull) });
  }
  for (const [id, list] of byScan) {
    list.sort((a, b) => order(a.region) - order(b.region) || a.region.localeCompare(b.region));
    out.set(id, { columns: numeric, rows: list });
  }
  return out;
}
