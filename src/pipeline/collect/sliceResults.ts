import type { SliceTaskResult } from '../../scanTask.js';

type Kind = SliceTaskResult['kind'];
type ResultOf<K extends Kind> = Extract<SliceTaskResult, { kind: K }>['result'];

/**
 * The worker's per-slice results (in slice order) narrowed to one pipeline kind, with the check that every slice
 * of the scan is there: a scan is measured whole or not at all.
 */
export function sliceResultsOf<K extends Kind>(kind: K, results: readonly SliceTaskResult[], nSlices: number): ResultOf<K>[] {
  const out: ResultOf<K>[] = [];
  for (let i = 0; i < nSlices; i++) {
    const r = results[i];
    if (r === undefined) throw new Error(`scan incomplete: no result for slice ${i} of ${nSlices}`);
    if (r.kind !== kind) throw new Error(`internal: a ${r.kind} slice result for a ${kind} preset`);
    out.push(r.result as ResultOf<K>);
  }
  return out;
}
