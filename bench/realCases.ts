/**
 * The `default` preset on the real cases of issue 16 (gas below the diaphragm), against their references:
 * `npx tsx bench/realCases.ts [DATA_DIR]` (default ../shared/data beside the project).
 *
 *   totalsegmentator-example-sm-lungbases: Dice and volume against TotalSegmentator's lobes; mask farther than 5 mm
 *     from every reference lung voxel.
 *   cptac-lscc-C3N-00247-dlwpt: 3-D components of the mask apart from the two lungs (no reference mask exists).
 *   cip-copdgene-10002K-64: Dice against CIP's mask; left / right volumes against the full-resolution L/R map.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDefaultOnFile, type DefaultOnFile } from './defaultOnFile.js';
import { dice, farFromReference, lungMaskVolume, maskComponents, readLabelVolume, voxelMl, type MaskComponent } from './realCaseScore.js';
import { openNifti } from '../src/readers/nifti/open.js';
import { assembleScan, type AssembleParams } from '../src/volume/assembleScan.js';

export interface LungBasesScore {
  readonly dice: number;
  readonly volumeErrPct: number;
  readonly farMl: number;
  readonly farSlices: readonly number[];
  readonly flags: readonly string[];
}

export async function scoreLungBases(dir: string): Promise<LungBasesScore> {
  const r = await runDefaultOnFile(path.join(dir, 'ct.nii.gz'));
  const mask = lungMaskVolume(r);
  const ref = await readLabelVolume(path.join(dir, 'lungmask.nii.gz'), r.geometry.sliceSpacingMm);
  const refMl = ref.data.reduce((a, v) => a + (v ? 1 : 0), 0) * voxelMl(ref);
  const far = farFromReference(mask, ref, 5);
  return { dice: dice(mask, ref), volumeErrPct: (r.scan.lungVolumeMl / refMl - 1) * 100, farMl: far.ml, farSlices: far.slices, flags: r.scan.flags };
}

export interface ComponentsScore {
  readonly lungMl: number;
  readonly components: readonly MaskComponent[];
  /** Total volume of the components more than 5 mm from the two lungs. */
  readonly apartMl: number;
  readonly flags: readonly string[];
}

export async function scoreComponents(file: string): Promise<ComponentsScore> {
  return componentsScore(await runDefaultOnFile(file));
}

export function componentsScore(r: DefaultOnFile): ComponentsScore {
  const components = maskComponents(lungMaskVolume(r));
  const apartMl = components.filter((c) => c.distanceToLungsMm > 5).reduce((a, c) => a + c.volumeMl, 0);
  return { lungMl: r.scan.lungVolumeMl, components, apartMl, flags: r.scan.flags };
}

export interface CopdGeneScore {
  readonly dice: number;
  readonly leftErrPct: number;
  readonly rightErrPct: number;
  readonly flags: readonly string[];
}

export async function scoreCopdGene(dir: string, assemble?: AssembleParams): Promise<CopdGeneScore> {
  let r = await runDefaultOnFile(path.join(dir, 'ct.nii.gz'));
  if (assemble) r = reassemble(r, assemble);
  const mask = lungMaskVolume(r);
  const ref = await readLabelVolume(path.join(dir, 'lungmask.nii.gz'), r.geometry.sliceSpacingMm);
  const { leftMl, rightMl } = await fullResolutionVolumes(path.join(dir, 'lungmask_fullres_lr.nii.gz'));
  return {
    dice: dice(mask, ref),
    leftErrPct: (r.scan.leftVolumeMl / leftMl - 1) * 100,
    rightErrPct: (r.scan.rightVolumeMl / rightMl - 1) * 100,
    flags: r.scan.flags,
  };
}

/** The same slices assembled with other parameters (say, the rule before issue 16: mainComponentsOnly false). */
export function reassemble(r: DefaultOnFile, assemble: AssembleParams): DefaultOnFile {
  return { ...r, scan: assembleScan(assemble, r.candidates, r.geometry) };
}

const fullResolution = new Map<string, Promise<{ leftMl: number; rightMl: number }>>();

/** CIP's L/R map: 2 = right lung, 3 = left lung (165 M voxels: read once per process). */
function fullResolutionVolumes(file: string): Promise<{ leftMl: number; rightMl: number }> {
  let p = fullResolution.get(file);
  if (!p) fullResolution.set(file, (p = countSides(file)));
  return p;
}

async function countSides(file: string): Promise<{ leftMl: number; rightMl: number }> {
  const source = await openNifti(file, { spacing: 'geometry', orientation: 'stored' });
  try {
    let left = 0, right = 0;
    for await (const s of source.slices()) {
      for (const v of s.hu) {
        if (v === 3) left++;
        else if (v === 2) right++;
      }
    }
    const a = source.plan.axialAxis;
    const ml = (source.spacingMm[0] * source.spacingMm[1] * source.geometry.spacingMm[a]) / 1000;
    return { leftMl: left * ml, rightMl: right * ml };
  } finally {
    await source.close();
  }
}

async function main(): Promise<void> {
  const data = process.argv[2] ?? path.resolve(fileURLToPath(new URL('../../shared/data', import.meta.url)));
  const real = path.join(data, 'realct');
  const fmt = (x: number, d = 1) => x.toFixed(d);

  const bases = await scoreLungBases(path.join(real, 'totalsegmentator-example-sm-lungbases'));
  console.log(`totalsegmentator-example-sm-lungbases: Dice ${fmt(bases.dice, 3)}, volume ${bases.volumeErrPct >= 0 ? '+' : ''}${fmt(bases.volumeErrPct)} %, ` +
    `${fmt(bases.farMl)} mL > 5 mm from the reference (slices ${bases.farSlices.join(',') || 'none'}); flags ${JSON.stringify(bases.flags)}`);

  const cptac = await scoreComponents(path.join(real, 'cptac-lscc-C3N-00247-dlwpt', 'ct.nii.gz'));
  console.log(`cptac-lscc-C3N-00247-dlwpt: lung ${fmt(cptac.lungMl, 0)} mL; ${fmt(cptac.apartMl)} mL in components > 5 mm from the two lungs; flags ${JSON.stringify(cptac.flags)}`);
  for (const c of cptac.components.filter((c) => c.volumeMl >= 0.05)) {
    console.log(`  ${c.isLung ? 'lung     ' : 'component'} ${fmt(c.volumeMl)} mL, slices ${c.firstSlice}–${c.lastSlice}, ${fmt(c.distanceToLungsMm)} mm from the lungs, ${fmt(c.leftFraction * 100, 0)} % left`);
  }

  const copd = await scoreCopdGene(path.join(real, 'cip-copdgene-10002K-64'));
  const sign = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x)}`;
  console.log(`cip-copdgene-10002K-64: Dice ${fmt(copd.dice, 3)}, left ${sign(copd.leftErrPct)} %, right ${sign(copd.rightErrPct)} % vs the full-resolution reference; flags ${JSON.stringify(copd.flags)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
