import type { DuckDBConnection } from '@duckdb/node-api';
import type { ScanOutcome, SkippedInput } from '../../results.js';
import { openDatabase, type OpenedDatabase } from './openDatabase.js';
import { SLICES_TABLE } from './sliceAppender.js';
import { REGIONS_TABLE } from './biomarkerRows.js';
import { HistogramAppender } from './histogramAppender.js';
import { SCANS_TABLE } from './scanRowWriter.js';
import { TableAppender, type ScanRowsWriter } from './tableAppender.js';
import { sqlTimestamp } from './sqlValues.js';
import { appendRows } from './appendRows.js';

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

/** Tables with rows per scan, beside `scans`: a scan written replaces its rows in each, in the same transaction. */
const SCAN_ROWS_TABLES: readonly ((conn: DuckDBConnection) => Promise<ScanRowsWriter>)[] = [
  (conn) => TableAppender.forTable(conn, SLICES_TABLE),
  (conn) => TableAppender.forTable(conn, REGIONS_TABLE),
  async () => new HistogramAppender(),
];

/** Manifest labels for a scan that is not recomputed. */
export interface Relabel {
  readonly scanId: string;
  readonly subject: string | null;
  readonly session: string | null;
}

/** Something a run found that is not a scan (a localizer, a report, another modality): a row of `skipped_inputs`. */
export interface SkippedRecord {
  readonly runId: string;
  readonly skipped: SkippedInput;
  readonly at: Date;
}

/** What one transaction writes: whole scans (each replacing its scan id's rows), label updates, inputs skipped. */
export interface WriteBatch {
  readonly outcomes: readonly ScanOutcome[];
  readonly relabels: readonly Relabel[];
  readonly skipped?: readonly SkippedRecord[];
}

export interface RunTotals {
  readonly status: 'finished' | 'interrupted' | 'failed';
  readonly nDone: number;
  readonly nFailed: number;
  readonly nSkipped: number;
}

/**
 * The one writer of the results file. Scans are replaced whole inside a transaction (one or many scans each), so
 * a kill at any moment leaves either the previous row set or the new one, never half of a scan and never two rows
 * for one scan id (two DICOM series of one folder share a path, never an id).
 */
export class ResultsStore {
  private constructor(
    private readonly db: OpenedDatabase,
    private readonly scans: TableAppender,
    private readonly rowTables: readonly ScanRowsWriter[],
    /** Every scan id `scans` holds (this is the file's only writer): a batch of new scans deletes nothing. */
    private readonly storedKeys: Set<string>,
  ) {}

  static async open(path: string): Promise<ResultsStore> {
    const db = await openDatabase(path, { readOnly: false });
    try {
      const rowTables = [];
      for (const forTable of SCAN_ROWS_TABLES) rowTables.push(await forTable(db.connection));
      const keys = await db.connection.runAndReadAll('SELECT scan_id FROM scans');
      const storedKeys = new Set(keys.getRows().flat().map(String));
      return new ResultsStore(db, await TableAppender.forTable(db.connection, SCANS_TABLE), rowTables, storedKeys);
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
    await this.writeBatch({ outcomes: [], relabels: [{ scanId, ...labels }] });
  }

  /** Something found that is not a scan: one row of `skipped_inputs`. */
  async recordSkipped(runId: string, skipped: SkippedInput, at: Date): Promise<void> {
    await this.writeBatch({ outcomes: [], relabels: [], skipped: [{ runId, skipped, at }] });
  }

  /** Replaces everything known about this scan (by scan id) with `outcome`, atomically. */
  async writeScan(outcome: ScanOutcome): Promise<void> {
    await this.writeBatch({ outcomes: [outcome], relabels: [] });
  }

  /**
   * One transaction: every scan of the batch replaces its scan id's rows in `scans` and in every per-scan table,
   * the labels are updated and the inputs skipped recorded. Set-based (one DELETE per table, one appender per
   * table), so a batch of many small scans costs about what one scan did. All or nothing: a failure rolls the whole
   * batch back.
   */
  async writeBatch(batch: WriteBatch): Promise<void> {
    const outcomes = lastPerScan(batch.outcomes);
    await this.conn.run('BEGIN TRANSACTION');
    try {
      if (outcomes.some((o) => this.storedKeys.has(o.scanId))) {
        // Made anew each time: rows deleted from a temporary table keep their memory (it is never checkpointed).
        await this.conn.run('CREATE OR REPLACE TEMP TABLE batch_keys (scan_id VARCHAR)');
        await appendRows(this.conn, 'batch_keys', (keys) => {
          for (const o of outcomes) {
            keys.appendVarchar(o.scanId);
            keys.endRow();
          }
        }, 'temp');
        for (const rows of this.rowTables) await this.conn.run(`DELETE FROM ${rows.name} WHERE scan_id IN (SELECT scan_id FROM batch_keys)`);
        await this.conn.run('DELETE FROM scans WHERE scan_id IN (SELECT scan_id FROM batch_keys)');
      }
      if (outcomes.length > 0) {
        await this.scans.append(this.conn, outcomes);
        for (const rows of this.rowTables) await rows.append(this.conn, outcomes);
      }
      for (const r of batch.relabels) {
        await this.conn.run('UPDATE scans SET subject = ?, session = ? WHERE scan_id = ?', [r.subject, r.session, r.scanId]);
      }
      for (const { runId, skipped: k, at } of batch.skipped ?? []) {
        await this.conn.run(
          `INSERT INTO skipped_inputs (run_id, path, reason, detail, n_files, series_instance_uid, modality, sop_class_uid, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TIMESTAMP))`,
          [runId, k.path, k.reason, k.detail, k.nFiles, k.seriesInstanceUid, k.modality, k.sopClassUid, sqlTimestamp(at)],
        );
      }
      await this.conn.run('COMMIT');
    } catch (error) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
    for (const o of outcomes) this.storedKeys.add(o.scanId);
  }

  close(): void {
    this.db.close();
  }
}

/** One outcome per scan id: a later one for the same scan supersedes an earlier one. */
function lastPerScan(outcomes: readonly ScanOutcome[]): ScanOutcome[] {
  const byId = new Map<string, ScanOutcome>();
  for (const o of outcomes) {
    byId.delete(o.scanId);
    byId.set(o.scanId, o);
  }
  return [...byId.values()];
}
