// @ts-check
// The grid worker's phone page: duty, the assignment the service gave them and its steps, reporting an incident with
// the device's location or a tap on the map, and stock receipts and issues.
import { t, name, apply as applyI18n, toggle as toggleLanguage } from './i18n.js';
import { api, signedIn, showUser } from './session.js';
import { html, render } from './html.js';

applyI18n();
showUser(await signedIn());

/** @type {(id: string) => any} the page's own elements, which are there */
const $ = id => document.getElementById(id);
const me = $('me');
me.value = localStorage.getItem('me') ?? '';
me.addEventListener('change', () => { localStorage.setItem('me', me.value.trim()); refresh(); });

// A resend of the same form (a dropped connection, a second tap) carries the same key, so it is stored once.
const newKey = () => globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`;

/**
 * @param {string} method
 * @param {string} url
 * @param {unknown} [body]
 * @param {string} [key] the Idempotency-Key
 */
async function call(method, url, body, key) {
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': 'application/json' };
  if (key) headers['Idempotency-Key'] = key;
  const response = await api(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new Error(json?.detail ?? json?.title ?? `${response.status}`);
  return json;
}

/**
 * @param {HTMLElement} el
 * @param {string} text
 */
function show(el, text, error = false) { el.textContent = text; el.classList.toggle('error', error); }

// ---- duty and assignment ----
/** @type {{ incidentId: string, status: string } | null} */
let current = null;
async function refresh() {
  const id = me.value.trim();
  if (!id) return;
  try {
    const r = await call('GET', `/api/v1/responders/${encodeURIComponent(id)}`);
    $('duty').textContent = `${r.onDuty ? t('onDuty') : t('offDuty')} · ${name(r.duty)}`;
    $('duty').dataset.state = r.duty;
    current = null;
    if (r.assignment) {
      const incident = await call('GET', `/api/v1/incidents/${encodeURIComponent(r.assignment)}`);
      const mine = incident.assignments.find((/** @type {any} */ a) => a.responderId === id && a.status !== 'Released' && a.status !== 'Done');
      if (mine) current = { incidentId: incident.id, status: mine.status };
      $('assignment').textContent = `${name(incident.report.subtype)} · ${incident.report.description} · ${name(mine?.status ?? '')}`;
    } else {
      $('assignment').textContent = t('noAssignment');
    }
    $('assignment-buttons').hidden = !current;
    if (current) {
      $('accept').hidden = current.status !== 'Dispatched';
      $('refuse').hidden = current.status !== 'Dispatched';
      $('en-route').hidden = current.status !== 'Accepted';
      $('on-scene').hidden = !['Accepted', 'EnRoute'].includes(current.status);
    }
  } catch (e) {
    $('duty').textContent = /** @type {Error} */ (e).message;
  }
}

/** @param {boolean} onDuty */
async function setDuty(onDuty) {
  await call('POST', `/api/v1/responders/${encodeURIComponent(me.value.trim())}/duty`, { onDuty }, newKey());
  await refresh();
}
$('on-duty').addEventListener('click', () => setDuty(true).catch(e => $('duty').textContent = e.message));
$('off-duty').addEventListener('click', () => setDuty(false).catch(e => $('duty').textContent = e.message));

/**
 * @param {string} path
 * @param {unknown} [body]
 */
async function step(path, body) {
  const id = me.value.trim();
  if (!current) return;
  await call('POST', `/api/v1/incidents/${encodeURIComponent(current.incidentId)}/assignments/${encodeURIComponent(id)}/${path}`, body ?? {}, newKey());
  await refresh();
}
const stepping = (/** @type {string} */ path, /** @type {unknown} */ body = undefined) => step(path, body).catch(e => { $('assignment').textContent = e.message; });
$('accept').addEventListener('click', () => stepping('acceptance'));
$('en-route').addEventListener('click', () => stepping('en-route'));
$('on-scene').addEventListener('click', () => stepping('on-scene'));
$('refuse').addEventListener('click', () => { const reason = prompt(t('refuse')); if (reason) stepping('refusal', { reason }); });
$('refresh').addEventListener('click', refresh);
setInterval(refresh, 15000);

// ---- report an incident ----
const SEVERITIES = ['General', 'Serious', 'Major', 'Critical'];
/** @type {{ subtype: string }[]} */
const playbooks = await call('GET', '/api/v1/incident-playbooks');
const subtypeSelect = $('subtype');
/** The choices in the current language, keeping what was chosen. */
function fillSubtypes() {
  const chosen = { subtype: subtypeSelect.value, severity: $('severity').value || 'Major' };
  render(subtypeSelect, html`${playbooks.map(p => html`<option value="${p.subtype}">${name(p.subtype)}</option>`)}`);
  render($('severity'), html`${SEVERITIES.map(s => html`<option value="${s}">${name(s)}</option>`)}`);
  if (chosen.subtype) subtypeSelect.value = chosen.subtype;
  $('severity').value = chosen.severity;
}

const pick = L.map('pick-map', { attributionControl: false }).setView([29.56, 106.55], 10);
L.geoJSON(await call('GET', '/api/v1/regions/districts'), { style: { color: '#334155', weight: 1, fillOpacity: 0.05 }, interactive: false }).addTo(pick);
/** @type {{ latitude: number, longitude: number } | null} */
let point = null;
/** @type {L.Marker | null} */
let pin = null;
/** @type {string | null} the key of the report being sent: the same for a resend, a new one once the form changes */
let reportKey = null;
/**
 * @param {number} lat
 * @param {number} lng
 */
function choose(lat, lng) {
  point = { latitude: lat, longitude: lng };
  pin = pin ? pin.setLatLng([lat, lng]) : L.marker([lat, lng]).addTo(pick);
  $('where').textContent = `${t('locationSet')}: ${lng.toFixed(5)}, ${lat.toFixed(5)}`;
  reportKey = null; // a new place is a new report
}
pick.on('click', (/** @type {{ latlng: L.LatLng }} */ e) => choose(e.latlng.lat, e.latlng.lng));
$('locate').addEventListener('click', () => navigator.geolocation.getCurrentPosition(
  p => { choose(p.coords.latitude, p.coords.longitude); pick.setView([p.coords.latitude, p.coords.longitude], 15); },
  e => show($('report-result'), e.message, true)));

$('report').addEventListener('input', () => { reportKey = null; });
$('report').addEventListener('submit', async (/** @type {SubmitEvent} */ e) => {
  e.preventDefault();
  const result = $('report-result');
  if (!point) { show(result, t('tapMap'), true); return; }
  reportKey ??= newKey();
  try {
    const incident = await call('POST', '/api/v1/incidents', {
      subtype: subtypeSelect.value, severity: $('severity').value, longitude: point.longitude, latitude: point.latitude,
      description: $('description').value,
      people: { count: Number($('people').value), elderlyLivingAlone: $('elderly').checked },
      contact: $('contact-name').value.trim() && $('contact-phone').value.trim()
        ? { name: $('contact-name').value.trim(), phone: $('contact-phone').value.trim(), address: $('contact-address').value.trim() || null }
        : null,
    }, reportKey);
    show(result, `${t('reported')} ${incident.id}`);
    result.dataset.incidentId = incident.id;
  } catch (error) {
    show(result, /** @type {Error} */ (error).message, true);
  }
});

// ---- stock movements ----
/** @type {string | null} */
let stockKey = null;
$('stock').addEventListener('input', () => { stockKey = null; });
$('stock').addEventListener('submit', async (/** @type {SubmitEvent} */ e) => {
  e.preventDefault();
  const kind = /** @type {HTMLButtonElement | null} */ (e.submitter)?.value ?? 'receipts';
  stockKey ??= newKey();
  try {
    await call('POST', `/api/v1/stockpiles/${encodeURIComponent($('stockpile').value.trim())}/${kind}`,
      { category: $('category').value.trim(), quantity: Number($('quantity').value) }, stockKey);
    show($('stock-result'), t('saved'));
    stockKey = null;
  } catch (error) {
    show($('stock-result'), /** @type {Error} */ (error).message, true);
  }
});

$('language').addEventListener('click', () => { toggleLanguage(); fillSubtypes(); refresh(); });
applyI18n();
fillSubtypes();
refresh();
document.body.dataset.ready = 'true';
