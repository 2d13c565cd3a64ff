/** The per-slice chain, in the order the stages run. Every preset parameterises each of them. */
export const STAGE_ORDER = [
  'read',
  'window',
  'contour',
  'selectLungs',
  'rasterize',
  'vessels',
  'denoise',
  'measure',
] as const;

export type StageName = (typeof STAGE_ORDER)[number];
