// A scan's page: its flags, measures, provenance, the per-slice curve, the QC montage and the NiiVue viewer.
'use strict';
(function () {
  const { el, fmt, table } = window.lf;
  const data = window.lungflowScan;
  if (!data) {
    document.body.prepend(el('p', { className: 'error', text: 'this scan\'s data file did not load: the report is incomplete.' }));
    return;
  }
  const s = data.scan;
  const $ = (id) => document.getElementById(id);
  const name = s.path.split('/').pop();
  document.title = `${name} — lungflow`;
  $('title').textContent = name;
  $('status').append(el('span', { className: `status-${s.status}`, text: s.status }));
  if (s.subject || s.session) $('status').append(` · subject ${s.subject ?? '–'}, session ${s.session ?? '–'}`);
  if (s.status === 'failed') $('status').after(el('p', { className: 'error', text: `${s.errorCode ?? 'error'}: ${s.error ?? ''}` }));

  const flags = $('flags');
  if (s.flags.length === 0) flags.append(el('li', { text: s.status === 'done' ? 'none: nothing looked wrong' : 'none (the scan failed)' }));
  for (const f of s.flags) flags.append(el('li', {}, el('span', { className: 'flag', text: window.lf.flagKey(f) }), f));

  $('measures').append(table(
    data.measures.filter((m) => m.value !== null).map((m) => [m.label, m.outlier ? el('strong', { className: 'status-failed', text: `${fmt(m.value)} (outlier)` }) : fmt(m.value), fmt(m.median)]),
    ['measure', 'value', 'cohort median'],
  ));

  regions();

  if (data.curve) $('curve').setAttribute('src', data.curve);
  else $('curve').replaceWith(el('p', { className: 'note', text: 'no per-slice rows: the scan failed, so nothing was measured.' }));

  const note = $('montage-note');
  if (data.montage) {
    $('montage').setAttribute('src', data.montage.file);
    note.textContent = data.montage.source === 'run'
      ? 'Written by the run (run --qc), from the slices it read.'
      : 'Rendered by lungflow report from the CT and its masks (the run had no --qc): run with --qc DIR to have the run write it.';
  } else {
    document.querySelector('figure.montage').hidden = true;
    note.className = 'note';
    note.textContent = s.status === 'done'
      ? 'No montage: run the scan with --qc DIR (or --masks DIR) and make the report again.'
      : 'No montage: the scan failed.';
  }

  const prov = [
    ['path', s.path], ['format', formatOf(s.path)], ['scan id', s.scanId], ['preset', s.preset], ['config hash', s.configHash], ['lungflow version', s.version],
    ['run id', s.runId], ['finished at (UTC)', s.finishedAt], ['dims', s.dims ? s.dims.join(' × ') : null],
    ['spacing (mm)', s.spacingMm ? s.spacingMm.map(fmt).join(' × ') : null], ['file size (bytes)', s.fileSize], ['content SHA-256', s.contentSha256],
    ['lung mask', s.lungMaskPath], ['vessel mask', s.vesselMaskPath], ['zone label map', s.regionsMaskPath], ['QC montage', s.qcMontagePath],
    ...Object.entries(s.other || {}),
  ].filter(([, v]) => v !== null && v !== undefined);
  $('provenance').append(table(prov.map(([k, v]) => [k, String(v)])));

  viewer();

  function regions() {
    const r = data.regions;
    if (!r || r.rows.length === 0) {
      $('regions').closest('.table-scroll').hidden = true;
      const note = $('regions-note');
      note.className = 'note';
      note.textContent = s.status === 'done'
        ? 'No region rows: the seed preset does not measure regions (or the scan was run by a lungflow from before them).'
        : 'No region rows: the scan failed.';
      return;
    }
    $('regions').replaceWith(Object.assign(table(
      r.rows.map((row) => [row.region, ...row.values.map((v) => (v === null ? '–' : fmt(v)))]),
      ['region', ...r.columns],
    ), { id: 'regions', className: 'grid' }));
  }

  function formatOf(p) {
    if (s.other && s.other.format) return null; // the database says (shown below)
    if (/\.nii(\.gz)?$/i.test(p)) return 'NIfTI';
    return null;
  }

  function viewer() {
    const vnote = $('viewer-note');
    vnote.className = 'note';
    if (!data.viewer && data.viewerProblem) {
      vnote.className = 'error';
      vnote.textContent = `No viewer: ${data.viewerProblem}`;
      return;
    }
    if (!data.viewer) {
      vnote.textContent = s.status === 'done'
        ? 'The viewer needs the scan\'s masks: run it with --masks DIR (add --force to redo a finished scan), then make the report again.'
        : 'No viewer: the scan failed.';
      return;
    }
    if (location.protocol === 'file:') {
      vnote.textContent = 'The viewer reads the CT and its masks over HTTP, which a page opened from disk (file://) cannot do. '
        + 'Serve the report — lungflow report --serve --out DIR (or any static web server in DIR) — and open this page from there.';
      return;
    }
    if (!window.niivue) {
      vnote.textContent = 'The viewer (assets/niivue.umd.js) did not load.';
      return;
    }
    vnote.textContent = 'Loading the CT and its masks…';
    const box = $('viewer-box');
    box.hidden = false;
    const nv = new window.niivue.Niivue({ backColor: [0, 0, 0, 1], isRadiologicalConvention: true, show3Dcrosshair: false, crosshairColor: [1, 1, 0, 0.6], isOrientationTextVisible: true });
    window.lungflowViewer = nv;
    const volumes = [
      { url: data.viewer.ct, colormap: 'gray', cal_min: -1350, cal_max: 150 },
      { url: data.viewer.lung, colormap: 'green', opacity: 0.35, cal_min: 0.5, cal_max: 1 },
    ];
    if (data.viewer.vessels) volumes.push({ url: data.viewer.vessels, colormap: 'red', opacity: 0.8, cal_min: 0.5, cal_max: 1 });
    // The zone label map, hidden until asked for: 1-3 right upper/middle/lower, 4-6 left (the --masks format).
    const zonesAt = data.viewer.regions ? volumes.length : -1;
    if (zonesAt >= 0) volumes.push({ url: data.viewer.regions, colormap: 'gray', opacity: 0 });
    const opacity = { lung: 0.35, vessels: 0.8, zones: 0.5 };
    nv.attachToCanvas($('viewer'))
      .then(() => {
        nv.setRadiologicalConvention(true);
        nv.setSliceType(nv.sliceTypeAxial);
        return nv.loadVolumes(volumes);
      })
      .then(() => {
        if (zonesAt >= 0) {
          // Each lung's thirds: upper cyan, middle yellow, lower magenta, on both sides.
          const zone = [[0, 0, 0, 0], [0, 200, 255, 255], [255, 220, 0, 255], [255, 0, 200, 255]];
          const byLabel = [0, 1, 2, 3, 1, 2, 3].map((z) => zone[z]);
          nv.volumes[zonesAt].setColormapLabel({
            R: byLabel.map((c) => c[0]), G: byLabel.map((c) => c[1]), B: byLabel.map((c) => c[2]), A: byLabel.map((c) => c[3]),
            I: byLabel.map((_, i) => i),
            labels: ['', 'right upper', 'right middle', 'right lower', 'left upper', 'left middle', 'left lower'],
          });
          nv.updateGLVolume();
        }
        vnote.textContent = 'CT with the lung mask (green) and the vessel mask (red), as written by the run.'
          + (zonesAt >= 0 ? ' "zones on/off" shows each lung\'s upper, middle and lower thirds instead of the lung mask: cyan, yellow, magenta.' : '');
        vnote.className = 'hint';
        const buttons = $('viewer-buttons');
        const views = [['axial', nv.sliceTypeAxial], ['coronal', nv.sliceTypeCoronal], ['sagittal', nv.sliceTypeSagittal], ['three planes', nv.sliceTypeMultiplanar]];
        for (const [label, type] of views) {
          const b = el('button', { type: 'button', text: label });
          b.addEventListener('click', () => nv.setSliceType(type));
          buttons.append(b);
        }
        const zonesShown = () => zonesAt >= 0 && nv.volumes[zonesAt].opacity > 0;
        const toggle = el('button', { type: 'button', text: 'masks on/off' });
        toggle.addEventListener('click', () => {
          const on = nv.volumes[1].opacity === 0 && !zonesShown();
          nv.setOpacity(1, on ? opacity.lung : 0);
          if (data.viewer.vessels) nv.setOpacity(2, on ? opacity.vessels : 0);
          if (zonesAt >= 0) nv.setOpacity(zonesAt, 0);
        });
        buttons.append(toggle);
        if (zonesAt >= 0) {
          const zones = el('button', { type: 'button', text: 'zones on/off', id: 'zones-toggle' });
          zones.addEventListener('click', () => {
            const on = !zonesShown();
            nv.setOpacity(zonesAt, on ? opacity.zones : 0);
            nv.setOpacity(1, on ? 0 : opacity.lung);
          });
          buttons.append(zones);
        }
        document.body.dataset.viewer = 'ready';
      })
      .catch((error) => {
        vnote.className = 'error';
        vnote.textContent = `The viewer could not load the volumes: ${error && error.message ? error.message : String(error)}`;
        document.body.dataset.viewer = 'failed';
      });
  }
})();
