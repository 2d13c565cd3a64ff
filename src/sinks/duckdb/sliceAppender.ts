import type { DuckDBAppender } from '@duckdb/node-api';
import type { SliceRow } from '../../results.js';
import { sqlNumber } from './sqlValues.js';
import type { ColumnWriter, ScanRowsTable } from './tableAppender.js';

function finiteOrNull(appender: DuckDBAppender, value: number | null): void {
  const v = sqlNumber(value);
  if (v === null) appender.appendNull();
  else appender.appendDouble(v);
}

/** How each `slices` column this version knows is filled from a SliceRow. */
const WRITERS: Readonly<Record<string, ColumnWriter<SliceRow>>> = {
  scan_id: (a, scanId) => a.appendVarchar(scanId),
  slice_index: (a, _, s) => a.appendInteger(s.sliceIndex),
  lung_area_mm2: (a, _, s) => a.appendDouble(sqlNumber(s.lungAreaMm2) ?? 0),
  vessel_area_mm2: (a, _, s) => a.appendDouble(sqlNumber(s.vesselAreaMm2) ?? 0),
  vessel_ratio_pct: (a, _, s) => finiteOrNull(a, s.vesselRatioPct),
  n_lung_contours: (a, _, s) => a.appendInteger(s.nLungContours),
  note: (a, _, s) => (s.note === null ? a.appendNull() : a.appendVarchar(s.note)),
  left_area_mm2: (a, _, s) => finiteOrNull(a, s.leftAreaMm2),
  right_area_mm2: (a, _, s) => finiteOrNull(a, s.rightAreaMm2),
};

/** `slices`: one row per slice of every done scan. */
export const SLICES_TABLE: ScanRowsTable<SliceRow> = {
  name: 'slices',
  rowsOf: (o) => (o.status === 'done' ? o.slices : []),
  writers: WRITERS,
};
