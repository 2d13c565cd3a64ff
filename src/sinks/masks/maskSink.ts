import path from 'node:path';
import { NiftiFileWriter } from '../../readers/nifti/niftiFileWriter.js';
import { encodeNiftiHeader, writeNiftiUint8, type NiftiImageSpec } from '../../readers/nifti/write.js';
import { scatterSlice, scatterSliceToPlane } from '../../readers/slicing.js';
import type { VolumeSource } from '../../readers/volumeSource.js';

export interface MaskPaths {
  readonly lung: string;
  readonly vessels: string;
  /** The zone label map (1–3 right upper/middle/lower, 4–6 left); null for presets without zones. */
  readonly regions: string | null;
}

/** One scan's lung and vessel masks, being written. */
export interface ScanMasks {
  /**
   * Slice k's masks (0/1, on the slice grid the source was read with) and, for presets with zones, its zone
   * labels; slices come in ascending order.
   */
  addSlice(k: number, lung: Uint8Array, vessels: Uint8Array, regions?: Uint8Array): Promise<void>;
  /** Whether slice k's masks are wanted at all (absent: every slice's); the others need not be painted. */
  readonly wants?: (k: number) => boolean;
  /** All slices given (any not given are empty): the files are complete and in place. */
  finish(): Promise<MaskPaths>;
  /** The scan failed: stop, and leave no partial file behind. */
  abort(): Promise<void>;
}

/** NIfTI descrip (80 bytes max) of the zone label map. */
const REGIONS_DESCRIP = 'lungflow zones 1-3 R upper/mid/lower 4-6 L';

/** A NIfTI image's geometry without its voxels: dims, spacing, affine and codes. */
export type NiftiGeometry = Omit<NiftiImageSpec, 'data' | 'datatype' | 'descrip'>;

/**
 * Writes each scan's lung and vessel masks as uint8 (0/1) NIfTI in the input's own geometry — same dims, affine
 * and voxel order — so they overlay the CT in any viewer.
 *
 * A volume stored with its axial axis last (almost every CT) has its masks streamed plane by plane through gzip as
 * the slices are painted: a scan in flight holds two planes, not two volumes (2 x 78 MB for 512x512x300). Other
 * layouts scatter every slice across all planes, so their masks are gathered in volumes and written at the end.
 */
export class MaskSink {
  constructor(readonly dir: string) {}

  /** `withRegions`: also the zone label map (`_regions.nii.gz`). */
  begin(source: VolumeSource, scanId: string, withRegions = false): ScanMasks {
    const base = `${maskBaseName(source.path)}_${scanId.slice(0, 8)}`;
    const paths = {
      lung: path.join(this.dir, `${base}_lung.nii.gz`),
      vessels: path.join(this.dir, `${base}_vessels.nii.gz`),
      regions: withRegions ? path.join(this.dir, `${base}_regions.nii.gz`) : null,
    };
    const spec = niftiGeometryOf(source);
    return source.plan.axialAxis === 2 ? new StreamedMasks(source, paths, spec) : new VolumeMasks(source, paths, spec);
  }
}

/** The input's own geometry (dims, affine, voxel order) as a NIfTI spec: the masks', and the report viewer's CT copy's. */
export function niftiGeometryOf(source: VolumeSource): NiftiGeometry {
  const { nifti, geometry } = source;
  const nDims = Math.min(nifti.dim[0], 3);
  return {
    dims: nifti.dim.slice(1, 1 + nDims),
    pixdim: nifti.pixdim.slice(1, 1 + nDims).map(Math.abs),
    affine: geometry.affine,
    qformCode: nifti.qformCode,
    sformCode: nifti.sformCode > 0 || nifti.qformCode > 0 ? nifti.sformCode : 0,
    xyztUnits: nifti.xyztUnits,
  };
}

class StreamedMasks implements ScanMasks {
  private next = 0;
  private readonly lungPlane: Uint8Array;
  private readonly vesselPlane: Uint8Array;
  private readonly regionPlane: Uint8Array;
  private readonly lungFile: NiftiFileWriter;
  private readonly vesselFile: NiftiFileWriter;
  private readonly regionFile: NiftiFileWriter | null;

  constructor(
    private readonly source: VolumeSource,
    private readonly paths: MaskPaths,
    spec: NiftiGeometry,
  ) {
    const [nx, ny] = source.plan.volumeDims;
    this.lungPlane = new Uint8Array(nx * ny);
    this.vesselPlane = new Uint8Array(nx * ny);
    this.lungFile = new NiftiFileWriter(paths.lung, encodeNiftiHeader({ ...spec, datatype: 'uint8', descrip: 'lungflow lung mask' }));
    this.vesselFile = new NiftiFileWriter(paths.vessels, encodeNiftiHeader({ ...spec, datatype: 'uint8', descrip: 'lungflow vessel mask' }));
    this.regionPlane = new Uint8Array(paths.regions ? nx * ny : 0);
    this.regionFile = paths.regions
      ? new NiftiFileWriter(paths.regions, encodeNiftiHeader({ ...spec, datatype: 'uint8', descrip: REGIONS_DESCRIP }))
      : null;
  }

  async addSlice(k: number, lung: Uint8Array, vessels: Uint8Array, regions?: Uint8Array): Promise<void> {
    if (k < this.next) throw new RangeError(`mask of slice ${k} after slice ${this.next - 1}: slices must come in order`);
    while (this.next < k) await this.writePlanes(null, null, null);
    await this.writePlanes(lung, vessels, regions ?? null);
  }

  async finish(): Promise<MaskPaths> {
    while (this.next < this.source.plan.nSlices) await this.writePlanes(null, null, null);
    await Promise.all([this.lungFile.close(), this.vesselFile.close(), this.regionFile?.close()]);
    return this.paths;
  }

  async abort(): Promise<void> {
    await Promise.all([this.lungFile.abort(), this.vesselFile.abort(), this.regionFile?.abort()]);
  }

  /** The next stored plane of every mask (empty when null); resolves once zlib holds them, so the planes are free again. */
  private async writePlanes(lung: Uint8Array | null, vessels: Uint8Array | null, regions: Uint8Array | null): Promise<void> {
    const { plan } = this.source;
    if (lung) scatterSliceToPlane(plan, lung, this.lungPlane);
    else this.lungPlane.fill(0);
    if (vessels) scatterSliceToPlane(plan, vessels, this.vesselPlane);
    else this.vesselPlane.fill(0);
    const writes = [this.lungFile.write(this.lungPlane), this.vesselFile.write(this.vesselPlane)];
    if (this.regionFile) {
      if (regions) scatterSliceToPlane(plan, regions, this.regionPlane);
      else this.regionPlane.fill(0);
      writes.push(this.regionFile.write(this.regionPlane));
    }
    await Promise.all(writes);
    this.next++;
  }
}

class VolumeMasks implements ScanMasks {
  private readonly lung: Uint8Array;
  private readonly vessels: Uint8Array;
  private readonly regions: Uint8Array | null;

  constructor(
    private readonly source: VolumeSource,
    private readonly paths: MaskPaths,
    private readonly spec: NiftiGeometry,
  ) {
    const [nx, ny, nz] = source.geometry.dims;
    this.lung = new Uint8Array(nx * ny * nz);
    this.vessels = new Uint8Array(nx * ny * nz);
    this.regions = paths.regions ? new Uint8Array(nx * ny * nz) : null;
  }

  async addSlice(k: number, lung: Uint8Array, vessels: Uint8Array, regions?: Uint8Array): Promise<void> {
    scatterSlice(this.source.plan, lung, k, this.lung);
    scatterSlice(this.source.plan, vessels, k, this.vessels);
    if (this.regions && regions) scatterSlice(this.source.plan, regions, k, this.regions);
  }

  async finish(): Promise<MaskPaths> {
    await writeNiftiUint8(this.paths.lung, { ...this.spec, descrip: 'lungflow lung mask' }, this.lung);
    await writeNiftiUint8(this.paths.vessels, { ...this.spec, descrip: 'lungflow vessel mask' }, this.vessels);
    if (this.paths.regions && this.regions) await writeNiftiUint8(this.paths.regions, { ...this.spec, descrip: REGIONS_DESCRIP }, this.regions);
    return this.paths;
  }

  async abort(): Promise<void> {}
}

/**
 * `dir/scan.nii.gz` → `scan` (likewise the other formats' extensions). The masks are named `scan_<scan id>_lung.nii.gz` so that inputs sharing a file name
 * in different folders (sub-01/ct.nii.gz, sub-02/ct.nii.gz) never overwrite each other; `scans` records the paths.
 */
export function maskBaseName(inputPath: string): string {
  return path.basename(inputPath).replace(/\.(nii(\.gz)?|nrrd|nhdr|mhd|mha|dcm)$/i, '');
}
