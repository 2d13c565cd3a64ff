import { existsSync } from 'node:fs';
import { DatabaseUnavailableError, openDatabase } from '../sinks/duckdb/openDatabase.js';
import { loadRegionRows, type ScanRegionRows } from './regionRows.js';
import { finiteOrNull, NUMERIC_TYPE, quoteIdent } from './sqlValues.js';

/** A per-scan number shown in the cohort page: a numeric column of `scans`, or one derived from them. */
export interface Measure {
  readonly key: string;
  readonly label: string;
}

/** One row of `scans` as the report shows it; numbers keyed by Measure.key. */
export interface ReportScan {
  readonly scanId: string;
  readonly path: string;
  readonly status: 'done' | 'failed';
  readonly error: string | null;
  readonly errorCode: string | null;
  readonly subject: string | null;
  readonly session: string | null;
  readonly flags: readonly string[];
  readonly preset: string;
  readonly configHash: string;
  readonly version: string | null;
  readonly runId: string | null;
  readonly finishedAt: string | null;
  readonly dims: readonly number[] | null;
  readonly spacingMm: readonly number[] | null;
  readonly fileSize: number | null;
  readonly contentSha256: string | null;
  readonly lungMaskPath: string | null;
  readonly vesselMaskPath: string | null;
  readonly qcMontagePath: string | null;
  /** The zone label map `--masks` wrote (1–3 right upper/middle/lower, 4–6 left); null before it existed. */
  readonly regionsMaskPath: string | null;
  readonly values: Readonly<Record<string, number | null>>;
  /** Every other column of `scans` (added by later versions: format, DICOM metadata, …), as text; NULLs left out. */
  readonly other: Readonly<Record<string, string>>;
}

/** Per-slice areas of one scan, in slice order (mm²; null where the preset does not separate the lungs). */
export interface SliceCurves {
  readonly index: number[];
  readonly lung: number[];
  readonly left: (number | null)[];
  readonly right: (number | null)[];
  readonly vessels: number[];
}

export interface CohortData {
  readonly measures: readonly Measure[];
  readonly scans: readonly ReportScan[];
  readonly curves: ReadonlyMap<string, SliceCurves>;
  /** `regions` rows by scan id (none for scans of the seed preset, failed scans, or databases from before it). */
  readonly regions: ReadonlyMap<string, ScanRegionRows>;
}

/** Measures derived from columns, shown first; each needs its columns to exist. */
const DERIVED: readonly { key: string; label: string; sql: string; needs: readonly string[] }[] = [
  { key: 'vessel_pct', label: 'vessel % of lung', sql: 'CASE WHEN lung_volume_ml > 0 THEN 100 * vessel_volume_ml / lung_volume_ml END', needs: ['lung_volume_ml', 'vessel_volume_ml'] },
  { key: 'left_right_ratio', label: 'left / right volume', sql: 'CASE WHEN right_volume_ml > 0 THEN left_volume_ml / right_volume_ml END', needs: ['left_volume_ml', 'right_volume_ml'] },
];

/** Numeric columns that describe the file or the run, not the scan's anatomy: kept in the table, not plotted. */
const NOT_MEASURES = new Set(['file_size']);

/** Columns the query below reads before the measures: scan_id … regions_mask_path. */
const FIXED_COLUMNS = 21;

/** The columns ReportScan names; the rest of `scans` lands in `other` or, when numeric, in the measures. */
const NAMED = new Set(['scan_id', 'path', 'status', 'error', 'error_code', 'subject', 'session', 'flags', 'preset', 'config_hash',
  'lungflow_version', 'run_id', 'finished_at', 'dims', 'spacing_mm', 'file_size', 'content_sha256', 'lung_mask_path',
  'vessel_mask_path', 'qc_montage_path', 'regions_mask_path']);

/**
 * Everything the report shows, read from the results file opened read-only. The measures are found, not listed:
 * every numeric column of `scans` at the time the report runs (columns added by later versions show up too),
 * after the derived ratios.
 */
export async function loadCohort(dbPath: string): Promise<CohortData> {
  if (!existsSync(dbPath)) throw new DatabaseUnavailableError(`no results database at ${dbPath} (run \`lungflow run\` first, or pass --db)`);
  const db = await openDatabase(dbPath, { readOnly: true });
  try {
    const c = db.connection;
    const columns = (await c.runAndReadAll(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'scans' ORDER BY ordinal_position`,
    )).getRowsJS() as [string, string][];
    const names = new Set(columns.map(([n]) => n));
    const numeric = columns.filter(([n, t]) => NUMERIC_TYPE.test(t) && !NOT_MEASURES.has(n)).map(([n]) => n);
    const derived = DERIVED.filter((d) => d.needs.every((n) => names.has(n)));
    const measures: Measure[] = [...derived.map((d) => ({ key: d.key, label: d.label })), ...numeric.map((n) => ({ key: n, label: n }))];
    const col = (name: string, sql = name) => (names.has(name) ? sql : 'NULL');
    const valueSql = [...derived.map((d) => d.sql), ...numeric.map(quoteIdent)].map((e) => `CAST(${e} AS DOUBLE)`);
    const other = columns.map(([n]) => n).filter((n) => !NAMED.has(n) && !numeric.includes(n));
    const otherSql = other.map((n) => `CAST(${quoteIdent(n)} AS VARCHAR)`);
    const sql = `SELECT scan_id, path, status, ${col('error')}, ${col('error_code')}, ${col('subject')}, ${col('session')},
        ${col('flags', 'CAST(flags AS VARCHAR[])')}, preset, config_hash, ${col('lungflow_version')}, ${col('run_id')},
        CAST(finished_at AS VARCHAR), ${col('dims', 'CAST(dims AS INTEGER[])')}, ${col('spacing_mm', 'CAST(spacing_mm AS DOUBLE[])')},
        ${col('file_size', 'CAST(file_size AS DOUBLE)')}, ${col('content_sha256')}, ${col('lung_mask_path')}, ${col('vessel_mask_path')},
        ${col('qc_montage_path')}, ${col('regions_mask_path')}${[...valueSql, ...otherSql].map((v) => `, ${v}`).join('')}
      FROM scans ORDER BY path`;
    const rows = (await c.runAndReadAll(sql)).getRowsJS();
    const scans = rows.map((r): ReportScan => {
      const values: Record<string, number | null> = {};
      measures.forEach((m, i) => (values[m.key] = finiteOrNull(r[FIXED_COLUMNS + i])));
      const others: Record<string, string> = {};
      other.forEach((n, i) => {
        const v = r[FIXED_COLUMNS + measures.length + i];
        if (v !== null && v !== undefined) others[n] = String(v);
      });
      return {
        scanId: r[0] as string,
        path: r[1] as string,
        status: r[2] === 'done' ? 'done' : 'failed',
        error: r[3] as string | null,
        errorCode: r[4] as string | null,
        subject: r[5] as string | null,
        session: r[6] as string | null,
        flags: (r[7] as string[] | null) ?? [],
        preset: r[8] as string,
        configHash: r[9] as string,
        version: r[10] as string | null,
        runId: r[11] as string | null,
        finishedAt: r[12] as string | null,
        dims: (r[13] as number[] | null) ?? null,
        spacingMm: (r[14] as number[] | null) ?? null,
        fileSize: finiteOrNull(r[15]),
        contentSha256: r[16] as string | null,
        lungMaskPath: r[17] as string | null,
        vesselMaskPath: r[18] as string | null,
        qcMontagePath: r[19] as string | null,
        regionsMaskPath: r[20] as string | null,
        values,
        other: others,
      };
    });
    const curves = await loadCurves(c);
    const regions = await loadRegionRows(c);
    return { measures, scans, curves, regions };
  } finally {
    db.close();
  }
}

async function loadCurves(c: Awaited<ReturnType<typeof openDatabase>>['connection']): Promise<Map<string, SliceCurves>> {
  const sliceCols = new Set(((await c.runAndReadAll(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'slices'`,
  )).getRowsJS() as [string][]).map(([n]) => n));
  const side = (n: string) => (sliceCols.has(n) ? n : 'NULL');
  const reader = await c.runAndReadAll(
    `SELECT scan_id, slice_index, lung_area_mm2, ${side('left_area_mm2')}, ${side('right_area_mm2')}, vessel_area_mm2
     FROM slices ORDER BY scan_id, slice_index`,
  );
  const curves = new Map<string, SliceCurves>();
  for (const r of reader.getRowsJS()) {
    const id = r[0] as string;
    let curve = curves.get(id);
    if (!curve) curves.set(id, (curve = { index: [], lung: [], left: [], right: [], vessels: [] }));
    curve.index.push(Number(r[1]));
    curve.lung.push(Number(r[2]));
    curve.left.push(finiteOrNull(r[3]));
    curve.right.push(finiteOrNull(r[4]));
    curve.vessels.push(Number(r[5]));
  }
  return curves;
}
