import { DOUBLE, DuckDBDataChunk, INTEGER, SMALLINT, UTINYINT, type DuckDBConnection } from '@duckdb/node-api';
import { REGIONS } from '../../biomarkers/zones.js';
import type { ScanOutcome } from '../../results.js';
import type { ScanRowsWriter } from './tableAppender.js';
import { appendRows } from './appendRows.js';
import { biomarkersOf } from './biomarkerRows.js';

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;

/**
 * Connection-local staging tables, made anew for every batch: a temporary table is never checkpointed, so rows
 * DELETEd from it kept their memory, and a cohort's staged bins piled up (2,000 single slices: +250 MB).
 */
const HISTOGRAM_STAGING_SQL = [
  'CREATE OR REPLACE TEMP TABLE histogram_stage (scan_ord INTEGER, region_ord UTINYINT, hu_bin SMALLINT, voxel_count DOUBLE)',
  'CREATE OR REPLACE TEMP TABLE histogram_scans (scan_ord INTEGER, scan_id VARCHAR)',
];

const REGION_LIST_SQL = `[${REGIONS.map((r) => `'${r}'`).join(', ')}]`;

/**
 * `hu_histograms`, a few thousand rows per scan (a row per non-empty 1-HU bin of each of 9 regions), written as
 * numbers only: the bins go into a staging table in whole data chunks of typed arrays, and one INSERT … SELECT
 * inside the batch's transaction puts the scan id and region name to them. Appending the same rows value by value
 * (two strings each) cost ~10 ms of the main thread per scan, more than a single-slice scan's whole analysis.
 */
export class HistogramAppender implements ScanRowsWriter {
  readonly name = 'hu_histograms';

  async append(conn: DuckDBConnection, outcomes: readonly ScanOutcome[]): Promise<void> {
    const scans: { ord: number; scanId: string }[] = [];
    let rows = 0;
    for (const o of outcomes) {
      const histograms = (biomarkersOf(o)?.histograms ?? []);
      if (histograms.length === 0) continue;
      scans.push({ ord: scans.length, scanId: o.scanId });
      for (const h of histograms) rows += h.huBins.length;
    }
    if (rows === 0) return;
    const scanOrd = new Int32Array(rows), regionOrd = new Uint8Array(rows), huBin = new Int16Array(rows), count = new Float64Array(rows);
    let at = 0, ord = 0;
    for (const o of outcomes) {
      const histograms = (biomarkersOf(o)?.histograms ?? []);
      if (histograms.length === 0) continue;
      for (const h of histograms) {
        const n = h.huBins.length;
        scanOrd.fill(ord, at, at + n);
        regionOrd.fill(REGIONS.indexOf(h.region), at, at + n);
        huBin.set(h.huBins, at);
        count.set(h.counts, at);
        at += n;
      }
      ord++;
    }
    for (const sql of HISTOGRAM_STAGING_SQL) await conn.run(sql);
    await appendRows(conn, 'histogram_scans', (ids) => {
      for (const s of scans) {
        ids.appendInteger(s.ord);
        ids.appendVarchar(s.scanId);
        ids.endRow();
      }
    }, 'temp');
    await appendRows(conn, 'histogram_stage', (stage) => {
      for (let from = 0; from < rows; from += CHUNK_ROWS) {
        const to = Math.min(rows, from + CHUNK_ROWS);
        const chunk = DuckDBDataChunk.create([INTEGER, UTINYINT, SMALLINT, DOUBLE], to - from);
        // setColumnValues reads only .length and [i]: a typed array serves, with no array of boxed numbers made.
        chunk.setColumnValues(0, scanOrd.subarray(from, to) as unknown as readonly number[]);
        chunk.setColumnValues(1, regionOrd.subarray(from, to) as unknown as readonly number[]);
        chunk.setColumnValues(2, huBin.subarray(from, to) as unknown as readonly number[]);
        chunk.setColumnValues(3, count.subarray(from, to) as unknown as readonly number[]);
        stage.appendDataChunk(chunk);
      }
    }, 'temp');
    await conn.run(
      `INSERT INTO hu_histograms (scan_id, region, hu_bin, voxel_count)
       SELECT s.scan_id, ${REGION_LIST_SQL}[h.region_ord + 1], h.hu_bin, CAST(h.voxel_count AS BIGINT)
       FROM histogram_stage h JOIN histogram_scans s USING (scan_ord)`,
    );
  }
}
