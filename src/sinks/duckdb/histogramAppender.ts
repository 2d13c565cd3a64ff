import { DuckDBDataChunk, LIST, SMALLINT, UINTEGER, VARCHAR, listValue, type DuckDBConnection, type DuckDBListValue } from '@duckdb/node-api';
import type { ScanOutcome } from '../../results.js';
import type { ScanRowsWriter } from './tableAppender.js';
import { appendRows } from './appendRows.js';
import { keepShapeAlive } from '../../runtime/keepShapeAlive.js';
import { biomarkersOf } from './biomarkerRows.js';
import { HISTOGRAM_LISTS_TABLE } from './schema.js';

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;
const COLUMN_TYPES = [VARCHAR, VARCHAR, LIST(SMALLINT), LIST(UINTEGER)];
const UINT32_MAX = 0xffffffff;

/**
 * The HU histograms (`region_histograms`, read as the view `hu_histograms`): a row per scan and region, its
 * non-empty bins and their counts as two lists, appended in whole data chunks (list items are written straight
 * into the vectors' memory, with no value made per bin).
 */
export class HistogramAppender implements ScanRowsWriter {
  readonly name = HISTOGRAM_LISTS_TABLE;

  async append(conn: DuckDBConnection, outcomes: readonly ScanOutcome[]): Promise<void> {
    const scanIds: string[] = [], regions: string[] = [], bins: DuckDBListValue[] = [], counts: DuckDBListValue[] = [];
    for (const o of outcomes) {
      for (const h of biomarkersOf(o)?.histograms ?? []) {
        scanIds.push(o.scanId);
        regions.push(h.region);
        bins.push(listValue(Array.from(h.huBins)));
        const voxelCounts: number[] = new Array(h.counts.length);
        for (let i = 0; i < h.counts.length; i++) voxelCounts[i] = voxelCount(h.counts[i], o.scanId);
        counts.push(listValue(voxelCounts));
      }
    }
    if (scanIds.length === 0) return;
    await appendRows(conn, HISTOGRAM_LISTS_TABLE, (appender) => {
      for (let from = 0; from < scanIds.length; from += CHUNK_ROWS) {
        const to = Math.min(scanIds.length, from + CHUNK_ROWS);
        const chunk = keepShapeAlive(DuckDBDataChunk.create(COLUMN_TYPES, to - from));
        chunk.setColumnValues(0, scanIds.slice(from, to));
        chunk.setColumnValues(1, regions.slice(from, to));
        chunk.setColumnValues(2, bins.slice(from, to));
        chunk.setColumnValues(3, counts.slice(from, to));
        appender.appendDataChunk(chunk);
      }
    });
  }
}

/** A bin's count as the UINTEGER it is stored as (a list item past 2³² would wrap silently, not fail). */
function voxelCount(c: number, scanId: string): number {
  if (!(Number.isInteger(c) && c >= 0 && c <= UINT32_MAX)) throw new RangeError(`scan ${scanId}: a histogram bin holds ${c} voxels, not a count UINTEGER can store`);
  return c;
}
