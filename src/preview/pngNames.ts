/**
 * `<base>_s<index>.png`, the slice index zero-padded to as many digits as the scan's last index has
 * (`_s007` in a scan of 300 slices), so a folder listing sorts the slices of a scan in order.
 */
export function slicePngName(base: string, index: number, nSlices: number): string {
  const digits = String(Math.max(nSlices - 1, index, 0)).length;
  return `${base}_s${String(index).padStart(digits, '0')}.png`;
}

export function montagePngName(base: string): string {
  return `${base}_montage.png`;
}
