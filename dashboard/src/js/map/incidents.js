// @ts-check
// The open incidents on the map. Where they crowd (a rainstorm's thousands at city zoom) they cluster, each cluster
// showing how many it holds and the worst band among them; only what is in view is drawn. The clusters are rebuilt
// only when an incident appears, moves or goes, at most once per animation frame however many arrive; a change of
// band re-colours only its own marker or cluster. One timer rewrites the countdowns of the single markers in view,
// and bands move with time only at the instant the earliest of them is due (bands.js), so nothing walks every
// incident's DOM each second.
import { name } from '../i18n.js';
import { html } from '../html.js';
import { bandOf, nextBandChange, worstOf, noBands } from './bands.js';

/**
 * @typedef {import('../rules.js').Rules} Rules
 * @typedef {import('../rules.js').IncidentSummary} IncidentSummary
 * @typedef {import('./bands.js').Band} Band
 *
 * @typedef {object} Item an open incident as the markers know it
 * @property {IncidentSummary} summary
 * @property {Band} band
 *
 * @typedef {object} Shown a marker on the map: one incident, or a cluster with its members' bands counted
 * @property {L.Marker} marker
 * @property {string | null} id the incident's, for a single marker
 * @property {number} count
 * @property {Record<Band, number>} counts
 * @property {Band} band
 * @property {HTMLElement | null} element
 * @property {number} clusterId a cluster's id in the index it was drawn from
 * @property {[number, number]} at [latitude, longitude]
 */

const RADIUS_PX = 60; // incidents closer than this on screen share a cluster
const MAX_CLUSTER_ZOOM = 15; // from zoom 16 (a few streets) every incident is its own marker
const VIEW_PAD = 0.25; // draw a quarter of a screen beyond each edge, so a small pan shows markers already drawn

export class IncidentMarkers {
  /**
   * @param {L.Map} map
   * @param {Rules} rules
   * @param {(id: string) => void} open what a click on an incident does
   * @param {() => void} bandsMoved called when time alone moved incidents between bands (in or out of being at risk)
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
    /** @type {Map<string, string>} incident id -> the key of the drawn cluster that holds it */
    this.clusterOf = new Map();
    /** @type {Supercluster | null} */
    this.index = null;
    this.stale = true; // the index no longer has the incidents' set or places
    this.frame = 0;
    this.nextChange = Infinity; // when time alone next moves some incident's band
    map.on('moveend', () => this.render());
  }

  /**
   * Shows the incident as it now stands, or takes it off the map.
   * @param {IncidentSummary} s
   * @param {boolean} onMap
   */
  put(s, onMap) {
    const known = this.items.get(s.id);
    if (!onMap) {
      if (known) { this.items.delete(s.id); this.invalidate(); }
      return;
    }
    const now = Date.now();
    const band = bandOf(this.rules, s, now);
    this.nextChange = Math.min(this.nextChange, nextBandChange(this.rules, s, now));
    if (!known || known.summary.place.latitude !== s.place.latitude || known.summary.place.longitude !== s.place.longitude) {
      this.items.set(s.id, { summary: s, band });
      this.invalidate();
      return;
    }
    const was = known.band;
    known.summary = s;
    known.band = band;
    const single = this.shown.get('i:' + s.id);
    if (single) this.drawSingle(single, known, true);
    else if (band !== was) this.recount(s.id, was, band);
  }

  /** The set of incidents changed: one rebuild in the next frame, however many more changes come before it. */
  invalidate() {
    this.stale = true;
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Rebuilds and redraws now if anything is pending (the next frame would have). */
  flush() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (this.stale) this.render();
  }

  rebuild() {
    /** @type {any[]} */
    const points = [];
    for (const { summary: s } of this.items.values()) {
      points.push({ type: 'Feature', properties: { id: s.id }, geometry: { type: 'Point', coordinates: [s.place.longitude, s.place.latitude] } });
    }
    this.index = new Supercluster({ radius: RADIUS_PX, maxZoom: MAX_CLUSTER_ZOOM }).load(points);
    this.stale = false;
  }

  /** Draws what is in view at this zoom: markers already drawn and unchanged stay as they are. */
  render() {
    if (this.stale) this.rebuild();
    const index = /** @type {Supercluster} */ (this.index);
    const b = this.map.getBounds().pad(VIEW_PAD);
    const zoom = Math.floor(this.map.getZoom());
    const found = index.getClusters([Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()), Math.min(85, b.getNorth())], zoom);
    /** @type {Map<string, Shown>} */
    const next = new Map();
    this.clusterOf.clear();
    // A rebuild renumbers the clusters: their markers are kept and moved rather than made again.
    const spare = [...this.shown].filter(([key, shown]) => !shown.id && !found.some(f => f.properties.cluster && key === 'c:' + f.properties.cluster_id)).map(([key, shown]) => { this.shown.delete(key); return shown; });
    for (const f of found) {
      const [lon, lat] = f.geometry.coordinates;
      if (f.properties.cluster) {
        const key = 'c:' + f.properties.cluster_id;
        const counts = noBands();
        for (const leaf of index.getLeaves(f.properties.cluster_id, Infinity)) {
          const item = this.items.get(leaf.properties.id);
          if (!item) continue;
          counts[item.band]++;
          this.clusterOf.set(item.summary.id, key);
        }
        const band = worstOf(counts) ?? 'met';
        const count = f.properties.point_count;
        const shown = this.shown.get(key) ?? spare.pop() ?? this.clusterMarker();
        this.drawCluster(shown, f.properties.cluster_id, lat, lon, count, counts, band);
        next.set(key, shown);
      } else {
        const id = f.properties.id;
        const key = 'i:' + id;
        const item = /** @type {Item} */ (this.items.get(id));
        let shown = this.shown.get(key);
        if (!shown) {
          const marker = L.marker([lat, lon], { icon: L.divIcon({ className: '', iconSize: null, html: '' }), riseOnHover: true }).addTo(this.map);
          marker.on('click', () => this.open(id));
          shown = { marker, id, count: 1, counts: noBands(), band: item.band, element: null, clusterId: -1, at: [lat, lon] };
          this.drawSingle(shown, item, false);
        }
        next.set(key, shown);
      }
    }
    for (const [key, shown] of this.shown) if (!next.has(key)) shown.marker.remove();
    for (const shown of spare) shown.marker.remove();
    this.shown = next;
  }

  /** @returns {Shown} a cluster's marker, drawn by drawCluster */
  clusterMarker() {
    const marker = L.marker([0, 0], { icon: L.divIcon({ className: '', iconSize: null, html: '<div class="incident-cluster"></div>' }) }).addTo(this.map);
    /** @type {Shown} */
    const shown = { marker, id: null, count: 0, counts: noBands(), band: 'met', element: marker.getElement()?.firstElementChild ?? null, clusterId: -1, at: [0, 0] };
    // A click opens the cluster: the map zooms to where its incidents first stand apart.
    marker.on('click', () => {
      let zoom = this.map.getZoom() + 2;
      try { zoom = /** @type {Supercluster} */ (this.index).getClusterExpansionZoom(shown.clusterId); } catch { /* rebuilt since: zoom in by two */ }
      this.map.setView(shown.at, Math.min(zoom, MAX_CLUSTER_ZOOM + 1));
    });
    return shown;
  }

  /**
   * A cluster's marker at its place with its count and worst band; the DOM is touched only where they changed.
   * @param {Shown} shown
   * @param {number} clusterId
   * @param {number} lat
   * @param {number} lon
   * @param {number} count
   * @param {Record<Band, number>} counts
   * @param {Band} band
   */
  drawCluster(shown, clusterId, lat, lon, count, counts, band) {
    shown.clusterId = clusterId;
    shown.counts = counts;
    if (shown.at[0] !== lat || shown.at[1] !== lon) { shown.at = [lat, lon]; shown.marker.setLatLng(shown.at); }
    const el = shown.element;
    if (!el || (shown.count === count && shown.band === band)) return;
    shown.count = count;
    shown.band = band;
    el.className = `incident-cluster ${band} ${count < 10 ? 'small' : count < 100 ? 'medium' : 'large'}`;
    el.dataset.count = String(count);
    el.dataset.band = band;
    el.textContent = String(count);
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
      const countdown = shown.element.querySelector('.countdown');
      if (countdown) countdown.textContent = c.text;
      return;
    }
    shown.marker.setIcon(L.divIcon({
      className: '', iconSize: null, // sized by the stylesheet
      html: String(html`<div class="incident ${item.band} sev-${s.severity}" data-incident-id="${s.id}" data-subtype="${s.subtype}"><b>${name(s.subtype)}</b> <span class="countdown">${c.text}</span></div>`),
    }));
    shown.element = shown.marker.getElement()?.firstElementChild ?? null;
  }

  /**
   * An incident inside a drawn cluster changed band: the cluster is re-coloured only if its worst band moved.
   * @param {string} id
   * @param {Band} from
   * @param {Band} to
   */
  recount(id, from, to) {
    const key = this.clusterOf.get(id);
    const cluster = key ? this.shown.get(key) : undefined;
    if (!cluster) return; // out of view: drawn right when it comes into view
    cluster.counts[from]--;
    cluster.counts[to]++;
    const band = worstOf(cluster.counts) ?? 'met';
    if (band === cluster.band) return;
    cluster.band = band;
    if (cluster.element) {
      cluster.element.classList.remove(...['met', 'green', 'amber', 'red']);
      cluster.element.classList.add(band);
      cluster.element.dataset.band = band;
    }
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
    let moved = false;
    this.nextChange = Infinity;
    for (const item of this.items.values()) {
      const band = bandOf(this.rules, item.summary, now);
      this.nextChange = Math.min(this.nextChange, nextBandChange(this.rules, item.summary, now));
      if (band === item.band) continue;
      moved = true;
      const was = item.band;
      item.band = band;
      const single = this.shown.get('i:' + item.summary.id);
      if (single) this.drawSingle(single, item, true);
      else this.recount(item.summary.id, was, band);
    }
    if (moved) this.bandsMoved();
  }

  /** What is drawn, for the browser tests: the single markers' incident ids and each cluster's count and band. */
  drawn() {
    /** @type {{ singles: string[], clusters: { count: number, band: Band, members: string[] }[] }} */
    const out = { singles: [], clusters: [] };
    for (const [key, shown] of this.shown) {
      if (shown.id) out.singles.push(shown.id);
      else out.clusters.push({ count: shown.count, band: shown.band, members: [...this.clusterOf].filter(([, k]) => k === key).map(([id]) => id) });
    }
    return out;
  }
}
