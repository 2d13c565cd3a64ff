/**
 * Fault injection for the failure-isolation tests, inert unless LUNGFLOW_TEST_FAULT is set:
 * `KIND:SUBSTRING` makes the worker fail on slice 0 of every scan whose path contains SUBSTRING, where KIND is
 * `throw` (an exception in the stage chain), `exit` (the worker thread exits) or `oom` (it exhausts its heap limit);
 * `slow:SUBSTRING` instead delays every slice of those scans by 25 ms, so a test can interrupt a run mid-way.
 * `kill-in-schema:N` kills the process (SIGKILL) after the N-th statement that creates the database's schema.
 */
const SLOW_SLICE_MS = 25;

export function injectTestFault(scanPath: string, sliceIndex: number): void {
  const spec = process.env.LUNGFLOW_TEST_FAULT;
  if (!spec) return;
  const colon = spec.indexOf(':');
  const kind = spec.slice(0, colon);
  const target = spec.slice(colon + 1);
  if (colon < 0 || !target || !scanPath.includes(target)) return;
  if (kind === 'slow') {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SLOW_SLICE_MS);
    return;
  }
  if (sliceIndex !== 0) return;
  if (kind === 'throw') throw new Error('injected test fault');
  if (kind === 'exit') process.exit(70);
  if (kind === 'oom') {
    const hog: number[][] = [];
    for (;;) hog.push(new Array(1 << 20).fill(sliceIndex));
  }
}

/** See `kill-in-schema:N` above: called after each schema statement, `done` of them so far. */
export function injectSchemaFault(done: number): void {
  const spec = process.env.LUNGFLOW_TEST_FAULT;
  if (!spec?.startsWith('kill-in-schema:')) return;
  if (done === Number(spec.slice('kill-in-schema:'.length))) process.kill(process.pid, 'SIGKILL');
}
