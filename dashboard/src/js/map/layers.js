// @ts-check
// The administrative layers and their shading: the districts always (the base map), the children of the region in
// focus over them, the grids of the viewport when zoomed right in. Restyling is batched: deltas arrive four times a
// second and each would otherwise repaint every polygon.
import { api } from '../session.js';
import { t } from '../i18n.js';
import { html, render } from '../html.js';
import { number } from './format.js';

/**
 * @typedef {import('./state.js').MapState} MapState
 * @typedef {{ id: string, properties: { name: string } }} Feature a region as the service's GeoJSON carries it
 */

const GRID_ZOOM = 14; // grids only for the viewport
const RESTYLE_MS = 300;

// Volunteers per elderly: more is better, so the scale runs the other way.
const palette = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#e6550d', '#a63603'];

/** @param {string} s */
const cap = s => s[0].toUpperCase() + s.slice(1);

export class RegionLayers {
  /**
   * @param {L.Map} map
   * @param {MapState} state
   */
  constructor(map, state) {
    this.map = map;
    this.state = state;
    /** @type {L.GeoJSON | null} */
    this.districts = null;
    /** @type {L.GeoJSON | null} the children of the region in focus */
    this.children = null;
    /** @type {L.GeoJSON | null} */
    this.grids = null;
    this.maxValue = 0;
    this.restyleQueued = false;
  }

  /**
   * A GeoJSON collection from the service; its profiles and live totals go into the state.
   * @param {string} url
   */
  async load(url) {
    const response = await api(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    const collection = await response.json();
    for (const f of collection.features) {
      if (f.properties.profile) this.state.profiles.set(f.id, f.properties.profile);
      if (f.properties.live && !this.state.live.has(f.id)) this.state.live.set(f.id, f.properties.live);
    }
    return collection;
  }

  async showDistricts() {
    this.districts = this.regionLayer(await this.load('/api/v1/regions/districts'), 'district').addTo(this.map);
    return this.districts;
  }

  /**
   * The children of a region over the districts, or none (for the city, whose children are the districts).
   * @param {string | null} code
   */
  async showChildrenOf(code) {
    const children = code ? this.regionLayer(await this.load(`/api/v1/regions/${code}/children`), 'child') : null;
    this.children?.remove();
    this.children = children?.addTo(this.map) ?? null;
    this.children?.bringToFront();
    this.scheduleRestyle();
  }

  /** @param {number} zoom */
  async showGrids(zoom) {
    this.grids?.remove();
    this.grids = null;
    if (zoom < GRID_ZOOM) return;
    const b = this.map.getBounds();
    const collection = await this.load(`/api/v1/regions/grids?bbox=${b.getWest()},${b.getSouth()},${b.getEast()},${b.getNorth()}&limit=500`);
    this.grids = L.geoJSON(collection, { style: () => this.style(null, 'grid'), interactive: false }).addTo(this.map);
  }

  /**
   * @param {any} collection
   * @param {'district' | 'child'} className
   */
  regionLayer(collection, className) {
    return L.geoJSON(collection, {
      style: (/** @type {Feature} */ f) => this.style(f.id, className),
      onEachFeature: (/** @type {Feature} */ f, /** @type {L.Polygon} */ layer) => {
        const code = f.id;
        layer.bindTooltip(() => String(html`${f.properties.name}<br>${t('m' + cap(this.state.metric))}: ${number(this.state.value(code))}`), { sticky: true });
        layer.on('click', () => this.map.fitBounds(layer.getBounds()));
      },
    });
  }

  /**
   * @param {number | null} v
   * @param {number} max
   */
  colour(v, max) {
    if (v === null || v === undefined) return '#e5e7eb';
    const share = max > 0 ? v / max : 0;
    const index = Math.min(palette.length - 1, Math.floor((this.state.metric === 'volunteers' ? 1 - share : share) * palette.length));
    return palette[index];
  }

  /**
   * @param {string | null} code
   * @param {'district' | 'context' | 'child' | 'grid'} className context: the districts behind a region's children
   * @returns {L.PathOptions}
   */
  style(code, className) {
    const grid = className === 'grid';
    return {
      color: grid ? '#9ca3af' : '#334155', weight: className === 'district' ? 1.2 : 0.7,
      fillColor: grid || code === null ? 'transparent' : this.colour(this.state.value(code), this.maxValue), fillOpacity: grid ? 0 : 0.65,
    };
  }

  scheduleRestyle() {
    if (this.restyleQueued) return;
    this.restyleQueued = true;
    setTimeout(() => {
      this.restyleQueued = false;
      this.restyle();
    }, RESTYLE_MS);
  }

  /** The scale runs to the largest value among the regions shaded now: the children in focus, else the districts. */
  restyle() {
    const shaded = this.children ?? this.districts;
    /** @type {number[]} */
    const values = [];
    shaded?.eachLayer((/** @type {L.Polygon} */ l) => {
      const v = this.state.value(l.feature.id);
      if (v !== null) values.push(v);
    });
    this.maxValue = Math.max(1, ...values);
    const children = this.children;
    this.districts?.setStyle((/** @type {Feature} */ f) => this.style(f.id, children ? 'context' : 'district'));
    children?.setStyle((/** @type {Feature} */ f) => this.style(f.id, 'child'));
    this.renderLegend();
  }

  renderLegend() {
    const legend = /** @type {HTMLElement} */ (document.getElementById('legend'));
    render(legend, html`${palette.map((c, i) => html`<span style="background:${c}"></span>${number(this.maxValue * i / palette.length)} `)}`);
  }
}
