// @ts-check
// The colour band of an incident's countdown, the worst band of a cluster, and when an incident's band next changes.
// The bands follow the at-risk rule the service states (rules.js): amber and red are exactly the incidents at risk,
// so a cluster's colour, a marker's and the at-risk KPI never disagree. Time alone moves a band only at two instants
// (into the window, past the deadline), so the map waits for the earliest of those instead of checking every
// incident every second.

/**
 * @typedef {import('../rules.js').Rules} Rules
 * @typedef {import('../rules.js').IncidentSummary} IncidentSummary
 * @typedef {'met' | 'green' | 'amber' | 'red'} Band
 */

/** From least to most urgent: a cluster shows the last of its members' bands in this order. */
export const BANDS = /** @type {const} */ (['met', 'green', 'amber', 'red']);
const RANK = { met: 0, green: 1, amber: 2, red: 3 };

/**
 * Met once someone is on scene; red once the deadline passed; amber within the at-risk window or when escalated;
 * green otherwise.
 * @param {Rules} rules
 * @param {IncidentSummary} s
 * @returns {Band}
 */
export function bandOf(rules, s, now = Date.now()) {
  if (s.firstOnSceneAt) return 'met';
  const left = Date.parse(s.respondBy) - now;
  if (left <= 0) return 'red';
  return s.escalated || left <= rules.atRiskWithinMs ? 'amber' : 'green';
}

/**
 * The instant (ms since the epoch) this incident's band changes with time alone, or Infinity if it never will.
 * @param {Rules} rules
 * @param {IncidentSummary} s
 * @returns {number}
 */
export function nextBandChange(rules, s, now = Date.now()) {
  const band = bandOf(rules, s, now);
  const deadline = Date.parse(s.respondBy);
  if (band === 'amber') return deadline;
  if (band === 'green') return deadline - rules.atRiskWithinMs;
  return Infinity;
}

/**
 * @param {Band} a
 * @param {Band} b
 * @returns {Band}
 */
export const worse = (a, b) => (RANK[a] >= RANK[b] ? a : b);

/**
 * The worst band among counts by band (a cluster's members), or null for none.
 * @param {Record<Band, number>} counts
 * @returns {Band | null}
 */
export function worstOf(counts) {
  for (let i = BANDS.length - 1; i >= 0; i--) if (counts[BANDS[i]] > 0) return BANDS[i];
  return null;
}

/** @returns {Record<Band, number>} */
export const noBands = () => ({ met: 0, green: 0, amber: 0, red: 0 });
