/**
 * What anatomy.closingFillsHoles costs the per-slice anatomy stage: `npx tsx bench/closingFillCost.ts`. One phantom
 * (512 × 512 × 120 at 0.7 × 0.7 × 2.5 mm, seed 1000) in memory; every slice through analyseSlice with the fill on
 * and off, alternating, 10 times each; the minimum per slice of each (the machine is shared: minima are the
 * least disturbed runs).
 */
import { generatePhantom, parseOrientation, toCanonical } from '../src/phantom/index.js';
import { analyseSlice, type AnatomyParams } from '../src/stages/anatomy.js';
import type { HuSlice } from '../src/stages/types.js';
import { defaultPreset } from '../pipeline.config.js';

const shape: [number, number, number] = [512, 512, 120];
const { spec } = generatePhantom({ shape, spacingMm: [0.7, 0.7, 2.5], seed: 1000 });
const plane = shape[0] * shape[1];
const hu = toCanonical(spec.data, parseOrientation('LPS'), shape, new Float32Array(plane * shape[2]));
const slices: HuSlice[] = Array.from({ length: shape[2] }, (_, k) => ({
  index: k, width: shape[0], height: shape[1], hu: hu.subarray(k * plane, (k + 1) * plane), spacingMm: [0.7, 0.7],
}));
const on: AnatomyParams = defaultPreset.anatomy;
const off = { ...on, closingFillsHoles: false };
const msPerSlice = (params: AnatomyParams) => {
  const t0 = performance.now();
  for (const s of slices) analyseSlice(params, s);
  return (performance.now() - t0) / slices.length;
};
msPerSlice(on);
msPerSlice(off);
const times = { off: [] as number[], on: [] as number[] };
for (let i = 0; i < 10; i++) {
  times.off.push(msPerSlice(off));
  times.on.push(msPerSlice(on));
}
const min = (a: number[]) => Math.min(...a);
console.log(`analyseSlice, ms per slice (min of 10): fill off ${min(times.off).toFixed(3)}, on ${min(times.on).toFixed(3)} (+${(min(times.on) - min(times.off)).toFixed(3)})`);
