/** A lung region of a slice as the assembly decided it (AssembledScan.lungRegionSidesOf). */
export interface LungRegionSide {
  readonly region: number;
  readonly side: 'left' | 'right' | 'split';
  readonly islandsTakenBack: readonly number[];
}
