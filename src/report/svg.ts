/** Text for SVG and XML: every character that could start markup is escaped. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A compact number for axis labels: 3 significant digits, no exponent for everyday sizes. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(2);
  return Number(x.toPrecision(3)).toString();
}
