/**
 * Zone volume errors of the `default` preset on fresh phantoms, against their truth JSON's per-region truth:
 *   npx tsx bench/zoneErrors.ts SHAPE SPACING FIRST-LAST [--set stage.param=value ...]
 *   npx tsx bench/zoneErrors.ts 288,288,240 1.25,1.25,1.25 9701-9710
 * One line per seed: each zone's error in %, and the worst of the lungs, sides, upper and lower zones; then, per
 * kind, the range. The figures of README's "Zones at the hila" come from it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyOverrides } from '../src/config/overrides.js';
import { generatePhantom } from '../src/phantom/index.js';
import { writeNifti } from '../src/readers/nifti/write.js';
import { fileTarget } from '../src/readers/scanTarget.js';
import { runScanTask } from '../src/worker.js';
import { defaultPreset } from '../pipeline.config.js';
import { tripleArg as triple } from './tripleArg.js';

async function main(): Promise<void> {
  const [shapeText, spacingText, seedsText, ...rest] = process.argv.slice(2);
  if (!seedsText) throw new Error('usage: npx tsx bench/zoneErrors.ts SHAPE SPACING FIRST-LAST [--set stage.param=value ...]');
  const shape = triple(shapeText);
  const spacingMm = triple(spacingText);
  const [first, last = first] = seedsText.split('-').map(Number);
  const sets = rest.flatMap((a, i) => (a === '--set' && rest[i + 1] ? [rest[i + 1]] : []));
  const config = applyOverrides(defaultPreset, sets);
  const dir = mkdtempSync(join(tmpdir(), 'lungflow-zones-'));
  const middle: number[] = [], other: number[] = [];
  try {
    for (let seed = first; seed <= last; seed++) {
      const { spec, truth } = generatePhantom({ shape, spacingMm, seed });
      const path = join(dir, `s${seed}.nii.gz`);
      await writeNifti(path, spec);
      const r = await runScanTask({ config, target: fileTarget(path), masks: null, timeStages: false });
      if (!r.ok) throw new Error(`seed ${seed}: ${r.message}`);
      const errors = truth.regions.map((t) => {
        const measured = r.measurements.biomarkers!.regions.find((m) => m.region === t.region)!;
        return [t.region, 100 * (measured.volumeMl / t.volumeMl - 1)] as const;
      });
      for (const [region, e] of errors) (region.endsWith('middle') ? middle : other).push(e);
      const worst = Math.max(...errors.filter(([region]) => !region.endsWith('middle')).map(([, e]) => Math.abs(e)));
      const zones = errors.filter(([region]) => region.includes('_')).map(([region, e]) => `${region} ${e.toFixed(2)}`);
      console.log(`${seed}  others within ${worst.toFixed(2)} | ${zones.join(' | ')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const range = (v: number[]) => `${Math.min(...v).toFixed(2)} … ${Math.max(...v).toFixed(2)}`;
  const beyond = middle.filter((e) => Math.abs(e) > 2).length;
  console.log(`middle zones ${range(middle)} % (${beyond} of ${middle.length} beyond 2 %); lungs, sides, upper, lower ${range(other)} %`);
}

await main();
