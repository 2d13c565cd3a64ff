/**
 * Fault injection for the failure-isolation tests, inert unless LUNGFLOW_TEST_FAULT is set:
 * `KIND:SUBSTRING` makes the worker fail on slice 0 of every scan whose path contains SUBSTRING, where KIND is
 * `throw` (an exception in the stage chain), `exit` (the worker thread exits) or `oom` (it exhausts its heap limit).
 */
export function injectTestFault(scanPath: string, sliceIndex: number): void {
  const spec = process.env.LUNGFLOW_TEST_FAULT;
  if (!spec || sliceIndex !== 0) return;
  const colon = spec.indexOf(':');
  const kind = spec.slice(0, colon);
  const target = spec.slice(colon + 1);
  if (colon < 0 || !target || !scanPath.includes(target)) return;
  if (kind === 'throw') throw new Error(`injected test fault in slice ${sliceIndex}`);
  if (kind === 'exit') process.exit(70);
  if (kind === 'oom') {
    const hog: number[][] = [];
    for (;;) hog.push(new Array(1 << 20).fill(sliceIndex));
  }
}
