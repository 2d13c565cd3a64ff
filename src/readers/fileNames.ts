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

export function isNrrdName(name: string): boolean {
  return /\.(nrrd|nhdr)$/i.test(name);
}

export function isMetaImageName(name: string): boolean {
  return /\.(mha|mhd)$/i.test(name);
}

/** A file so named is a scan of its own, read by that format's reader even when its content is not recognised. */
export function isSingleScanName(name: string): boolean {
  return isNiftiName(name) || isNrrdName(name) || isMetaImageName(name);
}
