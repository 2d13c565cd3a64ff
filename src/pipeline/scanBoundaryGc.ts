import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A full garbage collection at each scan boundary: on the main thread after a scan is written, in a worker after
 * each scan task. Everything a scan allocated is dead at that moment, and much of it is off the JS heap (result
 * arrays' buffers, per-scan scratch). Left to V8's own schedule the heap limit keeps rising and collections come
 * later and later, so a cohort's peak RSS climbed with its length.
 *
 * Measured (20 scans of 256x256x100, --workers 2, one sitting): peak RSS 213-220 MB without, 166-172 MB with;
 * main thread only 180-186 MB; collecting only after 8 MB of growth 196-200 MB. Each collection of these small
 * heaps takes ~9 ms; on 512x512x300 scans the cohort's time with and without stayed within the machine's noise
 * (npm run bench, 0.43-0.47 vs 0.45-0.47 s/scan).
 *
 * `gc` is exposed by setting V8's flag at run time: the main thread gets it from a fresh context, and worker
 * threads started after this call find it on their globals.
 */
type Collect = () => void;
let mainCollect: Collect | null = null;

export function enableScanBoundaryGc(): void {
  if (mainCollect) return;
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('gc');
  if (typeof gc === 'function') mainCollect = gc as Collect;
}

/** Collects on the main thread once enabled, and in a worker started after that (its global has `gc`). */
export function collectAtScanBoundary(): void {
  (mainCollect ?? (globalThis as { gc?: Collect }).gc)?.();
}
