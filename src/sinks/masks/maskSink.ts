import path from 'node:path';
import { writeNiftiUint8 } from '../../nifti/write.js';
import { scatterSlice } from '../../nifti/slicing.js';
import type { NiftiSource } from '../../nifti/open.js';

export interface MaskPaths {
  readonly lung: string;
  readonly vessels: string;
}

/**
 * Writes each scan's lung and vessel masks as uint8 (0/1) NIfTI in the input's own geometry — same dims, affine
 * and voxel order — so they overlay the CT in any viewer. Holds two uint8 volumes per scan in flight.
 */
export class MaskSink {
  constructor(readonly dir: string) {}

  begin(source: NiftiSource, scanId: string): ScanMasks {
    return new ScanMasks(this.dir, source, scanId);
  }
}

export class ScanMasks {
  private readonly lung: Uint8Array;
  private readonly vessels: Uint8Array;

  constructor(
    private readonly dir: string,
    private readonly source: NiftiSource,
    private readonly scanId: string,
  ) {
    const [nx, ny, nz] = source.geometry.dims;
    this.lung = new Uint8Array(nx * ny * nz);
    this.vessels = new Uint8Array(nx * ny * nz);
  }

  /** Slice k's masks (0/1, on the slice grid the source was read with) into the stored volume. */
  addSlice(k: number, lung: Uint8Array, vessels: Uint8Array): void {
    scatterSlice(this.source.plan, lung, k, this.lung);
    scatterSlice(this.source.plan, vessels, k, this.vessels);
  }

  async finish(): Promise<MaskPaths> {
    const base = `${maskBaseName(this.source.path)}_${this.scanId.slice(0, 8)}`;
    const paths = { lung: path.join(this.dir, `${base}_lung.nii.gz`), vessels: path.join(this.dir, `${base}_vessels.nii.gz`) };
    const { header, geometry } = this.source;
    const nDims = Math.min(header.dim[0], 3);
    const spec = {
      dims: header.dim.slice(1, 1 + nDims),
      pixdim: header.pixdim.slice(1, 1 + nDims).map(Math.abs),
      affine: geometry.affine,
      qformCode: header.qformCode,
      sformCode: header.sformCode > 0 || header.qformCode > 0 ? header.sformCode : 0,
      xyztUnits: header.xyztUnits,
    };
    await writeNiftiUint8(paths.lung, { ...spec, descrip: 'lungflow lung mask' }, this.lung);
    await writeNiftiUint8(paths.vessels, { ...spec, descrip: 'lungflow vessel mask' }, this.vessels);
    return paths;
  }
}

/**
 * `dir/scan.nii.gz` → `scan`. The masks are named `scan_<scan id>_lung.nii.gz` so that inputs sharing a file name
 * in different folders (sub-01/ct.nii.gz, sub-02/ct.nii.gz) never overwrite each other; `scans` records the paths.
 */
export function maskBaseName(inputPath: string): string {
  return path.basename(inputPath).replace(/\.nii(\.gz)?$/i, '');
}
