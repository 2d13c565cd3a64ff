/**
 * SIGTERM, as schedulers send it (Slurm at a time limit, preemption or requeue; Kubernetes and AWS Batch when they
 * stop a container), then SIGKILL after their own grace period (30 s by default in all three): take no new scans
 * (`stop`), let the ones in flight finish for `graceMs`, then abandon them (`abort`). What finished is committed;
 * the CLI exits 75. A second SIGTERM abandons at once. Returns the function that removes the handler.
 */
export function onSchedulerTerm(graceMs: number, stop: AbortController, abort: AbortController): () => void {
  let timer: NodeJS.Timeout | null = null;
  const onTerm = () => {
    if (stop.signal.aborted) {
      abort.abort();
      return;
    }
    process.stderr.write(`\n[lungflow] SIGTERM: taking no new scans, finishing the ones in flight for up to ${graceMs / 1000} s, keeping finished ones\n`);
    stop.abort();
    timer = setTimeout(() => abort.abort(), graceMs);
    timer.unref();
  };
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGTERM', onTerm);
    if (timer) clearTimeout(timer);
  };
}
