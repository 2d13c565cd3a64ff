import { writeMetaImage } from '../readers/metaimage/write.js';
import { writeNifti, type NiftiImageSpec } from '../readers/nifti/write.js';
import { writeNrrd } from '../readers/nrrd/write.js';
import { writeDicomSeries } from './dicomSeries.js';

/** How a phantom volume is written in one file format: its file name, and the writer (returns every file written). */
interface ImageWriter {
  fileName(base: string, compressed: boolean): string;
  /** `uidSeed` names the volume where the format needs unique ids (DICOM's UIDs derive from it). */
  write(file: string, spec: NiftiImageSpec, compressed: boolean, uidSeed: string): Promise<string[]>;
}

/** `lungflow phantom --format`: one entry per format. `compressed` is --gz (gzip; zlib for MetaImage). */
export const IMAGE_WRITERS = {
  nifti: {
    fileName: (base, gz) => `${base}.nii${gz ? '.gz' : ''}`,
    write: async (file, spec) => { await writeNifti(file, spec); return [file]; },
  },
  nrrd: {
    fileName: (base) => `${base}.nrrd`,
    write: (file, spec, gz) => writeNrrd(file, spec, { encoding: gz ? 'gzip' : 'raw', detached: false }),
  },
  nhdr: {
    fileName: (base) => `${base}.nhdr`,
    write: (file, spec, gz) => writeNrrd(file, spec, { encoding: gz ? 'gzip' : 'raw', detached: true }),
  },
  mha: {
    fileName: (base) => `${base}.mha`,
    write: (file, spec, gz) => writeMetaImage(file, spec, { compressed: gz, local: true }),
  },
  mhd: {
    fileName: (base) => `${base}.mhd`,
    write: (file, spec, gz) => writeMetaImage(file, spec, { compressed: gz, local: false }),
  },
  /** A folder NAME/ of one explicit VR little endian file per slice; the folder stands for the series. */
  dicom: {
    fileName: (base) => base,
    write: async (dir, spec, _gz, uidSeed) => { await writeDicomSeries(dir, spec, uidSeed); return [dir]; },
  },
} satisfies Record<string, ImageWriter>;

export type ImageFormat = keyof typeof IMAGE_WRITERS;
export const IMAGE_FORMATS = Object.keys(IMAGE_WRITERS) as ImageFormat[];
