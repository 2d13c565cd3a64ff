/**
 * Accuracy benchmark: `npx tsx bench/accuracy.ts [--generator phantom|synthetic] [--count N] [--base-seed S]`.
 * Generates a fresh set of chests — `phantom` (default): src/phantom's generator, written as .nii.gz and read back
 * through openNifti like the runner does; `synthetic`: bench/syntheticChest.ts in memory — with seeds never used
 * in tuning (tuning used phantom seeds 5001–5004 and synthetic 1–8; the tests use 6101–6102 and 201–202), runs
 * the `default` preset (analyseSlice → assembleScan) and the `seed` preset (the tutorial's chain) in-process, and
 * prints per preset: per-slice lung-area error (median, p95 over slices with >= 1000 lung pixels), false-lung
 * slices, lung / left / right / vessel volume error. Writes the figures to bench/results/accuracy-<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticChest, type ChestOptions, type ChestVolume } from './syntheticChest.js';
import { analyseSlice, DEFAULT_ANATOMY_PARAMS } from '../src/stages/anatomy.js';
import { assembleScan, DEFAULT_ASSEMBLE_PARAMS } from '../src/volume/assembleScan.js';
import { paintRuns } from '../src/volume/masks.js';
import { formatAccuracyTable, summarise, type PresetRun, type ScanScore } from './accuracyTable.js';
import { phantomVolume } from './phantomVolume.js';

interface PresetOutput {
  readonly lungPx: Float64Array; // per slice
  readonly leftMl: number | null;
  readonly rightMl: number | null;
  readonly lungMl: number;
  readonly vesselMl: number;
  /** Per slice: mask pixels whose truth is not lung (airway, gas, slots, body, arms, table). */
  readonly falsePx: Int32Array;
  readonly msPerSlice: number;
}

function runDefault(v: ChestVolume): PresetOutput {
  const t0 = performance.now();
  const sc = v.slices.map((s) => analyseSlice(DEFAULT_ANATOMY_PARAMS, s));
  const scan = assembleScan(DEFAULT_ASSEMBLE_PARAMS, sc, {
    sliceSpacingMm: v.sliceSpacingMm,
    inPlaneSpacingMm: v.inPlaneSpacingMm,
    nSlices: sc.length,
    superiorIsHigherIndex: true,
  });
  const ms = performance.now() - t0;
  const { width: W, height: H } = v.slices[0];
  const mask = new Uint8Array(W * H);
  const falsePx = new Int32Array(sc.length);
  for (let k = 0; k < sc.length; k++) {
    mask.fill(0);
    for (const id of scan.lungRegionsOf(k)) paintRuns(sc[k].candidates[id].runs, W, mask);
    falsePx[k] = countFalse(mask, v.labels, k * W * H);
  }
  return {
    lungPx: Float64Array.from(scan.slices, (s) => s.lungAreaMm2 / v.truth.pixelAreaMm2),
    leftMl: scan.leftVolumeMl,
    rightMl: scan.rightVolumeMl,
    lungMl: scan.lungVolumeMl,
    vesselMl: scan.vesselVolumeMl,
    falsePx,
    msPerSlice: ms / sc.length,
  };
}

type SeedRunner = (v: ChestVolume) => PresetOutput;

/** The tutorial's chain, if its stages are in the tree (they are written in parallel); null otherwise. */
async function loadSeedRunner(): Promise<SeedRunner | null> {
  try {
    const [{ runSliceChain }, { seed }] = await Promise.all([import('../src/chain/sliceChain.js'), import('../pipeline.config.js')]);
    return (v) => {
      const t0 = performance.now();
      const { width: W, height: H } = v.slices[0];
      const lungPx = new Float64Array(v.slices.length);
      const falsePx = new Int32Array(v.slices.length);
      let lungMm2 = 0, vesselMm2 = 0;
      v.slices.forEach((s, k) => {
        const r = runSliceChain(seed, s, { keepMasks: true, timeStages: false });
        lungPx[k] = r.measurement.lungPixels;
        lungMm2 += r.measurement.lungAreaMm2;
        vesselMm2 += r.measurement.vesselAreaMm2;
        falsePx[k] = countFalse(r.lungMask!, v.labels, k * W * H);
      });
      const ms = performance.now() - t0;
      return {
        lungPx,
        leftMl: null,
        rightMl: null,
        lungMl: (lungMm2 * v.sliceSpacingMm) / 1000,
        vesselMl: (vesselMm2 * v.sliceSpacingMm) / 1000,
        falsePx,
        msPerSlice: ms / v.slices.length,
      };
    };
  } catch (e) {
    console.error(`seed preset unavailable: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
}

function countFalse(mask: Uint8Array, labels: Uint8Array, offset: number): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const l = labels[offset + i];
    if (l === 0 || l === 5 || l === 6) n++;
  }
  return n;
}

function score(v: ChestVolume, o: PresetOutput): ScanScore {
  const t = v.truth;
  const errs: number[] = [];
  let falseLungSlices = 0;
  for (let k = 0; k < v.slices.length; k++) {
    const truthPx = t.leftPx[k] + t.rightPx[k];
    if (truthPx >= 1000) errs.push(Math.abs(o.lungPx[k] / truthPx - 1) * 100);
    // A slice counts lung that is not lung when more than 20 px and more than 5 % of its true lung is something else.
    if (o.falsePx[k] > Math.max(20, 0.05 * truthPx)) falseLungSlices++;
  }
  const pct = (got: number, truth: number) => (got / truth - 1) * 100;
  return {
    sliceErrorsPct: errs,
    falseLungSlices,
    nSlices: v.slices.length,
    lungVolumeErrPct: pct(o.lungMl, t.lungVolumeMl),
    leftVolumeErrPct: o.leftMl === null ? null : pct(o.leftMl, t.leftVolumeMl),
    rightVolumeErrPct: o.rightMl === null ? null : pct(o.rightMl, t.rightVolumeMl),
    vesselVolumeErrPct: pct(o.vesselMl, t.vesselVolumeMl),
    msPerSlice: o.msPerSlice,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string, dflt: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const count = arg('--count', 4);
  const baseSeed = arg('--base-seed', 9001);
  const gi = args.indexOf('--generator');
  const generator = gi >= 0 ? args[gi + 1] : 'phantom';
  const shapes: Array<Pick<ChestOptions, 'shape' | 'spacingMm'>> = [
    { shape: [176, 144, 90], spacingMm: [2, 2, 3] },
    { shape: [256, 208, 110], spacingMm: [1.4, 1.4, 2.5] },
  ];
  const seedRunner = await loadSeedRunner();
  const runs: Record<string, ScanScore[]> = { default: [], seed: [] };
  for (let n = 0; n < count; n++) {
    const opts: ChestOptions = { seed: baseSeed + n, ...shapes[n % shapes.length], arms: n % 2 === 0 };
    const v = generator === 'synthetic' ? syntheticChest(opts) : await phantomVolume(opts);
    runs.default.push(score(v, runDefault(v)));
    if (seedRunner) runs.seed.push(score(v, seedRunner(v)));
    console.error(`scan ${n + 1}/${count}: seed ${opts.seed}, ${opts.shape.join('x')} @ ${opts.spacingMm.join('x')} mm`);
  }
  const presets: PresetRun[] = [{ name: 'default', summary: summarise(runs.default) }];
  if (seedRunner) presets.push({ name: 'seed', summary: summarise(runs.seed) });
  console.log(formatAccuracyTable(presets));

  const here = dirname(fileURLToPath(import.meta.url));
  const outDir = join(here, 'results');
  mkdirSync(outDir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const outPath = join(outDir, `accuracy-${date}.json`);
  writeFileSync(outPath, JSON.stringify({ date, count, baseSeed, generator: generator === 'synthetic' ? 'bench/syntheticChest.ts' : 'src/phantom (via .nii.gz and openNifti)', presets, scans: runs }, null, 2) + '\n');
  console.log(`wrote ${outPath}`);
}

await main();
