import { escapeXml } from './svg.js';

/**
 * What the pages may do: their own scripts, styles, images and data files, nothing inline, nothing from the
 * network. NiiVue reads volumes with fetch (connect-src 'self') and loads its font atlas from a data: image
 * (img-src data:, found by trying without it); it needs no eval, no WebAssembly, no workers and no blob: for
 * NIfTI (the browser tests fail on any console error, which a CSP violation is).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A page skeleton: no data in the markup; the scripts load the data file and build the page with textContent. */
function page(title: string, root: string, scripts: readonly string[], body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeXml(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${escapeXml(title)}</title>
<link rel="stylesheet" href="${root}assets/style.css">
</head>
<body>
${body}
${scripts.map((s) => `<script src="${escapeXml(s)}"></script>`).join('\n')}
</body>
</html>
`;
}

export function cohortPage(): string {
  return page('lungflow QC report', '', ['data/cohort.js', 'assets/common.js', 'assets/cohort.js'], `<header><h1>lungflow QC report</h1><p id="about"></p></header>
<main>
<section><h2>Scans</h2><div id="counts" class="counts"></div></section>
<section><h2>Distributions</h2><p class="hint">Done scans only. Red bars hold outliers (beyond 1.5 × IQR from the quartiles, dashed lines); the grey box is the interquartile range, the black tick the median.</p><div id="charts" class="charts"></div></section>
<section><h2>Every scan</h2>
<form id="filters" class="filters" autocomplete="off">
<label>status <select id="f-status"><option value="">any</option><option value="done">done</option><option value="failed">failed</option></select></label>
<label>flag <select id="f-flag"><option value="">any</option><option value="(none)">no flag</option><option value="(any)">any flag</option></select></label>
<label>error <select id="f-error"><option value="">any</option></select></label>
<label>subject / path <input id="f-text" type="search" placeholder="text in subject, session or path"></label>
<label>value <select id="f-measure"></select></label>
<label>min <input id="f-min" type="number" step="any" class="num"></label>
<label>max <input id="f-max" type="number" step="any" class="num"></label>
<label><input id="f-outliers" type="checkbox"> outliers only</label>
</form>
<p id="shown" class="hint"></p>
<div class="table-scroll"><div id="table" class="table" role="table"><div id="thead" class="thead" role="row"></div><div id="viewport" class="viewport"><div id="spacer" class="spacer"></div><div id="rows" class="rows"></div></div></div></div>
</section>
</main>`);
}

export function scanPage(dataFile: string): string {
  return page('lungflow scan', '../', [dataFile, '../assets/common.js', '../assets/niivue.umd.js', '../assets/scan.js'], `<header><p><a href="../index.html">← cohort</a></p><h1 id="title"></h1><p id="status"></p></header>
<main>
<section><h2>Flags</h2><ul id="flags"></ul></section>
<section><h2>Measures</h2><table id="measures" class="kv"></table></section>
<section><h2>Regions</h2><p class="hint">The rows of the <code>regions</code> table: the whole lung, each lung, and each lung's upper, middle and lower thirds of its own height. Densities are over every voxel of the region's lung mask, vessels included; the BV columns read – where the voxels are too coarse for vessel size (see the flags).</p><p id="regions-note"></p><div class="table-scroll"><table id="regions"></table></div></section>
<section><h2>Per-slice areas</h2><img id="curve" alt="per-slice lung, left, right and vessel areas"></section>
<section><h2>Montage</h2><p class="hint">Lung window, radiological view: the patient's right on the image's left, anterior at the top. Right lung green, left lung blue, vessels red.</p><p id="montage-note"></p><figure class="montage"><span class="side side-r">R</span><img id="montage" alt="QC montage"><span class="side side-l">L</span></figure></section>
<section><h2>Viewer</h2><p id="viewer-note"></p><div id="viewer-box" class="viewer-box" hidden><div class="viewer-frame"><canvas id="viewer" width="640" height="640"></canvas></div><p class="hint">CT grey, lung mask green, vessel mask red; radiological convention (R on the left). Drag to move through the slices; the buttons change the view.</p><div id="viewer-buttons" class="buttons"></div></div></section>
<section><h2>Provenance</h2><table id="provenance" class="kv"></table></section>
</main>`);
}
