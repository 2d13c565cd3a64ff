/**
 * Is this scan fit for density measures? Lung density thresholds (-950 HU …) assume air reads -1000 HU and
 * modest noise: a soft-tissue ("smooth", e.g. Siemens B30f/B31f/B35f, GE STANDARD, Philips B/C) kernel and thin
 * slices (≤ 1.25 mm, as COPDGene reconstructs). A sharp kernel or a low dose broadens the lung histogram and
 * inflates LAA%-950; a mis-calibrated scanner shifts it. From a sample of the scan's air (every 7th pixel of every
 * 4th slice, from the first, with -1023 <= HU < -850, strictly above the -1024 clamp most scanners store outside air at): the air peak
 * (the mode, after a 5-HU moving average) and the noise (the peak's half width at half maximum on its upper side,
 * / 1.1774, which is the sd for a Gaussian peak). Either out of range flags the scan.
 */
export const AIR_SAMPLE_STEP = 7;
/**
 * Slices sampled: those whose index is a multiple of this. A 512 x 512 slice gives ~10,000 air samples; every slice
 * of a 300-slice scan (3 million) cost 40 ms of the scan for no better a peak.
 */
export const AIR_SAMPLE_SLICE_STEP = 4;
/** The sample's bins: 1 HU from AIR_SAMPLE_MIN_HU (exclusive of -1024 itself: the clamp). */
export const AIR_SAMPLE_MIN_HU = -1023;
export const AIR_SAMPLE_BINS = 1023 - 850;

export interface AirCalibrationParams {
  /** [lo, hi]: an air peak outside flags the scan. */
  readonly airPeakHu: readonly [number, number];
  /** Air noise (sd, HU) above this flags the scan. */
  readonly maxAirNoiseHu: number;
}

export interface AirCalibration {
  /** null when the scan has too little air to tell (under 200 sampled pixels). */
  readonly peakHu: number | null;
  readonly noiseHu: number | null;
}

export function airCalibration(samples: readonly (Uint32Array | null)[]): AirCalibration {
  const total = new Float64Array(AIR_SAMPLE_BINS);
  let n = 0;
  for (const s of samples) {
    if (!s) continue;
    for (let b = 0; b < AIR_SAMPLE_BINS; b++) {
      total[b] += s[b];
      n += s[b];
    }
  }
  if (n < 200) return { peakHu: null, noiseHu: null };
  const smooth = new Float64Array(AIR_SAMPLE_BINS);
  for (let b = 0; b < AIR_SAMPLE_BINS; b++) {
    let s = 0, k = 0;
    for (let d = -2; d <= 2; d++) {
      if (b + d >= 0 && b + d < AIR_SAMPLE_BINS) { s += total[b + d]; k++; }
    }
    smooth[b] = s / k;
  }
  let mode = 0;
  for (let b = 1; b < AIR_SAMPLE_BINS; b++) if (smooth[b] > smooth[mode]) mode = b;
  const half = smooth[mode] / 2;
  let hwhm: number | null = null;
  for (let b = mode + 1; b < AIR_SAMPLE_BINS; b++) {
    if (smooth[b] <= half) {
      // Linear between b - 1 (above half) and b.
      hwhm = b - 1 - mode + (smooth[b - 1] - half) / (smooth[b - 1] - smooth[b]);
      break;
    }
  }
  return { peakHu: mode + AIR_SAMPLE_MIN_HU, noiseHu: hwhm === null ? null : hwhm / Math.sqrt(2 * Math.LN2) };
}

/** The reliability flags (`scans.flags`) the calibration raises. */
export function airCalibrationFlags(params: AirCalibrationParams, c: AirCalibration): string[] {
  const flags: string[] = [];
  if (c.peakHu === null) return ['density-unverified: too little air in the scan to check its calibration and noise'];
  const [lo, hi] = params.airPeakHu;
  if (c.peakHu < lo || c.peakHu > hi) flags.push(`density-air-peak: air reads ${c.peakHu.toFixed(0)} HU (expected ${lo}..${hi})`);
  if (c.noiseHu === null || c.noiseHu > params.maxAirNoiseHu) {
    flags.push(`density-noise: air noise ${c.noiseHu === null ? 'beyond the sampled range' : `${c.noiseHu.toFixed(0)} HU sd`} (over ${params.maxAirNoiseHu})`);
  }
  return flags;
}
