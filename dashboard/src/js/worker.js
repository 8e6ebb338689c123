// @ts-check
// The grid worker's phone page: duty, the assignment the service gives them (pushed over the hub as it happens) and
// its steps, reporting an incident with the device's location or a tap on the map, and stock receipts and issues.
// The responder is the signed-in account's. Reports, duty changes and steps go through the outbox (worker/outbox.js):
// kept on the phone first, sent in order, and kept until the network answers.
import { t, name, apply as applyI18n, toggle as toggleLanguage } from './i18n.js';
import { api, signedIn, showUser } from './session.js';
import { html, render } from './html.js';
import { Outbox, outcomeOf } from './worker/outbox.js';
import { openStore } from './worker/store.js';
import { projected, buttonsFor } from './worker/steps.js';
import { connect } from './worker/phone.js';
import { showBalance } from './worker/balance.js';

applyI18n();
const user = await signedIn();
showUser(user);

/** @type {(id: string) => any} the page's own elements, which are there */
const $ = id => document.getElementById(id);

// A resend of the same change (no network, a second tap) carries the same key, so the service stores it once.
const newKey = () => globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`;

/**
 * A read, or a write that is not queued (stock movements).
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

/** @type {{ responderId: string | null }} */
const me = await call('GET', '/api/v1/auth/me');
const responderId = me.responderId;
$('me').textContent = responderId ?? t('notLinked');
$('responder').hidden = !responderId;
$('assignment-section').hidden = !responderId;
const reloadBalance = responderId ? showBalance(responderId) : async () => {};

// ---- the outbox: what was tapped, until the service has it ----
/** @type {string} the responder's duty as the service last said */
let duty = '';
/** @type {{ incidentId: string, status: string, subtype: string | null, description: string } | null} the assignment as the service last said */
let current = null;
/** @type {Map<string, any>} the service's answer to each entry sent, until it is shown */
const answers = new Map();
const outbox = new Outbox(await openStore(user.name), () => { renderOutbox(); renderDuty(); renderAssignment(); });

function renderOutbox() {
  const pending = outbox.pending;
  $('outbox').hidden = pending.length === 0;
  $('outbox-count').textContent = String(pending.length);
  render($('outbox-list'), html`${pending.map(e => html`<li data-key="${e.key}" data-kind="${e.kind}" data-step="${e.step ?? ''}">${e.label}</li>`)}`);
}

/** @param {import('./worker/outbox.js').Entry} entry */
async function send(entry) {
  /** @type {Response} */
  let response;
  try {
    response = await api(entry.url, {
      method: entry.method, body: JSON.stringify(entry.body ?? {}),
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': entry.key },
    });
  } catch {
    return 'retry'; // no network
  }
  const json = response.headers.get('content-type')?.includes('json') ? await response.json().catch(() => null) : null;
  const outcome = outcomeOf(response.status);
  if (outcome !== 'retry') answers.set(entry.key, { ok: response.ok, json });
  return outcome;
}

/**
 * @param {import('./worker/outbox.js').Entry} entry
 * @param {import('./worker/outbox.js').Outcome} outcome
 */
function sent(entry, outcome) {
  const answer = answers.get(entry.key);
  answers.delete(entry.key);
  const error = outcome === 'refused' ? `${entry.label}: ${answer?.json?.detail ?? answer?.json?.title ?? t('refused')}` : null;
  if (entry.kind === 'report') {
    if (error) { show($('report-result'), error, true); return; }
    show($('report-result'), `${t('reported')} ${answer.json.id}`);
    $('report-result').dataset.incidentId = answer.json.id;
  } else if (entry.kind === 'duty') {
    if (error) { show($('duty'), error, true); return; }
    duty = answer.json.duty;
    renderDuty();
  } else {
    if (error) { show($('assignment'), error, true); return; }
    showIncident(answer.json);
  }
}

let retryTimer = 0;
/** Sends what waits; what gets no answer is tried again when the network is back, or in a while. */
async function flush() {
  await outbox.flush(send, sent);
  clearTimeout(retryTimer);
  if (outbox.pending.length > 0) retryTimer = setTimeout(flush, 15000);
}
globalThis.addEventListener('online', flush);

/**
 * Queues a change and sends it (at once when there is network).
 * @param {Omit<import('./worker/outbox.js').Entry, 'seq' | 'queuedAt'>} change
 */
async function queue(change) {
  await outbox.add(change);
  await flush();
}

// ---- duty and assignment ----
function renderDuty() {
  const waiting = outbox.pending.filter(e => e.kind === 'duty').at(-1);
  const text = duty ? name(duty) : '–';
  $('duty').textContent = waiting ? `${text} → ${t(/** @type {any} */ (waiting.body).onDuty ? 'onDuty' : 'offDuty')} (${t('queued')})` : text;
  $('duty').dataset.state = duty;
}

function renderAssignment() {
  if (!current) {
    $('assignment').textContent = t('noAssignment');
    $('assignment').dataset.status = '';
    $('assignment-buttons').hidden = true;
    return;
  }
  const status = projected(current.status, outbox.pending, current.incidentId);
  $('assignment').textContent = `${said(current)} · ${name(status)}${status !== current.status ? ` (${t('queued')})` : ''}`;
  $('assignment').dataset.incidentId = current.incidentId;
  $('assignment').dataset.status = status;
  const buttons = buttonsFor(status);
  $('assignment-buttons').hidden = !Object.values(buttons).some(Boolean);
  $('accept').hidden = !buttons.accept;
  $('refuse').hidden = !buttons.refuse;
  $('en-route').hidden = !buttons.enRoute;
  $('on-scene').hidden = !buttons.onScene;
}

/**
 * The assignment in words: its type in the current language and the description as typed; the incident's id until read.
 * @param {NonNullable<typeof current>} a
 */
function said(a) { return a.subtype ? `${name(a.subtype)} · ${a.description}` : a.incidentId; }

/** @param {any} incident the service's view of it */
function showIncident(incident) {
  const mine = incident.assignments.find((/** @type {any} */ a) => a.responderId === responderId && a.status !== 'Released' && a.status !== 'Done');
  current = mine ? { incidentId: incident.id, status: mine.status, subtype: incident.report.subtype, description: incident.report.description } : null;
  renderAssignment();
}

/** What the hub says of the responder: on (re)connecting, then at each change. The incident is read once per change. */
async function heard(/** @type {import('./worker/phone.js').ResponderNow} */ now) {
  duty = now.duty;
  renderDuty();
  if (!now.assignment) { current = null; renderAssignment(); return; }
  if (current?.incidentId !== now.assignment) current = { incidentId: now.assignment, status: 'Dispatched', subtype: null, description: '' };
  renderAssignment();
  try {
    showIncident(await call('GET', `/api/v1/incidents/${encodeURIComponent(now.assignment)}`));
  } catch (e) {
    show($('assignment'), `${now.assignment}: ${/** @type {Error} */ (e).message}`, true);
  }
}

/** @param {boolean} onDuty */
function setDuty(onDuty) {
  if (!responderId) return;
  queue({
    key: newKey(), kind: 'duty', method: 'POST', url: `/api/v1/responders/${encodeURIComponent(responderId)}/duty`, body: { onDuty },
    label: t(onDuty ? 'onDuty' : 'offDuty'),
  });
}
$('on-duty').addEventListener('click', () => setDuty(true));
$('off-duty').addEventListener('click', () => setDuty(false));

/**
 * @param {'acceptance' | 'refusal' | 'en-route' | 'on-scene'} step
 * @param {unknown} [body]
 */
function tapStep(step, body = {}) {
  if (!current || !responderId) return;
  const labels = { acceptance: 'accept', refusal: 'refuse', 'en-route': 'enRoute', 'on-scene': 'onScene' };
  queue({
    key: newKey(), kind: 'step', method: 'POST', body, step, incidentId: current.incidentId,
    url: `/api/v1/incidents/${encodeURIComponent(current.incidentId)}/assignments/${encodeURIComponent(responderId)}/${step}`,
    label: `${t(labels[step])} · ${said(current)}`,
  });
}
$('accept').addEventListener('click', () => tapStep('acceptance'));
$('en-route').addEventListener('click', () => tapStep('en-route'));
$('on-scene').addEventListener('click', () => tapStep('on-scene'));
$('refuse').addEventListener('click', () => { const reason = prompt(t('refuse')); if (reason) tapStep('refusal', { reason }); });

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
$('report').addEventListener('submit', (/** @type {SubmitEvent} */ e) => {
  e.preventDefault();
  const result = $('report-result');
  if (!point) { show(result, t('tapMap'), true); return; }
  reportKey ??= newKey();
  show(result, navigator.onLine ? '' : t('queuedNote'));
  queue({
    key: reportKey, kind: 'report', method: 'POST', url: '/api/v1/incidents',
    label: `${t('report')} · ${name(subtypeSelect.value)} · ${$('description').value.slice(0, 40)}`,
    body: {
      subtype: subtypeSelect.value, severity: $('severity').value, longitude: point.longitude, latitude: point.latitude,
      description: $('description').value,
      people: { count: Number($('people').value), elderlyLivingAlone: $('elderly').checked },
      contact: $('contact-name').value.trim() && $('contact-phone').value.trim()
        ? { name: $('contact-name').value.trim(), phone: $('contact-phone').value.trim(), address: $('contact-address').value.trim() || null }
        : null,
    },
  });
});

// ---- stock movements (not queued: a count is made with the stockpile in front of you, online) ----
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

/** @param {'live' | 'reconnecting' | 'offline'} status */
function network(status) {
  $('network').dataset.status = status;
  $('network').textContent = t(status === 'live' ? 'live' : status);
}

/** The language changed: the page's words at once, then what the service wrote (the assignment, the ledger) read again in it. */
async function relanguage() {
  toggleLanguage(); fillSubtypes(); renderDuty(); renderAssignment(); renderOutbox(); network(/** @type {any} */ ($('network').dataset.status || 'offline'));
  if (current) {
    const id = current.incidentId;
    try {
      const incident = await call('GET', `/api/v1/incidents/${encodeURIComponent(id)}`);
      if (current?.incidentId === id) showIncident(incident);
    } catch { /* no network: the page's words are switched, the service's stay until the next read */ }
  }
  await reloadBalance();
}
$('language').addEventListener('click', () => { relanguage().catch(console.error); });
applyI18n();
fillSubtypes();
await outbox.load();
if (responderId) connect({ responder: heard, status: network, reconnected: flush });
flush();
document.body.dataset.ready = 'true';
