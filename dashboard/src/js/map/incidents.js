// @ts-check
// The open incidents as markers counting down to their deadlines. Countdowns tick without rebuilding markers: only
// the text and the colour band change.
import { name } from '../i18n.js';
import { html } from '../html.js';

/**
 * @typedef {import('../rules.js').Rules} Rules
 * @typedef {import('../rules.js').IncidentSummary} IncidentSummary
 */

export class IncidentMarkers {
  /**
   * @param {L.Map} map
   * @param {Rules} rules
   * @param {(id: string) => void} open what a click on a marker does
   */
  constructor(map, rules, open) {
    this.map = map;
    this.rules = rules;
    this.open = open;
    /** @type {Map<string, { summary: IncidentSummary, marker: L.Marker }>} */
    this.shown = new Map();
  }

  /**
   * Shows the incident as it now stands, or takes it off the map.
   * @param {IncidentSummary} s
   * @param {boolean} onMap
   */
  put(s, onMap) {
    const known = this.shown.get(s.id);
    if (!onMap) {
      known?.marker.remove();
      this.shown.delete(s.id);
    } else if (known) {
      known.summary = s;
      known.marker.setIcon(this.icon(s));
    } else {
      const marker = L.marker([s.place.latitude, s.place.longitude], { icon: this.icon(s), riseOnHover: true }).addTo(this.map);
      marker.on('click', () => this.open(s.id));
      this.shown.set(s.id, { summary: s, marker });
    }
  }

  /** @param {IncidentSummary} s */
  icon(s) {
    const c = this.rules.countdown(s.respondBy, s.firstOnSceneAt);
    return L.divIcon({
      className: '', iconSize: null, // sized by the stylesheet
      html: String(html`<div class="incident ${c.band} sev-${s.severity}" data-incident-id="${s.id}"><b>${name(s.subtype)}</b> <span class="countdown">${c.text}</span></div>`),
    });
  }

  /** After a change of language: the subtypes are named again. */
  relabel() {
    for (const { summary, marker } of this.shown.values()) marker.setIcon(this.icon(summary));
  }

  tick(now = Date.now()) {
    for (const { summary: s, marker } of this.shown.values()) {
      const el = marker.getElement()?.firstElementChild;
      if (!el) continue;
      const c = this.rules.countdown(s.respondBy, s.firstOnSceneAt, now);
      el.className = `incident ${c.band} sev-${s.severity}`;
      const countdown = el.querySelector('.countdown');
      if (countdown) countdown.textContent = c.text;
    }
  }
}
