// @ts-check
// The command centre's city map. Each part is a module of its own under map/ (state, layers, focus, incidents,
// drawer, KPIs, alerts); this one signs in, wires them to the live stream, and starts them in order: the districts
// first (the base map), then the stream, then the region in view.
import { LiveCity } from './live.js';
import { t, apply as applyI18n, toggle as toggleLanguage } from './i18n.js';
import { api, signedIn, showUser } from './session.js';
import { loadRules } from './rules.js';
import { MapState } from './map/state.js';
import { RegionLayers } from './map/layers.js';
import { Focus, CITY } from './map/focus.js';
import { IncidentMarkers } from './map/incidents.js';
import { Drawer } from './map/drawer.js';
import { Kpis } from './map/kpis.js';
import { AlertFeed } from './map/alerts.js';

applyI18n();
const user = await signedIn();
showUser(user);
const rules = await loadRules();
// The region the map always follows: the city for city-wide users, else the user's own district or street.
const home = user.jurisdiction.includes(CITY) ? CITY : user.jurisdiction[0];
// Administrators manage users and the audit log: they have the base map but no live operational view.
const hasLiveView = user.roles.some(r => r !== 'admin');

const map = L.map('map', { preferCanvas: true, zoomControl: true, attributionControl: false, zoomSnap: 0.25 }).setView([29.9, 107.6], 7);
if (rules.tileUrl) L.tileLayer(rules.tileUrl, { maxZoom: 18 }).addTo(map); // deployments with a tile server

const state = new MapState(rules, home);
const layers = new RegionLayers(map, state);
const drawer = new Drawer(rules);
const kpis = new Kpis(state);
const alerts = new AlertFeed(state.alerts, id => { drawer.open(id).catch(console.error); });
const status = /** @type {HTMLElement} */ (document.getElementById('status'));

// The at-risk tally follows each incident as it is put; what reads it is redrawn once per delta or snapshot.
let incidentsChanged = false;
function afterIncidents() {
  if (!incidentsChanged) return;
  incidentsChanged = false;
  kpis.schedule();
  if (state.metric === 'risk') layers.scheduleRestyle();
}
// Time alone moves incidents into their at-risk window (amber) or past their deadline: those are tallied again.
const markers = new IncidentMarkers(map, rules, id => { drawer.open(id).catch(console.error); }, moved => {
  for (const s of moved) state.putIncident(s);
  incidentsChanged = true;
  afterIncidents();
});

const city = new LiveCity({
  region: r => { state.live.set(r.code, r.totals); layers.scheduleRestyle(); if (r.code === home) kpis.schedule(); },
  incident: s => { markers.put(s, state.putIncident(s)); drawer.refresh(s.id); incidentsChanged = true; },
  snapshot: afterIncidents,
  delta: d => { status.dataset.sequence = String(d.sequence); afterIncidents(); },
  alert: a => { state.alerts.set(a.alertId, a); alerts.schedule(); },
  today: d => { state.today = d; kpis.schedule(); },
  status: s => { status.dataset.state = s; status.textContent = t(s); },
});

setInterval(() => {
  const now = Date.now();
  markers.tick(now);
  drawer.tick(now);
}, 1000);

const metric = /** @type {HTMLSelectElement} */ (document.getElementById('metric'));
metric.value = state.metric;
metric.addEventListener('change', () => { state.choose(metric.value); layers.scheduleRestyle(); });
document.getElementById('language')?.addEventListener('click', () => { toggleLanguage(); alerts.render(); kpis.render(); markers.relabel(); drawer.redraw(); });

alerts.render();
const districts = await layers.showDistricts();
// The home region's own feature says its level and name; the city's outline is the districts'.
const homeFeature = home === CITY ? null : await (await api(`/api/v1/regions/${home}`)).json();
const homeRegion = homeFeature
  ? { code: home, level: homeFeature.properties.level, name: homeFeature.properties.name }
  : { code: CITY, level: 'city', name: '' };
// Not animated: the page is ready only once the map stands where it starts.
map.fitBounds(homeFeature ? L.geoJSON(homeFeature).getBounds() : districts.getBounds(), { animate: false });
if (hasLiveView) {
  await city.start();
  if (rules.isLiveGroup(homeRegion.level)) await city.watch(home);
} else {
  status.dataset.state = 'none';
  status.textContent = t('noLiveView');
}
const focus = new Focus(map, layers, rules, homeRegion, hasLiveView ? city : null);
map.on('moveend', () => focus.refocus());
await focus.refocus(); // where the map starts: a district's or street's own regions
layers.scheduleRestyle();
document.body.dataset.ready = 'true';
window.threeSocial = { map, incidents: state.incidents, live: state.live, city, user, markers, alerts };
