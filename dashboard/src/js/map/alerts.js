// @ts-check
// The alert feed: newest first, the most recent hundred; cleared alerts stay, struck through, so the operator sees the
// all-clear. A click on an incident's alert opens its drawer.
import { language, t, name } from '../i18n.js';
import { html, render } from '../html.js';
import { time } from './format.js';

const SHOWN = 100;

export class AlertFeed {
  /**
   * @param {Map<string, any>} alerts alert id -> the alert as it stands
   * @param {(incidentId: string) => void} open
   */
  constructor(alerts, open) {
    this.alerts = alerts;
    this.frame = 0;
    this.list = /** @type {HTMLElement} */ (document.getElementById('alerts'));
    this.list.addEventListener('click', e => {
      const subject = /** @type {HTMLElement} */ (e.target).closest('li')?.dataset.subject;
      if (subject?.startsWith('INC-')) open(subject);
    });
  }

  /** A storm brings alerts by the hundred: the feed is drawn once per frame, not once per alert. */
  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Draws now if a draw is pending (the next frame would have). */
  flush() {
    if (!this.frame) return;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.render();
  }

  render() {
    // Timestamps as the service writes them (ISO 8601, one offset) order as plain strings.
    const shown = [...this.alerts.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, SHOWN);
    render(this.list, shown.length === 0 ? html`<li class="empty">${t('noAlerts')}</li>` : html`${shown.map(a =>
      html`<li class="alert ${a.status}" data-alert-id="${a.alertId}" data-subject="${a.subject}"><time>${time(a.at)}</time> <b>${name(a.kind)}</b> ${a.details?.[language()] ?? a.detail}</li>`)}`);
  }
}
