// @ts-check
// Which region the operator is looking at: the street at the map's centre once zoomed in that far, else its district,
// else the city. The map follows that region (its children drawn, its live group watched) when the user's
// jurisdiction covers it, as the service says, and the user's own region otherwise.
import { api } from '../session.js';

/**
 * @typedef {import('../rules.js').Rules} Rules
 * @typedef {import('../live.js').LiveCity} LiveCity
 * @typedef {import('./layers.js').RegionLayers} RegionLayers
 *
 * @typedef {object} RegionRef
 * @property {string} code
 * @property {string} name
 * @property {boolean} covered whether the user's jurisdiction holds it
 *
 * @typedef {object} LocatedPoint
 * @property {RegionRef} district
 * @property {RegionRef} street
 *
 * @typedef {object} Region
 * @property {string} code
 * @property {string} level as the service names it (its features' properties.level)
 * @property {string} name what the header shows: nothing for the city
 */

export const CITY = '500000';
const STREET_ZOOM = 10; // from here the streets of the district in view are drawn
const COMMUNITY_ZOOM = 12; // from here the communities of the street in view

export class Focus {
  /**
   * @param {L.Map} map
   * @param {RegionLayers} layers
   * @param {Rules} rules
   * @param {Region} home the region the map always follows
   * @param {LiveCity | null} city the live stream, or null for users without a live view
   */
  constructor(map, layers, rules, home, city) {
    this.map = map;
    this.layers = layers;
    this.rules = rules;
    this.home = home;
    this.city = city;
    /** @type {string | null} */
    this.group = null;
    /** @type {Map<string, LocatedPoint | null>} lookups by position to about 100 m */
    this.located = new Map();
    /** @type {Promise<void>} */
    this.queue = Promise.resolve();
  }

  /** @param {L.LatLng} latlng */
  async districtAndStreetAt(latlng) {
    const key = `${latlng.lng.toFixed(3)},${latlng.lat.toFixed(3)}`;
    if (!this.located.has(key)) {
      const r = await api(`/api/v1/regions/lookup?lon=${latlng.lng}&lat=${latlng.lat}`);
      this.located.set(key, r.ok ? await r.json() : null);
    }
    return this.located.get(key) ?? null;
  }

  /**
   * The region in view at this zoom if the user covers it, else the home region.
   * @returns {Promise<Region>}
   */
  async regionInView() {
    const zoom = this.map.getZoom();
    const at = zoom >= STREET_ZOOM ? await this.districtAndStreetAt(this.map.getCenter()) : null;
    const street = zoom >= COMMUNITY_ZOOM ? at?.street : undefined;
    const candidate = street ? { ...street, level: 'street' } : at ? { ...at.district, level: 'district' } : null;
    // The city in view is covered only by a city-wide user, whose home it is.
    return candidate?.covered ? candidate : this.home;
  }

  /**
   * One refocus at a time, in order: each reads the map as it is when it starts, so the last move decides the groups.
   * @returns {Promise<void>}
   */
  refocus() {
    this.queue = this.queue.then(() => this.follow()).catch(console.error);
    return this.queue;
  }

  async follow() {
    const region = await this.regionInView();
    if (region.code !== this.group) {
      if (this.group && this.group !== this.home.code) this.city?.unwatch(this.group);
      this.group = region.code;
      if (region.code !== this.home.code && this.rules.isLiveGroup(region.level)) await this.city?.watch(region.code);
      await this.layers.showChildrenOf(region.code === CITY ? null : region.code);
      /** @type {HTMLElement} */ (document.getElementById('focus')).textContent = region.name;
    }
    await this.layers.showGrids(this.map.getZoom());
  }
}
