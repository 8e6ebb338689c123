// @ts-check
// What the reports page draws, computed from the compliance report the service returns (GET /api/v1/reports/compliance):
// no figure is computed twice, and none is computed here that the service already gives (shares, the average rating).

/**
 * @typedef {{ met: number, missed: number, pending: number, share: number | null }} DeadlineTally
 * @typedef {{ emergencies: number, serviceRequests: number, reportedUpIn15Minutes: DeadlineTally, onSceneIn2Hours: DeadlineTally,
 *   answeredIn24Hours: DeadlineTally, resolvedIn7WorkingDays: DeadlineTally, satisfactionRatings: number, satisfactionAverage: number | null }} Tally
 * @typedef {{ incidentId: string, street: string, subtype: string, reportedAt: string, deadline: string, due: string, metAt: string | null, cause: string }} Miss
 * @typedef {{ region: string, period: string, from: string, to: string, total: Tally, days: { date: string, tally: Tally }[], misses: Miss[] }} Report
 */

/** The documents' four deadlines, in the order the page shows them: the two for emergencies, then the two for service requests. */
export const deadlines = /** @type {const} */ (['reportedUpIn15Minutes', 'onSceneIn2Hours', 'answeredIn24Hours', 'resolvedIn7WorkingDays']);

/**
 * A share as the page writes it: "87.5%", or "–" when nothing was decided (a share of nothing is not 100%).
 * @param {number | null | undefined} share 0–1
 */
export function percent(share) {
  return share == null ? '–' : `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/**
 * Each deadline's share per day, in percent (null where that day decided nothing, so the line has a gap, not a 0).
 * @param {Report} report
 */
export function dailyShares(report) {
  return {
    dates: report.days.map(d => d.date),
    series: deadlines.map(key => ({ key, values: report.days.map(d => d.tally[key].share == null ? null : Math.round(d.tally[key].share * 1000) / 10) })),
  };
}

/**
 * How many misses each cause explains, the most first (ties by the cause's name, so the order is stable).
 * @param {Miss[]} misses
 */
export function missesByCause(misses) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const m of misses) counts.set(m.cause, (counts.get(m.cause) ?? 0) + 1);
  return [...counts].map(([cause, count]) => ({ cause, count })).sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
}

/**
 * The file name a downloaded CSV gets: what, where and from when, so a folder of them sorts by itself.
 * @param {Report} report
 * @param {'days' | 'misses'} table
 */
export function csvName(report, table) {
  return `compliance-${report.region}-${report.period.toLowerCase()}-${report.from}${table === 'misses' ? '-misses' : ''}.csv`;
}
