import cliProgress from 'cli-progress';
import { ProgressCounts, type ProgressListener } from '../pipeline/progress.js';
import type { ScanOutcome } from '../results.js';

export interface Reporter extends ProgressListener {
  stop(): void;
}

export type ReporterKind = 'bar' | 'lines' | 'quiet';

export function chooseReporter(quiet: boolean, isTty: boolean): ReporterKind {
  return quiet ? 'quiet' : isTty ? 'bar' : 'lines';
}

/** Progress on stderr: a bar on a terminal, a plain line every `intervalMs` otherwise (logs), nothing when quiet. */
export function createReporter(kind: ReporterKind, intervalMs = 10_000): Reporter {
  const counts = new ProgressCounts();
  const eta = () => {
    const s = counts.etaSeconds();
    return s === null ? '?' : s < 90 ? `${Math.round(s)}s` : s < 5400 ? `${Math.round(s / 60)}m` : `${(s / 3600).toFixed(1)}h`;
  };
  const payload = () => ({ failed: counts.failed, sps: counts.slicesPerSecond().toFixed(0), etaText: eta() });
  if (kind === 'quiet') return Object.assign(counts, { stop() {} });

  if (kind === 'bar') {
    const bar = new cliProgress.SingleBar(
      {
        format: 'scans {bar} {value}/{total} | failed {failed} | {sps} slices/s | ETA {etaText}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(0, 0, payload());
    const refresh = () => {
      bar.setTotal(counts.discovered);
      bar.update(counts.settled, payload());
    };
    const timer = setInterval(refresh, 500);
    return wrap(counts, refresh, () => {
      clearInterval(timer);
      refresh();
      bar.stop();
    });
  }

  const print = () =>
    process.stderr.write(
      `[lungflow] ${counts.settled}/${counts.discovered} scans settled (done ${counts.done}, failed ${counts.failed}, skipped ${counts.skipped}), ` +
        `${counts.slicesPerSecond().toFixed(0)} slices/s, ETA ${eta()}\n`,
    );
  const timer = setInterval(print, intervalMs);
  timer.unref();
  return wrap(counts, () => undefined, () => {
    clearInterval(timer);
  }, (o) => {
    // One line per scan: overnight logs then say what happened to each input, in completion order.
    if (o.status === 'failed') process.stderr.write(`[lungflow] failed ${o.input.path}: ${o.error}\n`);
    else process.stderr.write(`[lungflow] done ${o.input.path} (${o.nSlices} slices, lung ${o.lungVolumeMl.toFixed(1)} mL)\n`);
  });
}

function wrap(counts: ProgressCounts, refresh: () => void, stop: () => void, onFinished?: (o: ScanOutcome) => void): Reporter {
  return {
    scanDiscovered: () => counts.scanDiscovered(),
    scanStarted: (p) => counts.scanStarted(p),
    scanSkipped: () => {
      counts.scanSkipped();
      refresh();
    },
    scanFinished: (o) => {
      counts.scanFinished(o);
      onFinished?.(o);
      refresh();
    },
    sliceDone: () => counts.sliceDone(),
    inputEmpty: (input, found) => process.stderr.write(`\n[lungflow] warning: ${input}: ${found}\n`),
    stop,
  };
}
