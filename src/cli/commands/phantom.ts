import type { Argv } from 'yargs';
import { ALL_DATATYPES, type NiftiDatatype } from '../../readers/nifti/datatypes.js';
import { BOWEL_GAS_VARIANTS, writePhantomCohort, type BowelGasVariant, type Coverage } from '../../phantom/index.js';
import { parseOrientation } from '../../phantom/orientation.js';
import { IMAGE_FORMATS, type ImageFormat } from '../../phantom/imageFormats.js';
import { CliError } from '../exitCodes.js';

const COVERAGES: readonly Coverage[] = ['full', 'cut-apex', 'cut-base'];

function triple(name: string, text: string, integer: boolean): [number, number, number] {
  const parts = text.split(',').map((p) => Number(p.trim()));
  const ok = parts.length === 3 && parts.every((v) => Number.isFinite(v) && v > 0 && (!integer || Number.isInteger(v)));
  if (!ok) throw new CliError(`--${name} wants three ${integer ? 'whole numbers' : 'positive numbers'} like ${integer ? '256,256,120' : '1.4,1.4,2.5'}, got '${text}'`);
  return parts as [number, number, number];
}

export function phantomCommand(yargs: Argv): Argv {
  return yargs.command(
    'phantom <outdir>',
    'Write synthetic chest CT volumes with exact ground truth (NAME.truth.json) and a cohort.csv manifest',
    (y) =>
      y
        .positional('outdir', { describe: 'folder to write into (created if missing)', type: 'string', demandOption: true })
        .option('count', { alias: 'n', describe: 'number of volumes', type: 'number', default: 4 })
        .option('shape', { describe: 'voxels x,y,z (canonical: x toward Right, y toward Anterior, z toward Superior)', type: 'string', default: '256,256,120' })
        .option('spacing', { describe: 'voxel size in mm, x,y,z', type: 'string', default: '1.4,1.4,2.5' })
        .option('seed', { describe: 'seed of the first volume (the next ones use seed+1, seed+2, …)', type: 'number', default: 1 })
        .option('noise', { describe: 'CT noise, sd in HU', type: 'number', default: 20 })
        .option('encoding', { describe: 'stored datatype (unsigned and 8-bit types get scl_slope/scl_inter)', choices: ALL_DATATYPES, default: 'int16' })
        .option('scl-slope', { describe: 'override the scl_slope the encoding gets by default', type: 'number' })
        .option('scl-inter', { describe: 'override the scl_inter the encoding gets by default', type: 'number' })
        .option('orientation', { describe: 'axis codes of the stored array, e.g. LPS, RAS, LPI, ASR', type: 'string', default: 'LPS' })
        .option('nifti-version', { describe: 'NIfTI-1 or NIfTI-2 header', choices: [1, 2], default: 1 })
        .option('big-endian', { describe: 'write big-endian', type: 'boolean', default: false })
        .option('format', { describe: 'file format: NIfTI, NRRD attached (.nrrd) or detached (.nhdr + .raw[.gz]), MetaImage .mha or .mhd + .raw/.zraw, DICOM: a folder NAME/ of one explicit VR little endian file per slice (int16 or uint16)', choices: IMAGE_FORMATS, default: 'nifti' })
        .option('gz', { describe: 'compress the voxels (.nii.gz; NRRD gzip; MetaImage zlib, .zraw); --no-gz stores them raw', type: 'boolean', default: true })
        .option('arms', { describe: 'arms beside the body', type: 'boolean', default: false })
        .option('table', { describe: 'CT table with air slots under the body; --no-table leaves it out', type: 'boolean', default: true })
        .option('emphysema', { describe: 'emphysema-like spheres per volume (HU -1000 … -951; their volume goes to the truth)', type: 'number', default: 0 })
        .option('coverage', { describe: 'full: both lungs end inside the volume; cut-apex / cut-base: cut at the top / bottom', choices: COVERAGES, default: 'full' })
        .option('bowel-gas', { describe: 'gas below the diaphragm that reads like lung (sharp kernel): colon in front of the liver, stomach under the left dome, or both', choices: BOWEL_GAS_VARIANTS })
        .option('bowel-gas-gap', { describe: 'mm of tissue between the diaphragm and the bowel gas', type: 'number', default: 4 })
        .check((a) => {
          if (!Number.isInteger(a.count) || a.count < 1) throw new CliError('--count must be a whole number >= 1');
          if (!Number.isInteger(a.seed)) throw new CliError('--seed must be a whole number');
          if (!(a.noise >= 0)) throw new CliError('--noise must be >= 0');
          if (a.format === 'dicom' && a.encoding !== 'int16' && a.encoding !== 'uint16') throw new CliError(`--format dicom stores int16 or uint16, not --encoding ${a.encoding}`);
          if (a.format === 'dicom' && !/^[LRAP]{2}[SI]$/i.test(a.orientation)) throw new CliError(`--format dicom writes axial slices: --orientation must end in S or I, got ${a.orientation}`);
          if (!(a['bowel-gas-gap'] >= 0)) throw new CliError('--bowel-gas-gap must be >= 0 mm');
          if (!Number.isInteger(a.emphysema) || a.emphysema < 0) throw new CliError('--emphysema must be a whole number >= 0');
          return true;
        })
        .example('$0 phantom demo/', 'four 256x256x120 int16 LPS volumes, seeds 1-4')
        .example('$0 phantom big/ -n 1 --shape 512,512,300 --spacing 0.7,0.7,1', 'one full-resolution volume')
        .example('$0 phantom odd/ --encoding uint16 --orientation ASR --nifti-version 2 --big-endian --no-gz', 'unusual encodings')
        .example('$0 phantom dcm/ --format dicom', 'four DICOM series, one folder of 120 files each')
        .example('$0 phantom luna/ --format mhd', 'MetaImage .mhd + .zraw, as LUNA16 distributes its scans')
        .example('$0 phantom cut/ --coverage cut-apex --arms --no-table', 'lungs cut at the top, arms down, no table')
        .example('$0 phantom gas/ --bowel-gas both --bowel-gas-gap 12', 'colon and stomach gas 12 mm under the diaphragm'),
    async (args) => {
      const orientation = args.orientation;
      try {
        parseOrientation(orientation);
      } catch (e) {
        throw new CliError(`--orientation: ${(e as Error).message}`);
      }
      try {
        await writePhantomCohort(args.outdir as string, {
          count: args.count,
          baseSeed: args.seed,
          shape: triple('shape', args.shape, true),
          spacingMm: triple('spacing', args.spacing, false),
          noiseHu: args.noise,
          arms: args.arms,
          table: args.table,
          coverage: args.coverage as Coverage,
          emphysema: args.emphysema,
          orientation,
          datatype: args.encoding as NiftiDatatype,
          sclSlope: args['scl-slope'],
          sclInter: args['scl-inter'],
          version: args['nifti-version'] as 1 | 2,
          littleEndian: !args['big-endian'],
          ...(args['bowel-gas'] ? { bowelGas: { variant: args['bowel-gas'] as BowelGasVariant, gapMm: args['bowel-gas-gap'] } } : {}),
          gzip: args.gz,
          format: args.format as ImageFormat,
          onFile: (file) => process.stdout.write(`${file}\n`),
        });
      } catch (e) {
        if (e instanceof RangeError) throw new CliError(e.message);
        throw e;
      }
    },
  );
}
