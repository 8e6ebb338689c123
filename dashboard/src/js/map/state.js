// @ts-check
// What the map knows, apart from how it draws it: each region's live totals and profile, the open incidents, the
// alerts, today's outcomes, the chosen metric, and the at-risk tally. The tally follows each incident as it is put
// (its old place's count out, its new one in), and an incident that time moved into its at-risk window is put again,
// so a delta costs the same however many incidents are open, and shading and KPIs read the tally without scanning.

/**
 * @typedef {import('../rules.js').Rules} Rules
 * @typedef {import('../rules.js').IncidentSummary} IncidentSummary
 *
 * @typedef {object} Profile
 * @property {number} elderly60Plus
 * @property {number} canteenSeats
 * @property {number} deliveryCapacity
 *
 * @typedef {object} AtRiskTally
 * @property {number} total
 * @property {Map<string, number>} byRegion district, street and community code -> incidents at risk in it
 * @property {Set<string>} ids the incidents counted
 */

export const METRICS = ['open', 'risk', 'volunteers', 'lowStock', 'meals'];

export class MapState {
  /**
   * @param {Rules} rules
   * @param {string} home the region the map always follows
   */
  constructor(rules, home) {
    this.rules = rules;
    this.home = home;
    /** @type {Map<string, Record<string, number>>} region code -> live totals */
    this.live = new Map();
    /** @type {Map<string, Profile>} region code -> who lives there */
    this.profiles = new Map();
    /** @type {Map<string, IncidentSummary>} open incidents by id */
    this.incidents = new Map();
    /** @type {Map<string, any>} alert id -> the alert as it stands */
    this.alerts = new Map();
    /** @type {any} today's outcomes */
    this.today = null;
    const stored = localStorage.getItem('metric') ?? '';
    this.metric = METRICS.includes(stored) ? stored : 'open';
    /** @type {AtRiskTally} */
    this.atRisk = { total: 0, byRegion: new Map(), ids: new Set() };
  }

  /** @param {string} metric */
  choose(metric) {
    this.metric = metric;
    localStorage.setItem('metric', metric);
  }

  /**
   * Keeps an incident while it is open, forgets it once it is not. Returns whether it is on the map.
   * @param {IncidentSummary} incident
   */
  putIncident(incident, now = Date.now()) {
    const was = this.incidents.get(incident.id);
    if (was && this.atRisk.ids.has(incident.id)) this.tally(was, -1);
    if (this.rules.isOpen(incident.stage)) {
      this.incidents.set(incident.id, incident);
      if (this.rules.atRisk(incident, now)) this.tally(incident, 1);
      return true;
    }
    this.incidents.delete(incident.id);
    return false;
  }

  /**
   * Counts the incident in or out of the at-risk tally, in total and in its district, street and community.
   * @param {IncidentSummary} incident
   * @param {1 | -1} n
   */
  tally(incident, n) {
    const { byRegion, ids } = this.atRisk;
    if (n > 0) ids.add(incident.id);
    else ids.delete(incident.id);
    this.atRisk.total += n;
    const { district, street, community } = incident.place;
    for (const code of [district, street, community]) {
      const count = (byRegion.get(code) ?? 0) + n;
      if (count) byRegion.set(code, count);
      else byRegion.delete(code);
    }
  }

  /** Counts the incidents at risk now from scratch, in total and by the regions that hold them. */
  recount(now = Date.now()) {
    /** @type {Map<string, number>} */
    const byRegion = new Map();
    const ids = new Set();
    for (const incident of this.incidents.values()) {
      if (!this.rules.atRisk(incident, now)) continue;
      ids.add(incident.id);
      const { district, street, community } = incident.place;
      for (const code of [district, street, community]) byRegion.set(code, (byRegion.get(code) ?? 0) + 1);
    }
    this.atRisk = { total: ids.size, byRegion, ids };
  }

  /**
   * Whether the tally is out of date for this incident (it crossed into its at-risk window since the last count).
   * @param {IncidentSummary} incident
   */
  riskChanged(incident, now = Date.now()) {
    return this.rules.atRisk(incident, now) !== this.atRisk.ids.has(incident.id);
  }

  /**
   * A region's value of the chosen metric, or null where it cannot be known (no live totals or no profile).
   * @param {string} code
   * @returns {number | null}
   */
  value(code) {
    const totals = this.live.get(code);
    const profile = this.profiles.get(code);
    switch (this.metric) {
      case 'open': return totals?.openIncidents ?? 0;
      case 'risk': return this.atRisk.byRegion.get(code) ?? 0;
      case 'volunteers': return totals && profile?.elderly60Plus ? totals.volunteersOnDuty / profile.elderly60Plus * 1000 : null;
      case 'lowStock': return totals?.lowStockStockpiles ?? 0;
      case 'meals': return totals && profile ? Math.max(0, totals.mealsBookedToday - profile.canteenSeats - profile.deliveryCapacity) : null;
      default: return null;
    }
  }
}
