// @ts-check
// The volunteer's time bank (时间银行) on their phone: hours credited from assignments on scene, hours exchanged at the
// community, and hours above a playbook's expected duration waiting for the street office. Read from the service when
// the page opens, when it comes back to the front, and on a tap of refresh; nothing here is kept offline.
import { t } from '../i18n.js';
import { api } from '../session.js';
import { html, render } from '../html.js';

/**
 * @typedef {object} Entry
 * @property {string} id
 * @property {'Credit' | 'Approval' | 'Redemption'} kind
 * @property {number} hours
 * @property {number} pendingHours
 * @property {string} at
 * @property {string} note
 *
 * @typedef {object} Ledger
 * @property {{ balanceHours: number, pendingHours: number, creditedHours: number, redeemedHours: number }} totals
 * @property {Entry[]} entries newest first
 */

/** How many of the latest lines the phone shows. */
export const SHOWN = 5;

/**
 * The panel's content for a ledger.
 * @param {Ledger} ledger
 */
export function panel(ledger) {
  const { totals } = ledger;
  const sign = (/** @type {Entry} */ e) => (e.kind === 'Redemption' ? '−' : '+');
  return html`<h2>${t('timeBank')}</h2>
    <p><span>${t('balance')}</span>: <b id="balance-hours">${totals.balanceHours}</b> ${t('hoursUnit')}
      ${totals.pendingHours > 0 ? html` · <span id="pending-hours">${t('pendingApproval')} ${totals.pendingHours} ${t('hoursUnit')}</span>` : ''}</p>
    <ol id="time-bank-entries">${ledger.entries.slice(0, SHOWN).map(e =>
      html`<li data-kind="${e.kind}">${sign(e)}${e.hours} ${t('hoursUnit')} · ${e.at.slice(0, 10)} · ${e.note}</li>`)}</ol>
    <button id="time-bank-refresh" type="button" class="secondary">${t('refresh')}</button>`;
}

/**
 * Shows the responder's ledger in the page's #time-bank section; the section stays hidden when there is none to show
 * (the account is not a responder's phone, or the service refuses). Returns the read, to show it again (the language
 * changed: the ledger's notes come in the language asked for).
 * @param {string} responderId
 * @returns {() => Promise<void>}
 */
export function showBalance(responderId) {
  const section = /** @type {HTMLElement | null} */ (document.getElementById('time-bank'));
  if (!section) return async () => {};
  const load = async () => {
    try {
      const response = await api(`/api/v1/responders/${encodeURIComponent(responderId)}/time-bank`);
      if (!response.ok) return;
      render(section, panel(/** @type {Ledger} */ (await response.json())));
      section.hidden = false;
      section.querySelector('#time-bank-refresh')?.addEventListener('click', load);
    } catch {
      // No network: the last figures shown stay.
    }
  };
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') load(); });
  load();
  return load;
}
