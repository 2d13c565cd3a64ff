import type { LedgerEntry } from '../sinks/duckdb/resultsStore.js';

export type ResumeMode = 'normal' | 'retry-failed' | 'force';

export interface FileState {
  readonly size: number;
  readonly mtimeMs: number;
}

export type RunReason = 'new' | 'input-changed' | 'config-changed' | 'retry-failed' | 'forced';
export type SkipReason = 'done' | 'failed-before' | 'not-failed';

export type ResumeDecision =
  | { readonly action: 'run'; readonly reason: RunReason }
  | { readonly action: 'skip'; readonly reason: SkipReason; readonly previous: LedgerEntry | null };

/**
 * Whether a scan must run again. Size and mtime decide cheaply; only when they moved is the content hash read,
 * so a file that was merely touched (or copied with new times) is not recomputed.
 */
export async function decide(
  mode: ResumeMode,
  entry: LedgerEntry | undefined,
  file: FileState | null,
  configHash: string,
  contentHash: () => Promise<string | null>,
): Promise<ResumeDecision> {
  if (mode === 'force') return { action: 'run', reason: 'forced' };
  if (!entry) return mode === 'retry-failed' ? { action: 'skip', reason: 'not-failed', previous: null } : { action: 'run', reason: 'new' };
  if (mode === 'retry-failed') {
    return entry.status === 'failed' ? { action: 'run', reason: 'retry-failed' } : { action: 'skip', reason: 'not-failed', previous: entry };
  }
  if (await inputChanged(entry, file, contentHash)) return { action: 'run', reason: 'input-changed' };
  if (entry.configHash !== configHash) return { action: 'run', reason: 'config-changed' };
  return { action: 'skip', reason: entry.status === 'done' ? 'done' : 'failed-before', previous: entry };
}

async function inputChanged(entry: LedgerEntry, file: FileState | null, contentHash: () => Promise<string | null>): Promise<boolean> {
  if (file === null) return entry.fileSize !== null; // vanished since, or was missing then too
  if (entry.fileSize === file.size && entry.fileMtimeMs === Math.floor(file.mtimeMs)) return false;
  if (entry.contentSha256 === null) return true;
  return (await contentHash()) !== entry.contentSha256;
}
