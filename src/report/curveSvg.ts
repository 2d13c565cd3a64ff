import type { SliceCurves } from './cohortData.js';
import { escapeXml, formatNumber } from './svg.js';

const W = 640, H = 276, PAD_L = 56, PAD_R = 12, PAD_T = 12, PAD_B = 52;

export const CURVE_SERIES = [
  { key: 'lung', label: 'lung', colour: '#222222' },
  { key: 'left', label: 'left lung', colour: '#1f77d4' },
  { key: 'right', label: 'right lung', colour: '#19a33a' },
  { key: 'vessels', label: 'vessels', colour: '#d9342b' },
] as const;

/** Per-slice areas (mm²) against the slice index, one polyline per series; a series that is all null is left out. */
export function curveSvg(c: SliceCurves): string {
  const plotW = W - PAD_L - PAD_R, plotH = H - PAD_T - PAD_B;
  const n = c.index.length;
  const maxIndex = n > 0 ? c.index[n - 1] : 1;
  const minIndex = n > 0 ? c.index[0] : 0;
  const maxArea = Math.max(1, ...c.lung);
  const x = (i: number) => PAD_L + ((i - minIndex) / Math.max(1, maxIndex - minIndex)) * plotW;
  const y = (a: number) => PAD_T + plotH - (a / maxArea) * plotH;
  const lines = CURVE_SERIES.flatMap((s) => {
    const values = c[s.key] as readonly (number | null)[];
    if (values.every((v) => v === null)) return [];
    const points = values.map((v, k) => (v === null ? null : `${x(c.index[k]).toFixed(1)},${y(v).toFixed(1)}`)).filter((p) => p !== null);
    return [`<polyline class="series" data-series="${s.key}" fill="none" stroke="${s.colour}" stroke-width="1.5" points="${points.join(' ')}"/>`];
  });
  const legend = CURVE_SERIES.filter((s) => !(c[s.key] as readonly (number | null)[]).every((v) => v === null))
    .map((s, k) => `<g transform="translate(${PAD_L + k * 120},${H - 16})"><rect width="14" height="3" y="4" fill="${s.colour}"/><text x="20" y="10">${escapeXml(s.label)}</text></g>`);
  const ticks = [0, 0.5, 1].map((f) => `<text x="${PAD_L - 6}" y="${(y(f * maxArea) + 4).toFixed(1)}" text-anchor="end">${escapeXml(formatNumber(f * maxArea))}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">
<title>Per-slice areas, mm²</title>
<style>text{font:11px sans-serif;fill:#333}</style>
<line x1="${PAD_L}" x2="${W - PAD_R}" y1="${PAD_T + plotH}" y2="${PAD_T + plotH}" stroke="#333"/>
<line x1="${PAD_L}" x2="${PAD_L}" y1="${PAD_T}" y2="${PAD_T + plotH}" stroke="#333"/>
${ticks.join('\n')}
<text x="${PAD_L}" y="${PAD_T + plotH + 14}">${escapeXml(String(minIndex))}</text>
<text x="${(PAD_L + W - PAD_R) / 2}" y="${PAD_T + plotH + 14}" text-anchor="middle">slice index (as stored) →; area in mm²</text>
<text x="${W - PAD_R}" y="${PAD_T + plotH + 14}" text-anchor="end">${escapeXml(String(maxIndex))}</text>
${lines.join('\n')}
${legend.join('\n')}
</svg>
`;
}
