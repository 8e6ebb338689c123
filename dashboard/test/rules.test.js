// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rules } from '../src/js/rules.js';

const rules = new Rules({ tileUrl: null, openStages: ['Reported', 'Escalated', 'OnScene'], atRiskWithinMinutes: 30, liveGroupLevels: ['city', 'district', 'street'] });
const now = Date.parse('2026-11-28T10:00:00Z');
const at = (/** @type {number} */ minutes) => new Date(now + minutes * 60_000).toISOString();
/** @returns {import('../src/js/rules.js').IncidentSummary} */
const incident = (/** @type {Partial<import('../src/js/rules.js').IncidentSummary>} */ change) => ({
  id: 'INC-1', version: 1, stage: 'Reported', subtype: 'flood', severity: 'Major', respondBy: at(90), firstOnSceneAt: null, escalated: false,
  place: { district: '500103', street: '500103001', community: '500103001001', latitude: 29.56, longitude: 106.57 }, ...change,
});

test('the window and the open stages are the service\'s, as its config states them', () => {
  assert.equal(rules.atRisk(incident({ respondBy: at(31) }), now), false);
  assert.equal(rules.atRisk(incident({ respondBy: at(30) }), now), true);
  assert.equal(rules.atRisk(incident({ escalated: true }), now), true);
  assert.equal(rules.atRisk(incident({ respondBy: at(5), firstOnSceneAt: at(-1) }), now), false);
  assert.equal(rules.atRisk(incident({ respondBy: at(5), stage: 'Resolved' }), now), false);
  assert.equal(rules.isLiveGroup('street'), true);
  assert.equal(rules.isLiveGroup('community'), false);
});

test('the countdown turns amber in the at-risk window and red once the deadline passed', () => {
  assert.deepEqual(rules.countdown(at(90), null, now), { left: 90 * 60_000, band: 'green', text: '1:30:00' });
  assert.equal(rules.countdown(at(30), null, now).band, 'amber');
  assert.deepEqual(rules.countdown(at(-1.5), null, now), { left: -90_000, band: 'red', text: '-0:01:30' });
  assert.equal(rules.countdown(at(-1.5), at(-2), now).band, 'met');
});
