// Usage: tsx time.ts ROOT FILE N — runs the worker's scan task of the code at ROOT on FILE N times (in-process).
const [root, file, n] = process.argv.slice(2);
const { runScanTask } = await import(`${root}/src/worker.ts`);
const { defaultPreset } = await import(`${root}/pipeline.config.ts`);
for (let i = 0; i < Number(n); i++) {
  const t = performance.now();
  const r = await runScanTask({ config: defaultPreset, path: file, masks: null, timeStages: true });
  const total = performance.now() - t;
  if (!r.ok) throw new Error(r.message);
  const anatomy = r.stageMs.reduce((a: number, s: Float64Array) => a + s[0], 0);
  const tally = r.stageMs.reduce((a: number, s: Float64Array) => a + (s[1] ?? 0), 0);
  const read = r.readMs.reduce((a: number, b: number) => a + b, 0);
  console.log(JSON.stringify({ root: root.split('/').pop(), totalMs: Math.round(total), readMs: Math.round(read), anatomyMs: Math.round(anatomy), tallyMs: Math.round(tally), measureMs: Math.round(r.measureMs), bv5: r.measurements.biomarkers?.regions[0].bv5Ml }));
}
