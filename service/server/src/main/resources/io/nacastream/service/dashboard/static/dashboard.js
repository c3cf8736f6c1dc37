// naca-stream live dashboard: one Server-Sent Events connection per viewer (/dashboard/events), no polling.
'use strict';

const $ = (id) => document.getElementById(id);
let classes = [];
let source = null;
let chosen = new URLSearchParams(location.search).get('stream') || '';

function className(c) {
  return c >= 0 && c < classes.length ? classes[c] : (c < 0 ? '(none)' : 'class ' + c);
}

function fmt(x, digits) {
  return x === null || x === undefined ? '–' : Number(x).toFixed(digits);
}

function si(x, unit) {
  if (x === null || x === undefined) return '–';
  const prefixes = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'], [1e-12, 'p']];
  const a = Math.abs(x);
  for (const [scale, p] of prefixes) {
    if (a >= scale) return (x / scale).toPrecision(3) + ' ' + p + unit;
  }
  return x.toPrecision(3) + ' ' + unit;
}

function drawFrame(f) {
  const canvas = $('event-view');
  $('predicted').textContent = className(f.predicted);
  $('true-label').textContent = f.label >= 0 ? className(f.label) : 'none in force';
  drawScores(f.scores, f.predicted, f.label);
  $('stream-name').textContent = f.stream;
  if (f.width === 0) return;   // the server draws a stream's events once someone watches it: from the next frame
  if (canvas.width !== f.width || canvas.height !== f.height) {
    canvas.width = f.width;
    canvas.height = f.height;
  }
  const ctx = canvas.getContext('2d');
  const bytes = Uint8Array.from(atob(f.image), (ch) => ch.charCodeAt(0));
  const n = f.width * f.height;
  const img = ctx.createImageData(f.width, f.height);
  for (let k = 0; k < n; k++) {
    const on = Math.min(255, bytes[k] * 64);
    const off = Math.min(255, bytes[n + k] * 64);
    img.data[4 * k] = on;
    img.data[4 * k + 1] = Math.max(Math.round(on * 0.82), Math.round(off * 0.65));
    img.data[4 * k + 2] = off;
    img.data[4 * k + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  canvas.dataset.frames = String(Number(canvas.dataset.frames) + 1);
  canvas.dataset.events = String(f.events);
  canvas.dataset.stream = f.stream;
  $('frame-events').textContent = f.frameEvents;
  $('stream-events').textContent = f.events.toLocaleString();
}

function drawScores(scores, predicted, label) {
  const box = $('scores');
  if (box.children.length !== scores.length) {
    box.innerHTML = '';
    scores.forEach((_, c) => {
      const row = document.createElement('div');
      row.className = 'bar';
      row.innerHTML = '<span class="name"></span><div><div class="fill"></div></div><span class="value"></span>';
      box.appendChild(row);
    });
  }
  scores.forEach((s, c) => {
    const row = box.children[c];
    row.className = 'bar' + (c === predicted ? ' predicted' : '') + (c === label ? ' truth' : '');
    row.querySelector('.name').textContent = className(c);
    row.querySelector('.fill').style.width = (100 * Math.max(0, Math.min(1, s))).toFixed(1) + '%';
    row.querySelector('.value').textContent = s.toFixed(2);
  });
}

function drawOverview(o) {
  classes = o.classes;
  const picker = $('stream-picker');
  const known = new Set(Array.from(picker.options).map((opt) => opt.value));
  for (const s of o.streams) {
    if (!known.has(s.id)) {
      const opt = document.createElement('option');
      opt.value = s.id;
      opt.textContent = s.id;
      picker.appendChild(opt);
    }
  }
  picker.value = chosen;
  for (const id of ['sensor', 'prediction', 'learning']) {
    $(id).hidden = o.streams.length === 0;   // runs without streams (benchmarks) show cost and tasks only
  }
  $('events-per-second').textContent = si(o.eventsPerSecond, '');
  $('latency-p50').textContent = o.latencyP50Ms ?? '–';
  $('latency-p99').textContent = o.latencyP99Ms ?? '–';
  $('lag').textContent = o.lag ?? 'n/a';
  $('commits').hidden = !o.commits;
  if (o.commits) {
    const exactlyOnce = o.commits.guarantee === 'exactly_once';
    $('commit-guarantee').textContent = o.commits.guarantee.replaceAll('_', '-');
    $('commit-interval').textContent = o.commits.intervalMs;
    $('commits-committed').textContent = exactlyOnce ? o.commits.committed : 'n/a';
    $('commits-aborted').textContent = exactlyOnce ? o.commits.aborted : 'n/a';
  }
  const body = $('energy').querySelector('tbody');
  body.innerHTML = '';
  for (const e of o.energy) {
    const tr = document.createElement('tr');
    tr.dataset.algorithm = e.algorithm;
    for (const v of [e.algorithm, e.inputSpikes.toLocaleString(), fmt(e.synapticOpsPerSpike, 0),
      si(e.joulesPerSpike, 'J'), si(e.synapticOps, ''), si(e.joules, 'J')]) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  drawContinual(o.continual || []);
  const naca = o.energy.find((e) => e.algorithm.startsWith('naca'));
  const bp = o.energy.find((e) => e.algorithm.startsWith('bp'));
  $('energy-ratio').textContent = naca && bp && bp.joulesPerSpike > 0
    ? 'NACA spends ' + (100 * naca.joulesPerSpike / bp.joulesPerSpike).toFixed(1) + ' % of BP\'s energy per input spike'
    : '';
}

function drawContinual(runs) {
  $('continual').hidden = runs.length === 0;
  $('continual-tables').innerHTML = runs.map((run) => {
    const head = '<tr><th>after</th>' + run.tasks.map((t, i) => '<th title="classes ' + t.join(', ') + '">T' + (i + 1)
      + '</th>').join('') + '<th>average</th></tr>';
    const rows = run.after.map((row, j) => {
      const seen = row.filter((v) => v !== null);
      const avg = seen.length ? seen.reduce((a, b) => a + b, 0) / seen.length : null;
      return '<tr><th>T' + (j + 1) + '</th>' + run.tasks.map((_, i) => '<td>' + (i < row.length && row[i] !== null
        ? (100 * row[i]).toFixed(0) : '') + '</td>').join('') + '<td><b>' + (avg === null ? '' : (100 * avg).toFixed(1)
        + ' %') + '</b></td></tr>';
    }).join('');
    return '<h3>' + run.learner.replace(/[<>&]/g, '') + '</h3><table class="tasks" data-learner="'
      + run.learner.replace(/["<>&]/g, '') + '">' + head + rows + '</table>';
  }).join('');
}

function drawLearning(l) {
  $('window').textContent = l.window;
  $('accuracy').textContent = l.windowAccuracy === null ? '–' : (100 * l.windowAccuracy).toFixed(1) + ' %';
  $('kappa').textContent = fmt(l.windowKappa, 3);
  $('segments').textContent = l.segments;
  $('accuracy-all').textContent = l.accuracy === null ? '–' : (100 * l.accuracy).toFixed(1) + ' %';
  drawCurve(l.history);
  drawConfusion(l.confusion);
}

function drawCurve(history) {
  const canvas = $('curve');
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height, pad = 24;
  ctx.clearRect(0, 0, w, h);
  ctx.strokeStyle = '#ccc';
  ctx.beginPath();
  ctx.moveTo(pad, pad / 2); ctx.lineTo(pad, h - pad); ctx.lineTo(w - 4, h - pad);
  ctx.stroke();
  ctx.fillStyle = '#555';
  ctx.font = '10px sans-serif';
  ctx.fillText('1', 8, pad / 2 + 4);
  ctx.fillText('0', 8, h - pad);
  if (history.length === 0) return;
  const x0 = history[0][0], x1 = Math.max(history[history.length - 1][0], x0 + 1);
  const x = (n) => pad + (w - pad - 4) * (n - x0) / (x1 - x0);
  const y = (v) => (h - pad) - (h - 1.5 * pad) * Math.max(-0.2, Math.min(1, v));
  for (const [index, color] of [[1, '#1f77b4'], [2, '#d62728']]) {
    ctx.strokeStyle = color;
    ctx.beginPath();
    history.forEach((p, i) => (i === 0 ? ctx.moveTo(x(p[0]), y(p[index])) : ctx.lineTo(x(p[0]), y(p[index]))));
    ctx.stroke();
  }
  ctx.fillStyle = '#555';
  ctx.fillText('gesture ' + x0, pad, h - 8);
  ctx.fillText(String(x1), w - 30, h - 8);
}

function drawConfusion(m) {
  const table = $('confusion');
  const rows = ['<tr><th></th>' + m[0].map((_, c) => '<th>' + (c < m.length ? c : '∅') + '</th>').join('') + '</tr>'];
  m.forEach((row, t) => {
    rows.push('<tr><th title="' + className(t) + '">' + t + '</th>'
      + row.map((v, p) => '<td' + (p === t ? ' class="diag"' : '') + '>' + (v || '') + '</td>').join('') + '</tr>');
  });
  table.innerHTML = rows.join('');
}

function connect() {
  if (source) source.close();
  source = new EventSource('/dashboard/events' + (chosen ? '?stream=' + encodeURIComponent(chosen) : ''));
  source.onopen = () => { $('connection').textContent = 'live'; };
  source.onerror = () => { $('connection').textContent = 'reconnecting…'; };
  source.addEventListener('frame', (e) => drawFrame(JSON.parse(e.data)));
  source.addEventListener('overview', (e) => drawOverview(JSON.parse(e.data)));
  source.addEventListener('learning', (e) => drawLearning(JSON.parse(e.data)));
}

$('stream-picker').addEventListener('change', (e) => {
  chosen = e.target.value;
  history.replaceState(null, '', chosen ? '?stream=' + encodeURIComponent(chosen) : location.pathname);
  connect();
});
connect();
