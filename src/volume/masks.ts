/** Runs shorter than this are painted by a loop: most runs (vessels cut across) are a few pixels, and a call to
 * TypedArray fill, a builtin, costs more than painting them. */
const SHORT_RUN = 32;

/** Paint run-length regions ((y, x0, x1) triples, x1 exclusive) into a width-wide 0/1 image. */
export function paintRuns(runs: Int32Array, width: number, out: Uint8Array, value = 1): void {
  for (let k = 0; k < runs.length; k += 3) {
    const base = runs[k] * width;
    const from = base + runs[k + 1], to = base + runs[k + 2];
    if (to - from < SHORT_RUN) for (let i = from; i < to; i++) out[i] = value;
    else out.fill(value, from, to);
  }
}
