/** Paint run-length regions ((y, x0, x1) triples, x1 exclusive) into a width-wide 0/1 image. */
export function paintRuns(runs: Int32Array, width: number, out: Uint8Array, value = 1): void {
  for (let k = 0; k < runs.length; k += 3) {
    const base = runs[k] * width;
    out.fill(value, base + runs[k + 1], base + runs[k + 2]);
  }
}
