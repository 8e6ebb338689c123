// @ts-check
// The KPI strip over the map: the home region's open incidents, people on duty and low-stock stockpiles, today's
// share on scene in time, and how many incidents are at risk now. Rendered at most four times a second.
const KPI_MS = 250;

/** @typedef {import('./state.js').MapState} MapState */

export class Kpis {
  /** @param {MapState} state */
  constructor(state) {
    this.state = state;
    this.queued = false;
  }

  schedule() {
    if (this.queued) return;
    this.queued = true;
    setTimeout(() => { this.queued = false; this.render(); }, KPI_MS);
  }

  render() {
    const { live, home, today, atRisk } = this.state;
    const totals = live.get(home);
    const set = (/** @type {string} */ id, /** @type {string | number} */ v) => {
      /** @type {HTMLElement} */ (document.getElementById(id)).textContent = String(v);
    };
    set('kpi-open', totals?.openIncidents ?? '–');
    set('kpi-in-time', today?.shareInTime == null ? '–' : `${(today.shareInTime * 100).toFixed(1)}%`);
    set('kpi-at-risk', atRisk.total);
    set('kpi-on-duty', totals?.peopleOnDuty ?? '–');
    set('kpi-low-stock', totals?.lowStockStockpiles ?? '–');
  }
}
