// @ts-check
// One incident in full beside the map: stage, deadline, people, contact, assignments, supplies, the reasons of each
// dispatch and the timeline.
import { api } from '../session.js';
import { t, name } from '../i18n.js';
import { html, render } from '../html.js';
import { time } from './format.js';

/** @typedef {import('../rules.js').Rules} Rules */

export class Drawer {
  /** @param {Rules} rules */
  constructor(rules) {
    this.rules = rules;
    /** @type {string | null} the incident shown, or being read */
    this.id = null;
    /** @type {{ respondBy: string, firstOnSceneAt: string | null } | null} */
    this.deadline = null;
    this.element = /** @type {HTMLElement} */ (document.getElementById('drawer'));
    this.body = /** @type {HTMLElement} */ (document.getElementById('drawer-body'));
    document.getElementById('drawer-close')?.addEventListener('click', () => this.close());
  }

  /** @param {string} id */
  async open(id) {
    this.id = id;
    const response = await api(`/api/v1/incidents/${encodeURIComponent(id)}`);
    if (!response.ok || this.id !== id) return; // another was asked for meanwhile
    const v = await response.json();
    this.deadline = { respondBy: v.report.deadlines.onSceneBy ?? v.report.deadlines.feedbackBy, firstOnSceneAt: v.firstOnSceneAt };
    const c = this.rules.countdown(this.deadline.respondBy, v.firstOnSceneAt);
    const contact = v.report.contact;
    const none = html`<li>${t('none')}</li>`;
    const orNone = (/** @type {unknown[]} */ items) => items.length > 0 ? items : none;
    const picks = v.timeline.filter((/** @type {any} */ e) => e.decision).flatMap((/** @type {any} */ e) => e.decision.picks.map((/** @type {any} */ p) =>
      html`<li>${p.responderId}: ${p.why} (${t('considered')} ${e.decision.candidatesConsidered}, ${t('competing')} ${e.decision.competingIncidents})</li>`));
    render(this.body, html`
      <h2>${name(v.report.subtype)} <small>${v.id}</small></h2>
      <dl>
        <dt>${t('stage')}</dt><dd data-field="stage">${name(v.stage)}</dd>
        <dt>${t('severity')}</dt><dd>${name(v.report.severity)}</dd>
        <dt>${t('deadline')}</dt><dd>${time(this.deadline.respondBy)} <span id="drawer-countdown" class="countdown ${c.band}">${c.text}</span></dd>
        <dt>${t('people')}</dt><dd>${v.report.people.count}${v.report.people.elderlyLivingAlone && ` · ${t('elderlyAlone')}`}</dd>
        <dt>${t('description')}</dt><dd>${v.report.description}</dd>
        ${contact && html`<dt>${t('contact')}</dt><dd data-field="contact">${contact.name} · ${contact.phone}${contact.address && ` · ${contact.address}`}</dd>`}
      </dl>
      <h3>${t('assignments')}</h3>
      <ul class="assignments">${orNone(v.assignments.map((/** @type {any} */ a) =>
        html`<li>${a.responderId} · ${name(a.need)} · ${name(a.status)} · ${t('eta')} ${Math.round(a.etaMinutes)} ${t('minutes')}${a.mutualAid && ` · ${t('mutualAid')}`}</li>`))}</ul>
      <h3>${t('supplies')}</h3>
      <ul>${orNone(v.supplies.map((/** @type {any} */ s) => html`<li>${name(s.category)} × ${s.quantity} · ${s.stockpileId}</li>`))}</ul>
      <h3>${t('reasons')}</h3>
      <ul class="reasons">${orNone(picks)}</ul>
      <h3>${t('timeline')}</h3>
      <ol class="timeline">${v.timeline.map((/** @type {any} */ e) => html`<li><time>${time(e.at)}</time> <b>${name(e.kind)}</b> ${name(e.actor)} ${e.note ?? ''}</li>`)}</ol>`);
    this.element.hidden = false;
  }

  /**
   * Reads the incident again if it is the one shown.
   * @param {string} id
   */
  refresh(id) {
    if (this.id === id) this.open(id).catch(console.error);
  }

  /** The language changed: the incident shown is read again, its timeline notes and reasons in the new language. */
  redraw() {
    if (this.id) this.open(this.id).catch(console.error);
  }

  close() {
    this.id = null;
    this.deadline = null;
    this.element.hidden = true;
  }

  tick(now = Date.now()) {
    if (!this.deadline) return;
    const c = this.rules.countdown(this.deadline.respondBy, this.deadline.firstOnSceneAt, now);
    const el = document.getElementById('drawer-countdown');
    if (el) { el.textContent = c.text; el.className = `countdown ${c.band}`; }
  }
}
