/**
 * Writes a scan's `regions` rows (nine, one INSERT) and `hu_histograms` rows (a few thousand, through the
 * appender), inside the caller's transaction.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { ScanBiomarkers } from '../../biomarkers/scanBiomarkers.js';
import { sqlNumber } from './sqlValues.js';

const REGION_COLUMNS = [
  'scan_id', 'region', 'volume_ml', 'mean_hu', 'perc15_hu', 'laa950_pct', 'laa910_pct', 'laa856_pct', 'mass_g',
  'vessel_volume_ml', 'vessel_pct', 'bv5_ml', 'bv10_ml', 'bv5_pct',
] as const;

export async function writeBiomarkers(conn: DuckDBConnection, scanId: string, b: ScanBiomarkers): Promise<void> {
  const values: DuckDBValue[] = [];
  for (const r of b.regions) {
    values.push(
      scanId, r.region, sqlNumber(r.volumeMl) ?? 0, sqlNumber(r.meanHu), sqlNumber(r.perc15Hu), sqlNumber(r.laa950Pct),
      sqlNumber(r.laa910Pct), sqlNumber(r.laa856Pct), sqlNumber(r.massG), sqlNumber(r.vesselVolumeMl) ?? 0,
      sqlNumber(r.vesselPct), sqlNumber(r.bv5Ml), sqlNumber(r.bv10Ml), sqlNumber(r.bv5Pct),
    );
  }
  if (b.regions.length > 0) {
    const row = `(${REGION_COLUMNS.map(() => '?').join(', ')})`;
    await conn.run(`INSERT INTO regions (${REGION_COLUMNS.join(', ')}) VALUES ${b.regions.map(() => row).join(', ')}`, values);
  }
  const appender = await conn.createAppender('hu_histograms');
  try {
    for (const h of b.histograms) {
      for (let i = 0; i < h.huBins.length; i++) {
        appender.appendVarchar(scanId);
        appender.appendVarchar(h.region);
        appender.appendSmallInt(h.huBins[i]);
        appender.appendBigInt(BigInt(h.counts[i]));
        appender.endRow();
      }
    }
    appender.flushSync();
  } catch (error) {
    try {
      appender.closeSync();
    } catch {
      /* the first error is the one to report */
    }
    throw error;
  }
  appender.closeSync();
}
