import type { Distribution } from './distribution.js';
import { escapeXml, formatNumber } from './svg.js';

const W = 320, H = 150, PAD_L = 8, PAD_R = 8, PAD_T = 8, PAD_B = 34;

/**
 * A histogram as a standalone SVG: bars holding an outlier in red, the others in blue, the quartiles' box under the
 * axis, the fences dashed. Written by lungflow (no charting code runs in the page).
 */
export function histogramSvg(title: string, d: Distribution): string {
  const plotW = W - PAD_L - PAD_R, plotH = H - PAD_T - PAD_B;
  const span = d.max - d.min || 1;
  const x = (v: number) => PAD_L + ((v - d.min) / span) * plotW;
  const maxCount = Math.max(...d.bins.map((b) => b.count));
  const bw = plotW / d.bins.length;
  const bars = d.bins.map((b, i) => {
    const h = (b.count / maxCount) * plotH;
    const cls = b.outlier ? 'outlier' : 'bar';
    return `<rect class="${cls}" x="${(PAD_L + i * bw + 0.5).toFixed(1)}" y="${(PAD_T + plotH - h).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${h.toFixed(1)}"><title>${escapeXml(`${formatNumber(b.from)} – ${formatNumber(b.to)}: ${b.count}`)}</title></rect>`;
  });
  const axisY = PAD_T + plotH;
  const fences = [d.low, d.high].filter((f) => f > d.min && f < d.max)
    .map((f) => `<line class="fence" x1="${x(f).toFixed(1)}" x2="${x(f).toFixed(1)}" y1="${PAD_T}" y2="${axisY}"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">
<title>${escapeXml(title)}</title>
<style>.bar{fill:#4a7fb5}.outlier{fill:#d9342b}.fence{stroke:#d9342b;stroke-dasharray:3 3}.box{fill:#ccc;stroke:#555}.med{stroke:#000;stroke-width:2}text{font:11px sans-serif;fill:#333}</style>
${bars.join('\n')}
${fences.join('\n')}
<line x1="${PAD_L}" x2="${W - PAD_R}" y1="${axisY}" y2="${axisY}" stroke="#333"/>
<rect class="box" x="${x(d.q1).toFixed(1)}" y="${axisY + 4}" width="${Math.max(1, x(d.q3) - x(d.q1)).toFixed(1)}" height="8"/>
<line class="med" x1="${x(d.median).toFixed(1)}" x2="${x(d.median).toFixed(1)}" y1="${axisY + 3}" y2="${axisY + 13}"/>
<text x="${PAD_L}" y="${H - 6}">${escapeXml(formatNumber(d.min))}</text>
<text x="${W / 2}" y="${H - 6}" text-anchor="middle">median ${escapeXml(formatNumber(d.median))}</text>
<text x="${W - PAD_R}" y="${H - 6}" text-anchor="end">${escapeXml(formatNumber(d.max))}</text>
</svg>
`;
}
