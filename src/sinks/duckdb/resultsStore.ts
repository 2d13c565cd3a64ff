import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { ScanOutcome, SkippedInput } from '../../results.js';
import { openDatabase, type OpenedDatabase } from './openDatabase.js';
import { SliceAppender } from './sliceAppender.js';
import { sqlList, sqlNumber, sqlTimestamp } from './sqlValues.js';

/** What the database remembers about a scan (by scan id): enough to decide whether to run it again. */
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
 * leaves either the previous row set or the new one, never half of a scan and never two rows for one scan id.
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
      entries.set(entry.scanId, entry);
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
  async relabel(scanId: string, labels: { readonly subject: string | null; readonly session: string | null }): Promise<void> {
    await this.conn.run('UPDATE scans SET subject = ?, session = ? WHERE scan_id = ?', [labels.subject, labels.session, scanId]);
  }

  /** Something found that is not a scan (a localizer, a report, another modality): one row of `skipped_inputs`. */
  async recordSkipped(runId: string, s: SkippedInput, at: Date): Promise<void> {
    await this.conn.run(
      `INSERT INTO skipped_inputs (run_id, path, reason, detail, n_files, series_instance_uid, modality, sop_class_uid, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TIMESTAMP))`,
      [runId, s.path, s.reason, s.detail, s.nFiles, s.seriesInstanceUid, s.modality, s.sopClassUid, sqlTimestamp(at)],
    );
  }

  /**
   * Replaces everything known about this scan (by scan id: two DICOM series of one folder share a path) with
   * `outcome`, atomically.
   */
  async writeScan(outcome: ScanOutcome): Promise<void> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      await this.conn.run('DELETE FROM slices WHERE scan_id = ?', [outcome.scanId]);
      await this.conn.run('DELETE FROM scans WHERE scan_id = ?', [outcome.scanId]);
      await this.insertScan(outcome);
      if (outcome.status === 'done') await this.slices.append(this.conn, outcome.scanId, outcome.slices);
      await this.conn.run('COMMIT');
    } catch (error) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async insertScan(o: ScanOutcome): Promise<void> {
    const columns = scanColumns(o);
    await this.conn.run(
      `INSERT INTO scans (${columns.map((c) => c.name).join(', ')}, lungflow_version)
       VALUES (${columns.map((c) => c.sql ?? '?').join(', ')}, (SELECT version FROM runs WHERE run_id = ?))`,
      [...columns.map((c) => c.value), o.runId],
    );
  }

  close(): void {
    this.db.close();
  }
}

/** One `scans` column of a row: its name, its value, and the SQL that takes the value when `?` alone does not. */
interface ScanColumn {
  readonly name: string;
  readonly value: DuckDBValue;
  readonly sql?: string;
}

/** The `scans` row of an outcome, column by column (a new column is one more line here and one in schema.ts). */
function scanColumns(o: ScanOutcome): ScanColumn[] {
  const done = o.status === 'done' ? o : null;
  const failed = o.status === 'failed' ? o : null;
  // What the reader found in the series; for a series that failed, what discovery read from its headers.
  const dicom = done?.dicom ?? o.input.dicom;
  const timestamp = 'CAST(? AS TIMESTAMP)';
  return [
    { name: 'scan_id', value: o.scanId },
    { name: 'path', value: o.input.path },
    { name: 'status', value: o.status },
    { name: 'error', value: failed ? failed.error : null },
    { name: 'error_code', value: failed ? failed.errorCode : null },
    { name: 'preset', value: o.preset },
    { name: 'config_hash', value: o.configHash },
    { name: 'format', value: done ? done.format : null },
    { name: 'n_slices', value: done ? done.nSlices : null },
    { name: 'dims', value: done ? sqlList(done.dims) : null, sql: '?::INTEGER[]' },
    { name: 'spacing_mm', value: done ? sqlList(done.spacingMm) : null, sql: '?::DOUBLE[]' },
    { name: 'lung_volume_ml', value: done ? sqlNumber(done.lungVolumeMl) : null },
    { name: 'vessel_volume_ml', value: done ? sqlNumber(done.vesselVolumeMl) : null },
    { name: 'left_volume_ml', value: done ? sqlNumber(done.leftVolumeMl) : null },
    { name: 'right_volume_ml', value: done ? sqlNumber(done.rightVolumeMl) : null },
    { name: 'flags', value: done ? sqlList(done.flags) : null, sql: '?::VARCHAR[]' },
    { name: 'started_at', value: sqlTimestamp(o.startedAt), sql: timestamp },
    { name: 'finished_at', value: sqlTimestamp(o.finishedAt), sql: timestamp },
    { name: 'run_id', value: o.runId },
    { name: 'file_size', value: o.provenance ? o.provenance.sizeBytes : null },
    { name: 'file_mtime', value: o.provenance ? sqlTimestamp(o.provenance.mtime) : null, sql: timestamp },
    { name: 'content_sha256', value: o.provenance ? o.provenance.contentSha256 : null },
    { name: 'subject', value: o.input.subject },
    { name: 'session', value: o.input.session },
    { name: 'lung_mask_path', value: done?.masks ? done.masks.lung : null },
    { name: 'vessel_mask_path', value: done?.masks ? done.masks.vessels : null },
    { name: 'patient_id', value: dicom?.patientId ?? null },
    { name: 'study_instance_uid', value: dicom?.studyInstanceUid ?? null },
    { name: 'series_instance_uid', value: dicom?.seriesInstanceUid || null },
    { name: 'series_description', value: dicom?.seriesDescription ?? null },
    { name: 'modality', value: dicom?.modality ?? null },
    { name: 'manufacturer', value: dicom?.manufacturer ?? null },
    { name: 'convolution_kernel', value: dicom?.convolutionKernel ?? null },
    { name: 'slice_thickness_mm', value: sqlNumber(dicom?.sliceThicknessMm ?? null) },
    { name: 'kvp', value: sqlNumber(dicom?.kvp ?? null) },
    { name: 'qc_montage_path', value: done?.qcMontage ?? null },
  ];
}
