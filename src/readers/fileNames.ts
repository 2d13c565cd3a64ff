/**
 * File names, used only where content cannot decide: discovery takes files so named as scans even when their
 * content is broken (so they fail loudly instead of vanishing), and such a file gets its own reader's error.
 */
export function isNiftiName(name: string): boolean {
  return /\.nii(\.gz)?$/i.test(name);
}

export function isDicomName(name: string): boolean {
  return /\.(dcm|dicom)$/i.test(name);
}
