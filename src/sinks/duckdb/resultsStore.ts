import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { ScanDone, ScanOutcome } from '../../results.js';
import { openDatabase, type OpenedDatabase } from './openDatabase.js';
import { SliceAppender } from './sliceAppender.js';
import { sqlList, sqlNumber, sqlTimestamp } from './sqlValues.js';
import { writeBiomarkers } from './biomarkerRows.js';
import { PER_SCAN_TABLES } from './schema.js';

/** What the database remembers about an input path: enough to decide whether to run it again. */
export interface LedgerEntry {
  readonly scanId: string;
  readonly path: string;
  readonly status: 'done' | 'failed';
  readonly configHash: string;
  readonly fileSize: number | null;
  readonly fileMtimeMs: number | null;
  readonly contentSha256: string | null;
  readonly subject: string | null;
  readonly session: string | null;
}

export interface RunRecord {
  readonly runId: string;
  readonly startedAt: Date;
  readonly argv: readonly string[];
  readonly version: string;
  readonly config: unknown;
  readonly preset: string;
  readonly configHash: string;
}

export interface RunTotals {
  readonly status: 'finished' | 'interrupted' | 'failed';
  readonly nDone: number;
  readonly nFailed: number;
  readonly nSkipped: number;
}

/**
 * The one writer of the results file. Each scan is replaced in a single transaction, so a kill at any moment
 * leaves either the previous row set or the new one, never half of a scan and never two rows for one path.
 */
export class ResultsStore {
  private constructor(
    private readonly db: OpenedDatabase,
    private readonly slices: SliceAppender,
  ) {}

  static async open(path: string): Promise<ResultsStore> {
    const db = await openDatabase(path, { readOnly: false });
    try {
      return new ResultsStore(db, await SliceAppender.forTable(db.connection));
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private get conn(): DuckDBConnection {
    return this.db.connection;
  }

  async ledger(): Promise<Map<string, LedgerEntry>> {
    const reader = await this.conn.runAndReadAll(
      `SELECT scan_id, path, status, config_hash, file_size, epoch_ms(file_mtime) AS mtime_ms, content_sha256, subject, session FROM scans`,
    );
    const entries = new Map<string, LedgerEntry>();
    for (const row of reader.getRowObjectsJS()) {
      const entry: LedgerEntry = {
        scanId: String(row.scan_id),
        path: String(row.path),
        status: row.status === 'done' ? 'done' : 'failed',
        configHash: String(row.config_hash),
        fileSize: row.file_size === null ? null : Number(row.file_size),
        fileMtimeMs: row.mtime_ms === null ? null : Number(row.mtime_ms),
        contentSha256: row.content_sha256 === null ? null : String(row.content_sha256),
        subject: row.subject === null ? null : String(row.subject),
        session: row.session === null ? null : String(row.session),
      };
      entries.set(entry.path, entry);
    }
    return entries;
  }

  async beginRun(run: RunRecord): Promise<void> {
    // Holding the file means no other run is alive: a run still marked 'running' died without finishing (a kill,
    // a crash, a power cut). Its finished scans are in `scans`; its own row says what happened to it.
    await this.conn.run(`UPDATE runs SET status = 'aborted' WHERE status = 'running'`);
    await this.conn.run(
      `INSERT INTO runs (run_id, started_at, argv, version, config, preset, config_hash, status)
       VALUES (?, CAST(? AS TIMESTAMP), ?, ?, ?, ?, ?, 'running')`,
      [run.runId, sqlTimestamp(run.startedAt), JSON.stringify(run.argv), run.version, JSON.stringify(run.config), run.preset, run.configHash],
    );
  }

  async finishRun(runId: string, totals: RunTotals, finishedAt: Date): Promise<void> {
    await this.conn.run(
      `UPDATE runs SET finished_at = CAST(? AS TIMESTAMP), status = ?, n_done = ?, n_failed = ?, n_skipped = ? WHERE run_id = ?`,
      [sqlTimestamp(finishedAt), totals.status, totals.nDone, totals.nFailed, totals.nSkipped, runId],
    );
  }

  /**
   * A skipped scan keeps its results, but the labels a manifest gives it are the user's current word: a cohort
   * first run from a folder and then from a manifest gets its subject and session without recomputing.
   */
  async relabel(path: string, labels: { readonly subject: string | null; readonly session: string | null }): Promise<void> {
    await this.conn.run('UPDATE scans SET subject = ?, session = ? WHERE path = ?', [labels.subject, labels.session, path]);
  }

  /** Replaces everything known about this scan's path with `outcome`, atomically. */
  async writeScan(outcome: ScanOutcome): Promise<void> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      for (const table of PER_SCAN_TABLES) {
        await this.conn.run(`DELETE FROM ${table} WHERE scan_id IN (SELECT scan_id FROM scans WHERE path = ?) OR scan_id = ?`, [
          outcome.input.path,
          outcome.scanId,
        ]);
      }
      await this.conn.run('DELETE FROM scans WHERE path = ? OR scan_id = ?', [outcome.input.path, outcome.scanId]);
      await this.insertScan(outcome);
      if (outcome.status === 'done') await this.slices.append(this.conn, outcome.scanId, outcome.slices);
      if (outcome.status === 'done' && outcome.biomarkers) await writeBiomarkers(this.conn, outcome.scanId, outcome.biomarkers);
      await this.conn.run('COMMIT');
    } catch (error) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async insertScan(o: ScanOutcome): Promise<void> {
    const done = o.status === 'done' ? o : null;
    const values: DuckDBValue[] = [
      o.scanId,
      o.input.path,
      o.status,
      o.status === 'failed' ? o.error : null,
      o.status === 'failed' ? o.errorCode : null,
      o.preset,
      o.configHash,
      done ? done.nSlices : null,
      done ? sqlList(done.dims) : null,
      done ? sqlList(done.spacingMm) : null,
      done ? sqlNumber(done.lungVolumeMl) : null,
      done ? sqlNumber(done.vesselVolumeMl) : null,
      done ? sqlNumber(done.leftVolumeMl) : null,
      done ? sqlNumber(done.rightVolumeMl) : null,
      done ? sqlList(done.flags) : null,
      sqlTimestamp(o.startedAt),
      sqlTimestamp(o.finishedAt),
      o.runId,
      o.provenance ? o.provenance.sizeBytes : null,
      o.provenance ? sqlTimestamp(o.provenance.mtime) : null,
      o.provenance ? o.provenance.contentSha256 : null,
      o.input.subject,
      o.input.session,
      done?.masks ? done.masks.lung : null,
      done?.masks ? done.masks.vessels : null,
      ...wholeLungDensity(done),
      done?.masks ? done.masks.regions : null,
    ];
    await this.conn.run(
      `INSERT INTO scans (scan_id, path, status, error, error_code, preset, config_hash, n_slices, dims, spacing_mm,
         lung_volume_ml, vessel_volume_ml, left_volume_ml, right_volume_ml, flags, started_at, finished_at, run_id,
         file_size, file_mtime, content_sha256, subject, session, lung_mask_path, vessel_mask_path,
         laa950_pct, perc15_hu, mean_hu, air_peak_hu, air_noise_hu, regions_mask_path, lungflow_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::INTEGER[], ?::DOUBLE[], ?, ?, ?, ?, ?::VARCHAR[], CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), ?,
         ?, CAST(? AS TIMESTAMP), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT version FROM runs WHERE run_id = ?))`,
      [...values, o.runId],
    );
  }

  close(): void {
    this.db.close();
  }
}

/** scans' whole-lung laa950_pct, perc15_hu, mean_hu and the air calibration (NULL without biomarkers). */
function wholeLungDensity(done: ScanDone | null): (number | null)[] {
  const b = done?.biomarkers;
  const lung = b?.regions.find((r) => r.region === 'lung');
  if (!b || !lung) return [null, null, null, null, null];
  return [sqlNumber(lung.laa950Pct), sqlNumber(lung.perc15Hu), sqlNumber(lung.meanHu), sqlNumber(b.airPeakHu), sqlNumber(b.airNoiseHu)];
}
