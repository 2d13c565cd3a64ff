// The cohort page: counts, distributions, and every scan in a table that sorts and filters. The table draws only
// the rows in view (a fixed row height and a spacer give the scroll bar its length), so 10,000 scans stay fast.
'use strict';
(function () {
  const { el, fmt, flagKey, table } = window.lf;
  const data = window.lungflowCohort;
  if (!data) {
    document.body.prepend(el('p', { className: 'error', text: 'data/cohort.js did not load: the report is incomplete.' }));
    return;
  }
  const scans = data.scans;
  const measures = data.measures;
  const ROW = 24;
  const basename = (p) => p.split('/').slice(-2).join('/');

  document.getElementById('about').textContent =
    `${scans.length} scans from ${data.db}, report made ${data.generated} by lungflow ${data.version}.`;

  // Counts
  const counts = document.getElementById('counts');
  const block = (title, rows, head) => el('div', {}, el('h3', { text: title }), rows.length ? table(rows, head) : el('p', { className: 'hint', text: 'none' }));
  const montageLabel = { run: 'written by run --qc', report: 'rendered by report from masks', none: 'none (run with --qc or --masks)' };
  counts.append(
    block('by status', data.counts.status, ['status', 'scans']),
    block('by flag (done scans)', data.counts.flags, ['flag', 'scans']),
    block('failures by error code', data.counts.errors, ['error code', 'scans']),
    block('montages', data.counts.montages.map(([k, n]) => [montageLabel[k] || k, n]), ['montage', 'scans']),
  );

  // Distributions
  const byId = new Map(scans.map((s) => [s.id, s]));
  const charts = document.getElementById('charts');
  measures.forEach((m, i) => {
    if (!m.chart) return;
    const outliers = scans.filter((s) => s.o.includes(i));
    const box = el('div', { className: 'chart', 'data-measure': m.key },
      el('h3', { text: `${m.label} (n = ${m.n})` }),
      el('img', { src: m.chart, alt: `histogram of ${m.label}`, width: 320, height: 150 }));
    const p = el('p', { className: 'outliers', text: outliers.length ? `${outliers.length} outlier${outliers.length > 1 ? 's' : ''} (outside ${fmt(m.low)} … ${fmt(m.high)}): ` : 'no outliers' });
    outliers.slice(0, 8).forEach((s) => p.append(el('a', { href: s.page, text: basename(s.path), title: s.path })));
    if (outliers.length > 8) p.append(`and ${outliers.length - 8} more (filter: outliers only)`);
    box.append(p);
    charts.append(box);
  });
  void byId;

  // Table
  const columns = [
    { key: 'status', label: 'status', width: '64px', get: (s) => s.status },
    { key: 'path', label: 'scan', width: 'minmax(220px, 2fr)', get: (s) => s.path },
    { key: 'subject', label: 'subject', width: '90px', get: (s) => s.subject },
    { key: 'session', label: 'session', width: '70px', get: (s) => s.session },
    { key: 'flags', label: 'flags', width: 'minmax(140px, 1fr)', get: (s) => s.flags.map(flagKey).join(' ') },
    { key: 'error', label: 'error', width: 'minmax(160px, 1.5fr)', get: (s) => (s.errorCode ? `${s.errorCode}: ${s.error}` : s.error) },
    ...measures.map((m, i) => ({ key: `m${i}`, label: m.label, width: '96px', measure: i, get: (s) => s.v[i] })),
  ];
  const tableEl = document.getElementById('table');
  tableEl.style.setProperty('--cols', columns.map((c) => c.width).join(' '));
  tableEl.style.minWidth = `${600 + 96 * measures.length}px`;
  const thead = document.getElementById('thead');
  const viewport = document.getElementById('viewport');
  const spacer = document.getElementById('spacer');
  const rowsEl = document.getElementById('rows');
  let sort = { key: 'path', dir: 1 };
  columns.forEach((c) => {
    const h = el('div', { role: 'columnheader', 'data-key': c.key, title: `sort by ${c.label}`, text: c.label });
    h.addEventListener('click', () => {
      sort = { key: c.key, dir: sort.key === c.key ? -sort.dir : 1 };
      update();
    });
    thead.append(h);
  });

  // Filters
  const f = (id) => document.getElementById(id);
  const flagKeys = [...new Set(scans.flatMap((s) => s.flags.map(flagKey)))].sort();
  flagKeys.forEach((k) => f('f-flag').append(el('option', { value: k, text: k })));
  [...new Set(scans.map((s) => s.errorCode).filter(Boolean))].sort().forEach((k) => f('f-error').append(el('option', { value: k, text: k })));
  f('f-measure').append(el('option', { value: '', text: '(choose a measure)' }));
  measures.forEach((m, i) => f('f-measure').append(el('option', { value: String(i), text: m.label })));
  for (const id of ['f-status', 'f-flag', 'f-error', 'f-measure', 'f-outliers']) f(id).addEventListener('change', update);
  for (const id of ['f-text', 'f-min', 'f-max']) f(id).addEventListener('input', update);
  f('filters').addEventListener('submit', (e) => e.preventDefault());

  let shown = scans;
  function matches(s) {
    const status = f('f-status').value;
    if (status && s.status !== status) return false;
    const flag = f('f-flag').value;
    if (flag === '(none)' && s.flags.length > 0) return false;
    if (flag === '(any)' && s.flags.length === 0) return false;
    if (flag && flag[0] !== '(' && !s.flags.some((x) => flagKey(x) === flag)) return false;
    const error = f('f-error').value;
    if (error && s.errorCode !== error) return false;
    const text = f('f-text').value.trim().toLowerCase();
    if (text && ![s.subject, s.session, s.path].some((x) => x && x.toLowerCase().includes(text))) return false;
    const mi = f('f-measure').value;
    const min = f('f-min').value, max = f('f-max').value;
    if (mi !== '' && (min !== '' || max !== '')) {
      const v = s.v[Number(mi)];
      if (v === null) return false;
      if (min !== '' && v < Number(min)) return false;
      if (max !== '' && v > Number(max)) return false;
    }
    if (f('f-outliers').checked) {
      if (mi !== '' ? !s.o.includes(Number(mi)) : s.o.length === 0) return false;
    }
    return true;
  }
  const collator = new Intl.Collator(undefined, { numeric: true });
  function compare(a, b) {
    const col = columns.find((c) => c.key === sort.key);
    const x = col.get(a), y = col.get(b);
    const xe = x === null || x === undefined || x === '', ye = y === null || y === undefined || y === '';
    if (xe || ye) return xe === ye ? 0 : xe ? 1 : -1; // empty last, whatever the direction
    const r = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return r * sort.dir;
  }
  function update() {
    shown = scans.filter(matches).sort(compare);
    for (const h of thead.children) h.setAttribute('aria-sort', h.dataset.key === sort.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    f('shown').textContent = `${shown.length} of ${scans.length} scans shown`;
    spacer.style.height = `${shown.length * ROW}px`;
    draw(true);
  }
  let drawn = [-1, -1];
  function draw(force) {
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW) - 10);
    const last = Math.min(shown.length, first + Math.ceil(viewport.clientHeight / ROW) + 20);
    if (!force && first === drawn[0] && last === drawn[1]) return;
    drawn = [first, last];
    rowsEl.style.transform = `translateY(${first * ROW}px)`;
    const frag = document.createDocumentFragment();
    for (let k = first; k < last; k++) frag.append(rowOf(shown[k]));
    rowsEl.replaceChildren(frag);
  }
  function rowOf(s) {
    const r = el('div', { className: `row ${s.status}`, role: 'row', 'data-scan': s.id });
    for (const c of columns) {
      const v = c.get(s);
      if (c.key === 'path') {
        r.append(el('div', { title: s.path }, el('a', { href: s.page, text: basename(s.path) })));
      } else if (c.key === 'status') {
        r.append(el('div', { className: `status-${s.status}`, text: v }));
      } else if (c.key === 'flags') {
        const d = el('div', { title: s.flags.join('\n') });
        s.flags.forEach((x) => d.append(el('span', { className: 'flag', text: flagKey(x) })));
        r.append(d);
      } else if (c.measure !== undefined) {
        const out = s.o.includes(c.measure);
        r.append(el('div', { className: out ? 'num outlier' : 'num', title: out ? 'outlier' : null, text: fmt(v) }));
      } else {
        r.append(el('div', { title: v, text: v ?? '' }));
      }
    }
    return r;
  }
  viewport.addEventListener('scroll', () => draw(false), { passive: true });
  window.addEventListener('resize', () => draw(true));
  update();
})();
