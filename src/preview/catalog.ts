import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBValue } from '@duckdb/node-api';
import { DatabaseUnavailableError, openDatabase, type OpenedDatabase } from '../sinks/duckdb/openDatabase.js';
import type { SliceArea } from './selectSlices.js';

export interface ScanSelection {
  /** Keep scans whose path contains this text. */
  readonly scan?: string;
  /** An SQL condition on the columns of `scans`. */
  readonly where?: string;
}

export interface CatalogScan {
  readonly scanId: string;
  readonly path: string;
  readonly status: string;
  readonly nSlices: number | null;
  readonly lungMaskPath: string | null;
  readonly vesselMaskPath: string | null;
}

/** A bad --where: the user's to fix. */
export class SelectionError extends Error {}

/** The results database opened read-only for the preview: which scans, and their slices' lung areas. */
export class PreviewCatalog {
  private constructor(private readonly db: OpenedDatabase) {}

  static async open(file: string): Promise<PreviewCatalog> {
    if (!existsSync(file)) throw new DatabaseUnavailableError(`no results database at ${file} (run \`lungflow run\` first, or pass --db)`);
    return new PreviewCatalog(await openDatabase(file, { readOnly: true }));
  }

  /** Every scan the selection matches, done or failed, by path. */
  async scans(selection: ScanSelection): Promise<CatalogScan[]> {
    const conditions: string[] = [];
    const values: DuckDBValue[] = [];
    if (selection.where !== undefined) conditions.push(`(${selection.where})`);
    if (selection.scan !== undefined) {
      values.push(selection.scan);
      conditions.push(`contains(path, $${values.length})`);
    }
    const sql = `SELECT scan_id, path, status, n_slices, lung_mask_path, vessel_mask_path FROM scans
      ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY path`;
    let rows: unknown[][];
    try {
      rows = (await this.db.connection.runAndReadAll(sql, values)).getRowsJS() as unknown[][];
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      throw new SelectionError(selection.where !== undefined ? `--where '${selection.where}': ${message}` : message);
    }
    return rows.map(([scanId, p, status, nSlices, lung, vessels]) => ({
      scanId: String(scanId),
      path: String(p),
      status: String(status),
      nSlices: nSlices === null ? null : Number(nSlices),
      lungMaskPath: lung === null ? null : String(lung),
      vesselMaskPath: vessels === null ? null : String(vessels),
    }));
  }

  async lungAreas(scanId: string): Promise<SliceArea[]> {
    const reader = await this.db.connection.runAndReadAll(
      'SELECT slice_index, lung_area_mm2 FROM slices WHERE scan_id = $1 ORDER BY slice_index',
      [scanId],
    );
    return (reader.getRowsJS() as unknown[][]).map(([index, area]) => ({ index: Number(index), lungAreaMm2: Number(area) }));
  }

  close(): void {
    this.db.close();
  }
}

/** `masks/ct_1a2b3c4d_lung.nii.gz` → `ct_1a2b3c4d`, the stem the scan's pictures share with its masks. */
export function previewBaseName(lungMaskPath: string): string {
  return path.basename(lungMaskPath).replace(/(_lung)?\.nii(\.gz)?$/i, '');
}
