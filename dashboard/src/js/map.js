import { LiveCity, countdown, openStages } from './live.js';
import { t, name, apply as applyI18n, toggle as toggleLanguage } from './i18n.js';
import { api, signedIn, showUser, covers } from './session.js';

const CITY = '500000';
const STREET_ZOOM = 10; // from here the streets of the district in view are drawn
const COMMUNITY_ZOOM = 12; // from here the communities of the street in view
const GRID_ZOOM = 14; // grids only for the viewport

applyI18n();
const user = await signedIn();
showUser(user);
// The region the map always follows: the city for city-wide users, else the user's own district or street.
const HOME = user.jurisdiction.includes(CITY) ? CITY : user.jurisdiction[0];
const isGroup = code => code.length <= 9; // the city, a district or a street: what the live stream serves

const map = L.map('map', { preferCanvas: true, zoomControl: true, attributionControl: false, zoomSnap: 0.25 }).setView([29.9, 107.6], 7);
const config = await (await fetch('/api/v1/dashboard/config')).json();
if (config.tileUrl) L.tileLayer(config.tileUrl, { maxZoom: 18 }).addTo(map); // deployments with a tile server

const live = new Map(); // region code -> totals
const profiles = new Map(); // region code -> profile
const incidents = new Map(); // id -> { summary, marker }
const alerts = new Map(); // alert id -> the alert as it stands
let today = null;
let metric = localStorage.getItem('metric') || 'open';

const layers = { districts: null, children: null, grids: null };
const focus = { district: null, street: null, group: null };

// ---- live stream ----
const city = new LiveCity({
  region: r => { live.set(r.code, r.totals); scheduleRestyle(); if (r.code === CITY) renderKpis(); },
  incident: onIncident,
  alert: a => { alerts.set(a.alertId, a); renderAlerts(); },
  today: d => { today = d; renderKpis(); },
  status: s => { const el = document.getElementById('status'); el.dataset.state = s; el.textContent = t(s === 'live' ? 'live' : s === 'resync' ? 'resync' : 'reconnecting'); },
  delta: d => { document.getElementById('status').dataset.sequence = d.sequence; },
});

// ---- regions ----
async function geojson(url) {
  const response = await api(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const collection = await response.json();
  for (const f of collection.features) {
    if (f.properties.profile) profiles.set(f.id, f.properties.profile);
    if (f.properties.live && !live.has(f.id)) live.set(f.id, f.properties.live);
  }
  return collection;
}

function regionLayer(collection, className) {
  return L.geoJSON(collection, {
    style: f => style(f.id, className),
    onEachFeature: (f, layer) => {
      layer.bindTooltip(() => `${f.properties.name}<br>${t('m' + cap(metric))}: ${format(value(f.id))}`, { sticky: true });
      layer.on('click', () => map.fitBounds(layer.getBounds()));
    },
  });
}

const cap = s => s[0].toUpperCase() + s.slice(1);
const format = v => v === null || v === undefined ? '–' : Number.isInteger(v) ? v : v.toFixed(1);

function value(code) {
  const totals = live.get(code);
  const profile = profiles.get(code);
  switch (metric) {
    case 'open': return totals?.openIncidents ?? 0;
    case 'risk': return atRiskIn(code);
    case 'volunteers': return totals && profile?.elderly60Plus ? totals.volunteersOnDuty / profile.elderly60Plus * 1000 : null;
    case 'lowStock': return totals?.lowStockStockpiles ?? 0;
    case 'meals': return totals && profile ? Math.max(0, totals.mealsBookedToday - profile.canteenSeats - profile.deliveryCapacity) : null;
  }
}

// Volunteers per elderly: more is better, so the scale runs the other way.
const palette = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#e6550d', '#a63603'];
function colour(v, max) {
  if (v === null || v === undefined) return '#e5e7eb';
  const share = max > 0 ? v / max : 0;
  const index = Math.min(palette.length - 1, Math.floor((metric === 'volunteers' ? 1 - share : share) * palette.length));
  return palette[index];
}

let maxValue = 0;
function style(code, className) {
  return { color: className === 'grid' ? '#9ca3af' : '#334155', weight: className === 'district' ? 1.2 : 0.7,
    fillColor: className === 'grid' ? 'transparent' : colour(value(code), maxValue), fillOpacity: className === 'grid' ? 0 : 0.65 };
}

let restyleQueued = false;
function scheduleRestyle() {
  if (restyleQueued) return;
  restyleQueued = true;
  setTimeout(() => {
    restyleQueued = false;
    const shaded = layers.children ?? layers.districts;
    const values = [];
    shaded?.eachLayer(l => { const v = value(l.feature.id); if (v !== null) values.push(v); });
    maxValue = Math.max(1, ...values);
    layers.districts?.setStyle(f => style(f.id, layers.children ? 'context' : 'district'));
    layers.children?.setStyle(f => style(f.id, 'child'));
    renderLegend();
  }, 300);
}

function renderLegend() {
  document.getElementById('legend').innerHTML = palette.map((c, i) =>
    `<span style="background:${c}"></span>${format(maxValue * i / palette.length)}`).join(' ');
}

// ---- focus: which district or street the operator is looking at ----
const located = new Map();
async function districtAndStreetAt(latlng) {
  const key = `${latlng.lng.toFixed(3)},${latlng.lat.toFixed(3)}`;
  if (!located.has(key)) {
    const r = await api(`/api/v1/regions/lookup?lon=${latlng.lng}&lat=${latlng.lat}`);
    located.set(key, r.ok ? await r.json() : null);
  }
  return located.get(key);
}

async function refocus() {
  const zoom = map.getZoom();
  const at = zoom >= STREET_ZOOM ? await districtAndStreetAt(map.getCenter()) : null;
  const district = at?.district.code ?? null;
  const street = zoom >= COMMUNITY_ZOOM ? at?.street.code ?? null : null;
  let group = street ?? district ?? CITY;
  if (!covers(user, group) || !isGroup(group)) group = HOME; // outside the jurisdiction: stay with its own region
  if (group !== focus.group) {
    if (focus.group && focus.group !== HOME) city.unwatch(focus.group);
    focus.group = group;
    if (group !== HOME && isGroup(group)) await city.watch(group);
    layers.children?.remove();
    layers.children = null;
    if (group !== CITY) {
      layers.children = regionLayer(await geojson(`/api/v1/regions/${group}/children`), 'child').addTo(map);
      layers.children.bringToFront();
    }
    document.getElementById('focus').textContent = group === CITY ? '' : group === street ? at.street.name : group === district ? at.district.name : group;
    scheduleRestyle();
  }
  await drawGrids(zoom);
}

async function drawGrids(zoom) {
  layers.grids?.remove();
  layers.grids = null;
  if (zoom < GRID_ZOOM) return;
  const b = map.getBounds();
  const collection = await geojson(`/api/v1/regions/grids?bbox=${b.getWest()},${b.getSouth()},${b.getEast()},${b.getNorth()}&limit=500`);
  layers.grids = L.geoJSON(collection, { style: () => style(null, 'grid'), interactive: false }).addTo(map);
}

// ---- incidents ----
function atRisk(s, now = Date.now()) {
  return openStages.has(s.stage) && !s.firstOnSceneAt && (s.escalated || countdown(s.respondBy, null, now).left <= 30 * 60_000);
}

function atRiskIn(code) {
  let n = 0;
  for (const { summary: s } of incidents.values()) {
    const p = s.place;
    if ((p.district === code || p.street === code || p.community === code) && atRisk(s)) n++;
  }
  return n;
}

function icon(s) {
  const c = countdown(s.respondBy, s.firstOnSceneAt);
  return L.divIcon({
    className: '', iconSize: null,
    html: `<div class="incident ${c.band} sev-${s.severity}" data-incident-id="${s.id}"><b>${name(s.subtype)}</b> <span class="countdown">${c.text}</span></div>`,
  });
}

function onIncident(s) {
  const known = incidents.get(s.id);
  if (!openStages.has(s.stage)) {
    known?.marker.remove();
    incidents.delete(s.id);
  } else if (known) {
    known.summary = s;
    known.marker.setIcon(icon(s));
  } else {
    const marker = L.marker([s.place.latitude, s.place.longitude], { icon: icon(s), riseOnHover: true }).addTo(map);
    marker.on('click', () => openDrawer(s.id));
    incidents.set(s.id, { summary: s, marker });
  }
  if (drawer.id === s.id) openDrawer(s.id);
  scheduleKpis();
  if (metric === 'risk') scheduleRestyle();
}

// Countdowns tick without rebuilding markers: only the text and the colour band change.
setInterval(() => {
  const now = Date.now();
  for (const { summary: s, marker } of incidents.values()) {
    const el = marker.getElement()?.firstElementChild;
    if (!el) continue;
    const c = countdown(s.respondBy, s.firstOnSceneAt, now);
    el.className = `incident ${c.band} sev-${s.severity}`;
    el.querySelector('.countdown').textContent = c.text;
  }
  if (drawer.summary) {
    const c = countdown(drawer.summary.respondBy, drawer.summary.firstOnSceneAt, now);
    const el = document.getElementById('drawer-countdown');
    if (el) { el.textContent = c.text; el.className = `countdown ${c.band}`; }
  }
}, 1000);

// ---- drawer ----
const drawer = { id: null, summary: null };
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
// Chongqing's clock (+08:00) wherever the browser is: deadlines are read against the street office's wall clock.
const time = iso => iso ? new Date(iso).toLocaleTimeString(document.documentElement.lang, { hour12: false, timeZone: 'Asia/Shanghai' }) : '–';

async function openDrawer(id) {
  drawer.id = id;
  const response = await api(`/api/v1/incidents/${encodeURIComponent(id)}`);
  if (!response.ok || drawer.id !== id) return;
  const v = await response.json();
  drawer.summary = { respondBy: v.report.deadlines.onSceneBy ?? v.report.deadlines.feedbackBy, firstOnSceneAt: v.firstOnSceneAt };
  const c = countdown(drawer.summary.respondBy, v.firstOnSceneAt);
  const decisions = v.timeline.filter(e => e.decision);
  document.getElementById('drawer-body').innerHTML = `
    <h2>${esc(name(v.report.subtype))} <small>${esc(v.id)}</small></h2>
    <dl>
      <dt>${t('stage')}</dt><dd data-field="stage">${esc(name(v.stage))}</dd>
      <dt>${t('severity')}</dt><dd>${esc(name(v.report.severity))}</dd>
      <dt>${t('deadline')}</dt><dd>${time(drawer.summary.respondBy)} <span id="drawer-countdown" class="countdown ${c.band}">${c.text}</span></dd>
      <dt>${t('people')}</dt><dd>${v.report.people.count}${v.report.people.elderlyLivingAlone ? ' · ' + t('elderlyAlone') : ''}</dd>
      <dt>${t('description')}</dt><dd>${esc(v.report.description)}</dd>
      ${v.report.contact ? `<dt>${t('contact')}</dt><dd data-field="contact">${esc(v.report.contact.name)} · ${esc(v.report.contact.phone)}${v.report.contact.address ? ' · ' + esc(v.report.contact.address) : ''}</dd>` : ''}
    </dl>
    <h3>${t('assignments')}</h3>
    <ul class="assignments">${v.assignments.map(a => `<li>${esc(a.responderId)} · ${esc(a.need)} · ${esc(a.status)} · ${t('eta')} ${Math.round(a.etaMinutes)} min${a.mutualAid ? ' · ' + t('mutualAid') : ''}</li>`).join('') || `<li>${t('none')}</li>`}</ul>
    <h3>${t('supplies')}</h3>
    <ul>${v.supplies.map(s => `<li>${esc(s.category)} × ${s.quantity} · ${esc(s.stockpileId)}</li>`).join('') || `<li>${t('none')}</li>`}</ul>
    <h3>${t('reasons')}</h3>
    <ul class="reasons">${decisions.flatMap(e => e.decision.picks.map(p => `<li>${esc(p.responderId)}: ${esc(p.why)} (${t('considered')} ${e.decision.candidatesConsidered}, ${t('competing')} ${e.decision.competingIncidents})</li>`)).join('') || `<li>${t('none')}</li>`}</ul>
    <h3>${t('timeline')}</h3>
    <ol class="timeline">${v.timeline.map(e => `<li><time>${time(e.at)}</time> <b>${esc(e.kind)}</b> ${esc(e.actor)} ${esc(e.note ?? '')}</li>`).join('')}</ol>`;
  document.getElementById('drawer').hidden = false;
}

document.getElementById('drawer-close').addEventListener('click', () => { drawer.id = null; drawer.summary = null; document.getElementById('drawer').hidden = true; });

// ---- KPI strip and alert feed ----
let kpiQueued = false;
function scheduleKpis() {
  if (kpiQueued) return;
  kpiQueued = true;
  setTimeout(() => { kpiQueued = false; renderKpis(); }, 250);
}

function renderKpis() {
  const totals = live.get(HOME);
  const set = (id, v) => { document.getElementById(id).textContent = v; };
  set('kpi-open', totals?.openIncidents ?? '–');
  set('kpi-in-time', today?.shareInTime == null ? '–' : `${(today.shareInTime * 100).toFixed(1)}%`);
  let risky = 0;
  const now = Date.now();
  for (const { summary } of incidents.values()) if (atRisk(summary, now)) risky++;
  set('kpi-at-risk', risky);
  set('kpi-on-duty', totals?.peopleOnDuty ?? '–');
  set('kpi-low-stock', totals?.lowStockStockpiles ?? '–');
}

// Newest first, the most recent hundred; cleared alerts stay, struck through, so the operator sees the all-clear.
function renderAlerts() {
  const list = document.getElementById('alerts');
  const shown = [...alerts.values()].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 100);
  list.innerHTML = shown.length === 0 ? `<li class="empty">${t('noAlerts')}</li>` : shown.map(a =>
    `<li class="alert ${esc(a.status)}" data-alert-id="${esc(a.alertId)}" data-subject="${esc(a.subject)}"><time>${time(a.at)}</time> <b>${esc(name(a.kind))}</b> ${esc(a.detail)}</li>`).join('');
}
document.getElementById('alerts').addEventListener('click', e => {
  const subject = e.target.closest('li')?.dataset.subject;
  if (subject?.startsWith('INC-')) openDrawer(subject);
});

// ---- controls ----
const select = document.getElementById('metric');
select.value = metric;
select.addEventListener('change', () => { metric = select.value; localStorage.setItem('metric', metric); scheduleRestyle(); });
document.getElementById('language').addEventListener('click', () => { toggleLanguage(); renderAlerts(); renderKpis(); for (const i of incidents.values()) i.marker.setIcon(icon(i.summary)); });

// ---- start: districts first (the base map), then the stream ----
renderAlerts();
layers.districts = regionLayer(await geojson('/api/v1/regions/districts'), 'district').addTo(map);
// Not animated: the page is ready only once the map stands where it starts.
const start = HOME === CITY ? layers.districts.getBounds() : L.geoJSON(await (await api(`/api/v1/regions/${HOME}`)).json()).getBounds();
map.fitBounds(start, { animate: false });
// Administrators manage users and the audit log: they have the base map but no live operational view.
if (user.roles.some(r => r !== 'admin')) {
  await city.start();
  if (isGroup(HOME)) await city.watch(HOME);
} else {
  const el = document.getElementById('status');
  el.dataset.state = 'none';
  el.textContent = t('noLiveView');
}
// One refocus at a time, in order: each reads the map as it is when it starts, so the last move decides the groups.
let refocusing = Promise.resolve();
map.on('moveend', () => { refocusing = refocusing.then(refocus).catch(console.error); });
await (refocusing = refocusing.then(refocus)); // where the map starts: a district's or street's own regions
scheduleRestyle();
document.body.dataset.ready = 'true';
window.threeSocial = { map, incidents, live, city, user };
