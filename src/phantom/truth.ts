import { LABEL } from './labels.js';
import { BRONCHUS_OUTSIDE } from './renderSlice.js';

export interface SideValues {
  readonly left: number;
  readonly right: number;
  readonly total: number;
}

export type NonLungAir = 'trachea' | 'bronchus' | 'stomach_gas' | 'table_slot';

export interface PhantomSliceTruth {
  /** Stored voxel index along the axial axis (see PhantomTruth.axialAxis). */
  readonly index: number;
  /** Lung voxels (parenchyma + vessels + nodules + bronchi inside the lung shapes). */
  readonly lungPx: SideValues;
  readonly lungAreaMm2: SideValues;
  readonly vesselPx: SideValues;
  readonly vesselAreaMm2: SideValues;
  readonly nodulePx: number;
  readonly noduleAreaMm2: number;
  /** Air-like voxels that are not lung. */
  readonly tracheaPx: number;
  readonly bronchusPx: number;
  readonly stomachGasPx: number;
  readonly tableSlotPx: number;
  /** Which of those are present in this slice. */
  readonly nonLungAir: readonly NonLungAir[];
}

/** Per-slice voxel counts of each label, summed into the truth record. */
export class SliceCounter {
  readonly counts = new Int32Array(16);

  count(label: Uint8Array): void {
    this.counts.fill(0);
    for (let p = 0; p < label.length; p++) this.counts[label[p]]++;
  }

  toTruth(index: number, pixelAreaMm2: number): PhantomSliceTruth {
    const c = this.counts;
    const lungPx = sides(c[LABEL.leftLung] + c[LABEL.leftVessel] + c[LABEL.leftNodule], c[LABEL.rightLung] + c[LABEL.rightVessel] + c[LABEL.rightNodule]);
    const vesselPx = sides(c[LABEL.leftVessel], c[LABEL.rightVessel]);
    const nodulePx = c[LABEL.leftNodule] + c[LABEL.rightNodule];
    const present: [NonLungAir, number][] = [
      ['trachea', c[LABEL.airway]], ['bronchus', c[BRONCHUS_OUTSIDE]], ['stomach_gas', c[LABEL.stomachGas]], ['table_slot', c[LABEL.tableSlot]],
    ];
    return {
      index,
      lungPx, lungAreaMm2: scale(lungPx, pixelAreaMm2),
      vesselPx, vesselAreaMm2: scale(vesselPx, pixelAreaMm2),
      nodulePx, noduleAreaMm2: nodulePx * pixelAreaMm2,
      tracheaPx: c[LABEL.airway], bronchusPx: c[BRONCHUS_OUTSIDE], stomachGasPx: c[LABEL.stomachGas], tableSlotPx: c[LABEL.tableSlot],
      nonLungAir: present.filter(([, n]) => n > 0).map(([name]) => name),
    };
  }
}

export function sides(left: number, right: number): SideValues {
  return { left, right, total: left + right };
}

export function scale(v: SideValues, f: number): SideValues {
  return { left: v.left * f, right: v.right * f, total: v.total * f };
}
