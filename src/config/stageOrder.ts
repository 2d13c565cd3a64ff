/**
 * The stages of each kind of pipeline, in the order they run. A preset parameterises every stage of its kind
 * (`read` and `measure` are shared); `--set stage.param=value` addresses them by these names.
 */
export const CONTOUR_STAGES = ['read', 'window', 'contour', 'selectLungs', 'rasterize', 'vessels', 'denoise', 'measure'] as const;

/**
 * The `anatomy` kind: `anatomy` runs per slice on the workers (body, enclosed air, vessels inside it), `assemble`
 * once per scan in the same worker, when all its slices are analysed (3-D linking, lung vs gas/airway, left/right, flags);
 * `biomarkers` tallies each region's HU per slice and measures density, zones and vessel size per scan (src/biomarkers/).
 */
export const ANATOMY_STAGES = ['read', 'anatomy', 'assemble', 'biomarkers', 'measure'] as const;

export type ContourStageName = (typeof CONTOUR_STAGES)[number];
export type AnatomyStageName = (typeof ANATOMY_STAGES)[number];
export type StageName = ContourStageName | AnatomyStageName;

/** The stages a worker times per slice (everything between read and the scan-level steps), as `stageMs` lists them. */
export const TIMED_STAGES = {
  contours: ['window', 'contour', 'selectLungs', 'rasterize', 'vessels', 'denoise', 'measure'],
  anatomy: ['anatomy', 'biomarkers'],
} as const satisfies Record<string, readonly StageName[]>;
