import type { DuckDBAppender } from '@duckdb/node-api';
import type { RegionRow } from '../../biomarkers/scanBiomarkers.js';
import type { ScanOutcome } from '../../results.js';
import { sqlNumber } from './sqlValues.js';
import type { ColumnWriter, ScanRowsTable } from './tableAppender.js';

function doubleOrNull(appender: DuckDBAppender, value: number | null): void {
  const v = sqlNumber(value);
  if (v === null) appender.appendNull();
  else appender.appendDouble(v);
}

/** A done scan's biomarkers (presets with biomarkers); null otherwise. */
export const biomarkersOf = (o: ScanOutcome) => (o.status === 'done' ? o.biomarkers ?? null : null);

const REGION_WRITERS: Readonly<Record<string, ColumnWriter<RegionRow>>> = {
  scan_id: (a, scanId) => a.appendVarchar(scanId),
  region: (a, _, r) => a.appendVarchar(r.region),
  volume_ml: (a, _, r) => a.appendDouble(sqlNumber(r.volumeMl) ?? 0),
  mean_hu: (a, _, r) => doubleOrNull(a, r.meanHu),
  perc15_hu: (a, _, r) => doubleOrNull(a, r.perc15Hu),
  laa950_pct: (a, _, r) => doubleOrNull(a, r.laa950Pct),
  laa910_pct: (a, _, r) => doubleOrNull(a, r.laa910Pct),
  laa856_pct: (a, _, r) => doubleOrNull(a, r.laa856Pct),
  mass_g: (a, _, r) => doubleOrNull(a, r.massG),
  vessel_volume_ml: (a, _, r) => a.appendDouble(sqlNumber(r.vesselVolumeMl) ?? 0),
  vessel_pct: (a, _, r) => doubleOrNull(a, r.vesselPct),
  bv5_ml: (a, _, r) => doubleOrNull(a, r.bv5Ml),
  bv10_ml: (a, _, r) => doubleOrNull(a, r.bv10Ml),
  bv5_pct: (a, _, r) => doubleOrNull(a, r.bv5Pct),
};

/** `regions`: the quantitative CT measures of each region of a done scan (presets with biomarkers). */
export const REGIONS_TABLE: ScanRowsTable<RegionRow> = {
  name: 'regions',
  rowsOf: (o) => biomarkersOf(o)?.regions ?? [],
  writers: REGION_WRITERS,
};
