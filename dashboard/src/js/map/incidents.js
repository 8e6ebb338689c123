// @ts-check
// The open incidents on the map. Where they crowd (a rainstorm's thousands at city zoom) they cluster, each cluster
// showing how many it holds and the worst band among them; only what is in view is drawn. The clustering runs in a
// worker (cluster-worker.js): this side sends it the incidents that appeared, moved, went or changed band since its
// last request, one request in flight however many changes arrive (they gather meanwhile), and draws its answer. Each request carries the map's change count and view count; an answer for an earlier view is
// dropped (a newer one is on its way), one for an earlier change count is still drawn (it is consistent in itself, and
// the changes since follow in the next request at once). A change of band re-colours its own single marker here
// at once; a cluster's colour comes back from the worker. One timer rewrites the countdowns of the single markers in
// view, and bands move with time only at the instant the earliest of them is due (bands.js), so nothing walks every
// incident's DOM each second.
import { name } from '../i18n.js';
import { html } from '../html.js';
import { bandOf, nextBandChange } from './bands.js';
import { MAX_CLUSTER_ZOOM } from './cluster-index.js';

/**
 * @typedef {import('../rules.js').Rules} Rules
 * @typedef {import('../rules.js').IncidentSummary} IncidentSummary
 * @typedef {import('./bands.js').Band} Band
 * @typedef {import('./cluster-index.js').Change} Change
 * @typedef {import('./cluster-index.js').Cluster} Cluster
 * @typedef {import('./cluster-index.js').ClusterRequest} ClusterRequest
 * @typedef {import('./cluster-index.js').ClusterAnswer} ClusterAnswer
 *
 * @typedef {object} Item an open incident as the markers know it
 * @property {IncidentSummary} summary
 * @property {Band} band
 *
 * @typedef {object} Shown a marker on the map: one incident, or a cluster
 * @property {L.Marker} marker
 * @property {string | null} id the incident's, for a single marker
 * @property {number} count
 * @property {Band} band
 * @property {HTMLElement | null} element
 * @property {number} clusterId a cluster's id in the worker's index as last answered
 * @property {number} expansionZoom where a click on a cluster zooms to
 * @property {string[] | null} members a cluster's incident ids, when the last answer carried them
 * @property {[number, number]} at [latitude, longitude]
 *
 * @typedef {{ singles: string[], clusters: { count: number, band: Band, members: string[], at: [number, number], element: HTMLElement | null }[] }} Drawn
 */

const VIEW_PAD = 0.25; // draw a quarter of a screen beyond each edge, so a small pan shows markers already drawn

export class IncidentMarkers {
  /**
   * @param {L.Map} map
   * @param {Rules} rules
   * @param {(id: string) => void} open what a click on an incident does
   * @param {(moved: IncidentSummary[]) => void} bandsMoved called with the incidents time alone moved between bands
   */
  constructor(map, rules, open, bandsMoved = () => {}) {
    this.map = map;
    this.rules = rules;
    this.open = open;
    this.bandsMoved = bandsMoved;
    /** @type {Map<string, Item>} */
    this.items = new Map();
    /** @type {Map<string, Shown>} what is drawn, by 'i:' + incident id or 'c:' + cluster id */
    this.shown = new Map();
    /** @type {Map<string, Change>} by incident id: what the worker has not been told yet (the last change wins) */
    this.pending = new Map();
    this.version = 0; // changes made to the incidents the worker knows
    this.drawnVersion = 0; // the changes the drawn answer includes
    this.view = 0; // moves of the map
    this.sentView = -1;
    this.inFlight = false;
    this.queued = false;
    this.dropped = 0; // answers for an earlier view, not drawn
    this.nextChange = Infinity; // when time alone next moves some incident's band
    /** @type {{ version: number, resolve: () => void }[]} */
    this.waiting = [];
    /** @type {((drawn: Drawn) => void)[]} who asked for the members, not yet sent */
    this.membersWanted = [];
    /** @type {((drawn: Drawn) => void)[]} who asked for the members, in the request in flight */
    this.membersAsked = [];
    this.worker = new Worker(new URL('./cluster-worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = (/** @type {MessageEvent<ClusterAnswer>} */ e) => this.receive(e.data);
    this.worker.onerror = (/** @type {ErrorEvent} */ e) => console.error('cluster worker:', e.message);
    map.on('moveend', () => { this.view++; this.schedule(); });
    this.schedule();
  }

  /**
   * Shows the incident as it now stands, or takes it off the map.
   * @param {IncidentSummary} s
   * @param {boolean} onMap
   */
  put(s, onMap) {
    const known = this.items.get(s.id);
    if (!onMap) {
      if (known) { this.items.delete(s.id); this.tell({ id: s.id, gone: true }); }
      return;
    }
    const now = Date.now();
    const band = bandOf(this.rules, s, now);
    this.nextChange = Math.min(this.nextChange, nextBandChange(this.rules, s, now));
    if (!known || known.summary.place.latitude !== s.place.latitude || known.summary.place.longitude !== s.place.longitude) {
      this.items.set(s.id, { summary: s, band });
      this.tell({ id: s.id, lon: s.place.longitude, lat: s.place.latitude, band });
      return;
    }
    const was = known.band;
    known.summary = s;
    known.band = band;
    const single = this.shown.get('i:' + s.id);
    if (single) this.drawSingle(single, known, true);
    if (band !== was) this.tell({ id: s.id, lon: s.place.longitude, lat: s.place.latitude, band });
  }

  /** @param {Change} change for the worker's next request */
  tell(change) {
    this.pending.set(change.id, change);
    this.version++;
    this.schedule();
  }

  /**
   * Something changed: one request once the task at hand is done (a delta's or a snapshot's incidents go together),
   * not in the next frame: the worker's round trip is the wait, and while one is in flight the changes gather anyway.
   */
  schedule() {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => { this.queued = false; this.send(); });
  }

  /** Sends the pending changes and the view now (the answer is still asynchronous). */
  flush() {
    this.send();
  }

  /** Asks the worker, unless nothing changed or a request is already in flight (its answer sends what waits). */
  send() {
    if (this.inFlight || (this.pending.size === 0 && this.sentView === this.view && this.membersWanted.length === 0)) return;
    const b = this.map.getBounds().pad(VIEW_PAD);
    /** @type {ClusterRequest} */
    const request = {
      version: this.version,
      view: this.view,
      changes: [...this.pending.values()],
      bbox: [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()), Math.min(85, b.getNorth())],
      zoom: Math.floor(this.map.getZoom()),
      members: this.membersWanted.length > 0,
    };
    this.pending.clear();
    this.sentView = this.view;
    this.membersAsked = this.membersWanted;
    this.membersWanted = [];
    this.inFlight = true;
    this.worker.postMessage(request);
  }

  /** @param {ClusterAnswer} answer */
  receive(answer) {
    this.inFlight = false;
    if (answer.view !== this.view || answer.version < this.drawnVersion) {
      this.dropped++;
      this.membersWanted.push(...this.membersAsked); // asked again for the view as it now is
    } else {
      this.draw(answer);
      const done = this.waiting.filter(w => w.version <= answer.version);
      this.waiting = this.waiting.filter(w => w.version > answer.version);
      for (const w of done) w.resolve();
      if (this.membersAsked.length) {
        const drawn = this.described();
        for (const resolve of this.membersAsked) resolve(drawn);
      }
    }
    this.membersAsked = [];
    this.send(); // what changed meanwhile, at once: it waited for this answer already
  }

  /**
   * Draws what the worker answered: markers already drawn and unchanged stay as they are.
   * @param {ClusterAnswer} answer
   */
  draw(answer) {
    this.drawnVersion = answer.version;
    /** @type {Map<string, Shown>} */
    const next = new Map();
    // A rebuild renumbers the clusters: their markers are kept and moved rather than made again.
    const keys = new Set(answer.clusters.map(c => 'c:' + c.id));
    /** @type {Shown[]} */
    const spare = [];
    for (const [key, shown] of this.shown) if (!shown.id && !keys.has(key)) { spare.push(shown); this.shown.delete(key); }
    for (const c of answer.clusters) {
      const key = 'c:' + c.id;
      const shown = this.shown.get(key) ?? spare.pop() ?? this.clusterMarker();
      this.drawCluster(shown, c);
      next.set(key, shown);
    }
    for (const { id, lon, lat } of answer.singles) {
      const item = this.items.get(id);
      if (!item) continue; // gone since the worker was asked: it is told in the next request
      const key = 'i:' + id;
      let shown = this.shown.get(key);
      if (!shown) {
        const marker = L.marker([lat, lon], { icon: L.divIcon({ className: '', iconSize: null, html: '' }), riseOnHover: true }).addTo(this.map);
        marker.on('click', () => this.open(id));
        shown = { marker, id, count: 1, band: item.band, element: null, clusterId: -1, expansionZoom: 0, members: null, at: [lat, lon] };
        this.drawSingle(shown, item, false);
      } else if (shown.at[0] !== lat || shown.at[1] !== lon) {
        shown.at = [lat, lon];
        shown.marker.setLatLng(shown.at);
      }
      next.set(key, shown);
    }
    for (const [key, shown] of this.shown) if (!next.has(key)) shown.marker.remove();
    for (const shown of spare) shown.marker.remove();
    this.shown = next;
  }

  /** @returns {Shown} a cluster's marker, drawn by drawCluster */
  clusterMarker() {
    const marker = L.marker([0, 0], { icon: L.divIcon({ className: '', iconSize: null, html: '<div class="incident-cluster"></div>' }) }).addTo(this.map);
    /** @type {Shown} */
    const shown = { marker, id: null, count: 0, band: 'met', element: marker.getElement()?.firstElementChild ?? null, clusterId: -1, expansionZoom: 0, members: null, at: [0, 0] };
    // A click opens the cluster: the map zooms to where its incidents first stand apart (the worker said where).
    marker.on('click', () => this.map.setView(shown.at, Math.min(shown.expansionZoom, MAX_CLUSTER_ZOOM + 1)));
    return shown;
  }

  /**
   * A cluster's marker at its place with its count and worst band; the DOM is touched only where they changed.
   * @param {Shown} shown
   * @param {Cluster} c
   */
  drawCluster(shown, c) {
    shown.clusterId = c.id;
    shown.expansionZoom = c.expansionZoom;
    shown.members = c.members ?? null;
    if (shown.at[0] !== c.lat || shown.at[1] !== c.lon) { shown.at = [c.lat, c.lon]; shown.marker.setLatLng(shown.at); }
    const el = shown.element;
    if (!el || (shown.count === c.count && shown.band === c.band)) return;
    shown.count = c.count;
    shown.band = c.band;
    el.className = `incident-cluster ${c.band} ${c.count < 10 ? 'small' : c.count < 100 ? 'medium' : 'large'}`;
    el.dataset.count = String(c.count);
    el.dataset.band = c.band;
    el.textContent = String(c.count);
  }

  /**
   * A single incident's marker as the incident now stands: its subtype, band and countdown.
   * @param {Shown} shown
   * @param {Item} item
   * @param {boolean} inPlace rewrite the drawn element's class and countdown only, unless its subtype changed
   */
  drawSingle(shown, item, inPlace) {
    const s = item.summary;
    const c = this.rules.countdown(s.respondBy, s.firstOnSceneAt);
    shown.band = item.band;
    if (inPlace && shown.element && shown.element.dataset.subtype === s.subtype) {
      shown.element.className = `incident ${item.band} sev-${s.severity}`;
      shown.element.dataset.band = item.band;
      const countdown = shown.element.querySelector('.countdown');
      if (countdown) countdown.textContent = c.text;
      return;
    }
    shown.marker.setIcon(L.divIcon({
      className: '', iconSize: null, // sized by the stylesheet
      html: String(html`<div class="incident ${item.band} sev-${s.severity}" data-incident-id="${s.id}" data-subtype="${s.subtype}" data-band="${item.band}"><b>${name(s.subtype)}</b> <span class="countdown">${c.text}</span></div>`),
    }));
    shown.element = shown.marker.getElement()?.firstElementChild ?? null;
  }

  /** After a change of language: the single markers in view name their subtypes again. */
  relabel() {
    for (const shown of this.shown.values()) {
      const item = shown.id ? this.items.get(shown.id) : undefined;
      if (item) this.drawSingle(shown, item, false);
    }
  }

  /** Once a second: the countdowns in view; and, when one is due, the bands that time moved. */
  tick(now = Date.now()) {
    for (const shown of this.shown.values()) {
      if (!shown.id || !shown.element) continue;
      const s = /** @type {Item} */ (this.items.get(shown.id)).summary;
      const countdown = shown.element.querySelector('.countdown');
      if (countdown) countdown.textContent = this.rules.countdown(s.respondBy, s.firstOnSceneAt, now).text;
    }
    if (now < this.nextChange) return;
    /** @type {IncidentSummary[]} */
    const moved = [];
    this.nextChange = Infinity;
    for (const item of this.items.values()) {
      const s = item.summary;
      const band = bandOf(this.rules, s, now);
      this.nextChange = Math.min(this.nextChange, nextBandChange(this.rules, s, now));
      if (band === item.band) continue;
      moved.push(s);
      item.band = band;
      const single = this.shown.get('i:' + s.id);
      if (single) this.drawSingle(single, item, true);
      this.tell({ id: s.id, lon: s.place.longitude, lat: s.place.latitude, band });
    }
    if (moved.length) this.bandsMoved(moved);
  }

  /**
   * Resolves once an answer that includes the changes made so far is drawn.
   * @returns {Promise<void>}
   */
  drawnNow() {
    const version = this.version;
    if (version <= this.drawnVersion && this.pending.size === 0) return Promise.resolve();
    return new Promise(resolve => this.waiting.push({ version, resolve }));
  }

  /**
   * What is drawn once an answer including every change so far is, for the browser tests: the single markers'
   * incident ids and each cluster's count, band and members (asked of the worker with that answer).
   * @returns {Promise<Drawn>}
   */
  drawn() {
    return new Promise(resolve => { this.membersWanted.push(resolve); this.flush(); });
  }

  /** @returns {Drawn} what is drawn, just after an answer with its clusters' members */
  described() {
    /** @type {Drawn} */
    const out = { singles: [], clusters: [] };
    for (const shown of this.shown.values()) {
      if (shown.id) out.singles.push(shown.id);
      else out.clusters.push({ count: shown.count, band: shown.band, members: shown.members ?? [], at: shown.at, element: shown.element });
    }
    return out;
  }
}
