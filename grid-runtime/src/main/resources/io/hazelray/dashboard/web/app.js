// The Hazelray dashboard: polls the JSON API once a second and redraws. Every string that comes
// from users (names, messages, stack traces, log lines) is written with textContent, never as HTML.
'use strict';

const PALETTE = ['#1d4ed8', '#d97706', '#059669', '#9333ea', '#dc2626', '#0891b2', '#65a30d', '#db2777'];
const state = { taskFilter: 'all', taskPage: 1, taskPages: 1, tick: 0 };

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
    else e.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function bytes(n) {
  if (n === null || n === undefined || n < 0) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

function millis(ms) {
  if (ms === null || ms === undefined) return '?';
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
}

function time(epoch) {
  return epoch ? new Date(epoch).toLocaleTimeString() : '';
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({ headers: { 'Accept': 'application/json' } }, options || {}));
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
  return body;
}

// ---- charts: a small SVG line chart, one line per member --------------------------------------

function lineChart(container, times, series) {
  const W = 600, H = 160, L = 36, B = 18, T = 6, R = 6;
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  const names = Object.keys(series);
  let max = 1;
  for (const n of names) for (const v of series[n]) max = Math.max(max, v);
  const n = Math.max(2, times.length);
  const x = i => L + (W - L - R) * i / (n - 1);
  const y = v => H - B - (H - B - T) * v / max;
  const text = (tx, ty, s, anchor) => {
    const t = document.createElementNS(svgNs, 'text');
    t.setAttribute('x', tx); t.setAttribute('y', ty); t.setAttribute('font-size', '10');
    t.setAttribute('fill', '#666'); t.setAttribute('text-anchor', anchor || 'start');
    t.textContent = s;
    svg.appendChild(t);
  };
  for (const frac of [0, 0.5, 1]) {
    const gy = y(max * frac);
    const line = document.createElementNS(svgNs, 'line');
    line.setAttribute('x1', L); line.setAttribute('x2', W - R); line.setAttribute('y1', gy); line.setAttribute('y2', gy);
    line.setAttribute('stroke', '#e5e7eb');
    svg.appendChild(line);
    text(L - 4, gy + 3, Number.isInteger(max * frac) ? max * frac : (max * frac).toFixed(1), 'end');
  }
  if (times.length > 0) {
    text(L, H - 4, time(times[0]));
    text(W - R, H - 4, time(times[times.length - 1]), 'end');
  }
  names.forEach((name, k) => {
    const values = series[name];
    if (values.length === 0) return;
    const path = document.createElementNS(svgNs, 'polyline');
    path.setAttribute('points', values.map((v, i) => x(i) + ',' + y(v)).join(' '));
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', PALETTE[k % PALETTE.length]);
    path.setAttribute('stroke-width', '1.5');
    svg.appendChild(path);
  });
  const legend = el('div', { class: 'legend' },
    ...names.map((name, k) => el('span', { style: null }, el('b', { class: 'swatch' }, '\u25A0 '), name)));
  legend.querySelectorAll('b.swatch').forEach((b, k) => { b.style.color = PALETTE[k % PALETTE.length]; });
  container.replaceChildren(svg, legend);
}

// ---- views ----------------------------------------------------------------------------------------

async function refreshCluster() {
  const c = await api('/api/cluster');
  document.getElementById('cluster-name').textContent = 'cluster ' + c.clusterName + ' \u2014 ' + c.members.length + ' member(s)';
  document.getElementById('updated').textContent = 'updated ' + time(c.takenAt);
  const t = c.tasks;
  document.getElementById('task-totals').replaceChildren(
    el('span', {}, 'CPU slots busy ', el('b', { id: 'slots-busy' }, c.slotsBusy + '/' + c.cpuSlots)),
    el('span', { class: 'state-queued' }, 'queued ', el('b', { id: 'count-queued' }, t.queued)),
    el('span', { class: 'state-running' }, 'running ', el('b', { id: 'count-running' }, t.running)),
    el('span', { class: 'state-finished' }, 'finished ', el('b', { id: 'count-finished' }, t.finished)),
    el('span', { class: 'state-failed' }, 'failed ', el('b', { id: 'count-failed' }, t.failed)));
  fill(document.querySelector('#members-table tbody'), c.members.map(m => el('tr', {},
    el('td', {}, m.address),
    el('td', { class: 'num' }, m.slotsBusy + '/' + m.cpuSlots),
    el('td', { class: 'num' }, m.processCpuLoad < 0 ? '?' : Math.round(m.processCpuLoad * 100) + '%'),
    el('td', { class: 'num' }, bytes(m.heapUsed) + ' / ' + bytes(m.heapMax)),
    el('td', { class: 'num' }, m.objects.entries + ' (' + bytes(m.objects.bytes) + ')'),
    el('td', { class: 'num' }, m.objects.backupEntries + ' (' + bytes(m.objects.backupBytes) + ')'),
    el('td', { class: 'num' }, m.actorRecords),
    el('td', { class: 'num' }, m.tasks.queued), el('td', { class: 'num' }, m.tasks.running),
    el('td', { class: 'num' }, m.tasks.finished), el('td', { class: 'num' }, m.tasks.failed))));
  document.getElementById('unreachable').textContent =
    c.unreachable.length ? 'Not answering: ' + c.unreachable.join('; ') : '';
  lineChart(document.getElementById('chart-slots'), c.series.times, c.series.slotsBusy);
  lineChart(document.getElementById('chart-tasks'), c.series.times, c.series.tasksEndedPerSecond);
}

async function refreshTasks() {
  const p = await api('/api/tasks?state=' + encodeURIComponent(state.taskFilter) + '&page=' + state.taskPage + '&size=25');
  state.taskPages = p.pages;
  if (state.taskPage > p.pages) state.taskPage = p.pages;
  document.getElementById('tasks-page').textContent = 'page ' + p.page + ' of ' + p.pages + ' (' + p.matching + ' kept)';
  fill(document.querySelector('#tasks-table tbody'), p.rows.map(r => el('tr', { 'data-task-id': r.id, 'data-state': r.state },
    el('td', {}, r.id),
    el('td', {}, r.function),
    el('td', {}, r.member),
    el('td', { class: 'task-state state-' + r.state }, r.state.toLowerCase()),
    el('td', {}, time(r.startedAt)),
    el('td', { class: 'num' }, millis(r.durationMillis)),
    el('td', { class: 'error-cell' }, r.error ? el('span', { class: 'error' }, r.error) : null,
      r.state === 'FAILED' ? el('button', { class: 'show-trace', type: 'button', onclick: () => showTrace(r.id) }, 'stack trace') : null))));
}

async function showTrace(id) {
  const t = await api('/api/tasks/' + encodeURIComponent(id));
  document.getElementById('trace-title').textContent = t.function + ' (' + t.id + ') on ' + t.member;
  document.getElementById('trace-text').textContent = t.stackTrace || t.error || '(no stack trace)';
  document.getElementById('trace-panel').hidden = false;
}

async function refreshActors() {
  const a = await api('/api/actors');
  document.getElementById('actors-summary').textContent = a.alive + ' alive, ' + (a.total - a.alive) + ' dead (recently)';
  fill(document.querySelector('#actors-table tbody'), a.actors.map(r => el('tr', { 'data-actor-id': r.id },
    el('td', {}, r.id),
    el('td', {}, r.className || '?'),
    el('td', { class: 'actor-name' }, r.name || ''),
    el('td', { class: 'actor-state state-' + r.state }, r.state.toLowerCase()),
    el('td', {}, r.member),
    el('td', {}, r.backupMember || 'none'),
    el('td', { class: 'num' }, r.callsServed),
    el('td', { class: 'num' }, r.callsFailed),
    el('td', { class: 'num' }, bytes(r.stateBytes)),
    el('td', { class: 'error-cell error' }, r.lastError || ''),
    el('td', {}, el('button', { class: 'kill', type: 'button', disabled: r.state === 'DEAD' ? 'disabled' : null,
      onclick: () => kill(r.id, r.name) }, 'Kill')))));
}

async function kill(id, name) {
  if (!window.confirm('Kill actor ' + (name || id) + '?')) return;
  try {
    await api('/api/actors/' + encodeURIComponent(id) + '/kill', { method: 'POST' });
  } catch (e) {
    window.alert('Kill failed: ' + e.message);
  }
  await refreshActors();
}

async function refreshObjects() {
  const o = await api('/api/objects');
  fill(document.querySelector('#objects-members tbody'), o.members.map(m => el('tr', {},
    el('td', {}, m.address), el('td', { class: 'num' }, m.objects.entries), el('td', { class: 'num' }, bytes(m.objects.bytes)),
    el('td', { class: 'num' }, m.objects.backupEntries), el('td', { class: 'num' }, bytes(m.objects.backupBytes)))));
  fill(document.querySelector('#objects-largest tbody'), o.largest.map(r => el('tr', {},
    el('td', {}, r.id), el('td', {}, r.driver), el('td', {}, r.member || '?'), el('td', { class: 'num' }, bytes(r.bytes)),
    el('td', {}, time(r.storedAt)))));
}

async function refreshJobs() {
  const j = await api('/api/jobs');
  fill(document.querySelector('#jobs-table tbody'), j.jobs.map(r => el('tr', {},
    el('td', {}, r.name), el('td', { class: 'state-' + r.status }, r.status), el('td', {}, time(r.submittedAt)),
    el('td', { class: 'num' }, millis(r.durationMillis)))));
}

async function refreshErrors() {
  const e = await api('/api/errors');
  fill(document.querySelector('#errors-table tbody'), e.errors.map(r => el('tr', {},
    el('td', {}, time(r.at)), el('td', {}, r.kind), el('td', {}, r.what), el('td', {}, r.id), el('td', {}, r.member),
    el('td', { class: 'error-cell error' }, r.error))));
}

async function refreshLogs() {
  const l = await api('/api/logs?lines=100');
  const body = document.getElementById('logs-body');
  body.replaceChildren(...Object.entries(l.members).map(([member, lines]) =>
    el('div', { class: 'logs-member' }, el('h3', {}, member), el('pre', {}, lines.length ? lines.join('\n') : '(no lines yet)'))));
}

async function poll() {
  state.tick++;
  const every = (n, f) => (state.tick % n === 1 || n === 1) ? f() : Promise.resolve();
  const views = [refreshCluster(), refreshTasks(), refreshActors(), every(3, refreshObjects), every(2, refreshJobs),
    every(2, refreshErrors), every(3, refreshLogs)];
  const results = await Promise.allSettled(views);
  const failed = results.filter(r => r.status === 'rejected');
  document.getElementById('connection').textContent = failed.length ? 'cannot reach the API: ' + failed[0].reason.message : '';
  setTimeout(poll, 1000);
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('task-filter').addEventListener('change', e => {
    state.taskFilter = e.target.value; state.taskPage = 1; refreshTasks();
  });
  document.getElementById('tasks-prev').addEventListener('click', () => {
    if (state.taskPage > 1) { state.taskPage--; refreshTasks(); }
  });
  document.getElementById('tasks-next').addEventListener('click', () => {
    if (state.taskPage < state.taskPages) { state.taskPage++; refreshTasks(); }
  });
  document.getElementById('trace-close').addEventListener('click', () => {
    document.getElementById('trace-panel').hidden = true;
  });
  poll();
});
