/**
 * Codes of the truth label volume (uint8), one per voxel, decided at the voxel centre.
 * Lung = codes 1..4, 7, 8 (parenchyma, vessels and nodules inside a lung shape; bronchi inside a lung shape count
 * as lung too). Airway = trachea and bronchi outside the lung shapes (lumen only; the wall is tissue, code 0).
 */
export const LABEL = {
  other: 0,
  leftLung: 1,
  rightLung: 2,
  leftVessel: 3,
  rightVessel: 4,
  airway: 5,
  stomachGas: 6,
  leftNodule: 7,
  rightNodule: 8,
  tableSlot: 9,
} as const;

export const LABEL_NAMES: Readonly<Record<number, string>> = {
  0: 'other (tissue, bone, outside air, FOV padding, airway walls)',
  1: 'left lung parenchyma',
  2: 'right lung parenchyma',
  3: 'vessel in left lung',
  4: 'vessel in right lung',
  5: 'airway lumen outside the lungs (trachea, main bronchi)',
  6: 'stomach gas',
  7: 'nodule in left lung',
  8: 'nodule in right lung',
  9: 'air slot inside the CT table',
};

export function isLeftLung(code: number): boolean {
  return code === 1 || code === 3 || code === 7;
}

export function isRightLung(code: number): boolean {
  return code === 2 || code === 4 || code === 8;
}

export function isLung(code: number): boolean {
  return isLeftLung(code) || isRightLung(code);
}

export function isVessel(code: number): boolean {
  return code === 3 || code === 4;
}
