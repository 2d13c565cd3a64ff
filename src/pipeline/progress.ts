import type { ScanOutcome } from '../results.js';

/** What the runner tells whoever watches it. Kept tiny so the CLI can draw a bar, print lines, or stay quiet. */
export interface ProgressListener {
  scanDiscovered(): void;
  scanStarted(path: string): void;
  scanSkipped(): void;
  scanFinished(outcome: ScanOutcome): void;
  sliceDone(): void;
  /** An input gave no scan at all; `found` says what was there (e.g. "99 files, none NIfTI, DICOM, NRRD or MetaImage"). */
  inputEmpty(input: string, found: string): void;
}

export const silentProgress: ProgressListener = {
  scanDiscovered() {},
  scanStarted() {},
  scanSkipped() {},
  scanFinished() {},
  sliceDone() {},
  inputEmpty() {},
};

/** Running totals every reporter needs. */
export class ProgressCounts implements ProgressListener {
  discovered = 0;
  started = 0;
  skipped = 0;
  done = 0;
  failed = 0;
  slices = 0;
  readonly startedAtMs = Date.now();

  scanDiscovered(): void {
    this.discovered++;
  }
  scanStarted(_path: string): void {
    this.started++;
  }
  scanSkipped(): void {
    this.skipped++;
  }
  scanFinished(outcome: ScanOutcome): void {
    if (outcome.status === 'done') this.done++;
    else this.failed++;
  }
  sliceDone(): void {
    this.slices++;
  }
  inputEmpty(_input: string, _found: string): void {}

  get settled(): number {
    return this.done + this.failed + this.skipped;
  }

  slicesPerSecond(): number {
    const s = (Date.now() - this.startedAtMs) / 1000;
    return s > 0 ? this.slices / s : 0;
  }

  /** Seconds left, from the pace of scans processed so far (skips excluded); null until there is a pace. */
  etaSeconds(): number | null {
    const processed = this.done + this.failed;
    const remaining = this.discovered - this.settled;
    if (processed === 0) return null;
    return (((Date.now() - this.startedAtMs) / 1000) * remaining) / processed;
  }
}
