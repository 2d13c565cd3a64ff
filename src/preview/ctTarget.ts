import { stat } from 'node:fs/promises';
import { discoverInputs } from '../pipeline/discover.js';
import { fileTarget, type ScanTarget } from '../readers/scanTarget.js';

/**
 * The CT of a scan row to read again: its file, or — `scans.path` being a folder — the DICOM series of that folder
 * with the row's scan id, found as the run found it. Null when the folder no longer holds that series.
 */
export async function ctTargetOf(ctPath: string, scanId: string): Promise<ScanTarget | null> {
  const info = await stat(ctPath).catch(() => null);
  if (!info?.isDirectory()) return fileTarget(ctPath);
  for await (const found of discoverInputs({ paths: [ctPath], manifest: null })) {
    if (found.kind === 'scan' && found.input.scanId === scanId) return found.input;
  }
  return null;
}
