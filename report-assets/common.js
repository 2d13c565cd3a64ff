// Shared by the report's pages. Every piece of data reaches the page through textContent or attributes set by
// setAttribute on elements made here: never as markup.
'use strict';
window.lf = {
  el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') e.textContent = String(v);
      else if (k === 'className') e.className = v;
      else e.setAttribute(k, String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  },
  fmt(v) {
    if (v === null || v === undefined) return '';
    if (typeof v !== 'number') return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
    return String(Number(v.toPrecision(4)));
  },
  flagKey(f) {
    const i = f.indexOf(':');
    return (i < 0 ? f : f.slice(0, i)).trim();
  },
  table(rows, head) {
    const t = lf.el('table');
    if (head) t.append(lf.el('tr', {}, ...head.map((h) => lf.el('th', { text: h }))));
    for (const r of rows) t.append(lf.el('tr', {}, ...r.map((c, i) => (c instanceof Node ? lf.el('td', {}, c) : lf.el('td', { text: c, className: i > 0 && typeof c === 'number' ? 'n' : null })))));
    return t;
  },
};
