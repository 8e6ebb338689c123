// @ts-check
// The rules the service owns, as GET /api/v1/dashboard/config states them: which stages are open, how close to its
// deadline an incident is at risk, which levels of region a live map group is named by. The pages ask; they do not
// decide again, so a change on the service is a change on every page.

/**
 * @typedef {object} IncidentPlace
 * @property {string} district
 * @property {string} street
 * @property {string} community
 * @property {number} latitude
 * @property {number} longitude
 *
 * @typedef {object} IncidentSummary An incident as the live stream carries it.
 * @property {string} id
 * @property {number} version
 * @property {string} stage
 * @property {string} subtype
 * @property {string} severity
 * @property {IncidentPlace} place
 * @property {string} respondBy
 * @property {string | null} firstOnSceneAt
 * @property {boolean} escalated
 *
 * @typedef {object} DashboardConfig
 * @property {string | null} tileUrl
 * @property {string[]} openStages
 * @property {number} atRiskWithinMinutes
 * @property {string[]} liveGroupLevels
 *
 * @typedef {object} Countdown
 * @property {number} left milliseconds to the deadline, negative once passed
 * @property {'met' | 'red' | 'amber' | 'green'} band
 * @property {string} text h:mm:ss
 */

export class Rules {
  /** @param {DashboardConfig} config */
  constructor(config) {
    this.tileUrl = config.tileUrl ?? null;
    this.openStages = new Set(config.openStages);
    this.atRiskWithinMs = config.atRiskWithinMinutes * 60_000;
    this.liveGroupLevels = new Set(config.liveGroupLevels);
  }

  /** @param {string} stage */
  isOpen(stage) {
    return this.openStages.has(stage);
  }

  /**
   * Open, nobody on scene yet, and escalated or within the window of its deadline.
   * @param {IncidentSummary} incident
   */
  atRisk(incident, now = Date.now()) {
    return this.isOpen(incident.stage) && !incident.firstOnSceneAt
      && (incident.escalated || new Date(incident.respondBy).getTime() - now <= this.atRiskWithinMs);
  }

  /** @param {string} level a feature's properties.level */
  isLiveGroup(level) {
    return this.liveGroupLevels.has(level);
  }

  /**
   * Time left to a deadline as h:mm:ss (negative when overdue), and its colour band: amber is the at-risk window.
   * @param {string} respondBy
   * @param {string | null | undefined} firstOnSceneAt
   * @returns {Countdown}
   */
  countdown(respondBy, firstOnSceneAt, now = Date.now()) {
    const left = new Date(respondBy).getTime() - now;
    const band = firstOnSceneAt ? 'met' : left <= 0 ? 'red' : left <= this.atRiskWithinMs ? 'amber' : 'green';
    const s = Math.floor(Math.abs(left) / 1000);
    const text = `${left < 0 ? '-' : ''}${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    return { left, band, text };
  }
}

/** The rules as the service states them now; public, so a page may read them before anyone signs in. */
export async function loadRules() {
  const response = await fetch('/api/v1/dashboard/config');
  if (!response.ok) throw new Error(`/api/v1/dashboard/config: ${response.status}`);
  return new Rules(await response.json());
}
