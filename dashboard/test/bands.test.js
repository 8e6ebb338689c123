// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rules } from '../src/js/rules.js';
import { bandOf, nextBandChange, worstOf, worse, noBands } from '../src/js/map/bands.js';

const rules = new Rules({ tileUrl: null, openStages: ['Reported', 'Escalated', 'OnScene'], atRiskWithinMinutes: 30, liveGroupLevels: ['city', 'district', 'street'] });
const now = Date.parse('2026-11-28T10:00:00Z');
const at = (/** @type {number} */ minutes) => new Date(now + minutes * 60_000).toISOString();
/** @returns {import('../src/js/rules.js').IncidentSummary} */
const incident = (/** @type {Partial<import('../src/js/rules.js').IncidentSummary>} */ change) => ({
  id: 'INC-1', version: 1, stage: 'Reported', subtype: 'flood', severity: 'Major', respondBy: at(90), firstOnSceneAt: null, escalated: false,
  place: { district: '500103', street: '500103001', community: '500103001001', latitude: 29.56, longitude: 106.57 }, ...change,
});

test('a band is green, amber in the at-risk window or when escalated, red past the deadline, met once on scene', () => {
  assert.equal(bandOf(rules, incident({ respondBy: at(31) }), now), 'green');
  assert.equal(bandOf(rules, incident({ respondBy: at(30) }), now), 'amber');
  assert.equal(bandOf(rules, incident({ respondBy: at(90), escalated: true }), now), 'amber');
  assert.equal(bandOf(rules, incident({ respondBy: at(0) }), now), 'red');
  assert.equal(bandOf(rules, incident({ respondBy: at(-5), escalated: true }), now), 'red');
  assert.equal(bandOf(rules, incident({ respondBy: at(-5), firstOnSceneAt: at(-10) }), now), 'met');
});

test('amber and red are exactly the incidents the service\'s rule counts at risk', () => {
  for (const minutes of [-60, -1, 0, 1, 29, 30, 31, 90]) {
    for (const escalated of [false, true]) {
      for (const firstOnSceneAt of [null, at(-2)]) {
        const s = incident({ respondBy: at(minutes), escalated, firstOnSceneAt });
        const band = bandOf(rules, s, now);
        assert.equal(band === 'amber' || band === 'red', rules.atRisk(s, now), `${minutes} min, escalated ${escalated}, on scene ${!!firstOnSceneAt}`);
      }
    }
  }
});

test('the next band change is the window\'s start for green, the deadline for amber, never for red or met', () => {
  const green = incident({ respondBy: at(90) });
  assert.equal(nextBandChange(rules, green, now), now + 60 * 60_000);
  assert.equal(bandOf(rules, green, now + 60 * 60_000 - 1), 'green');
  assert.equal(bandOf(rules, green, now + 60 * 60_000), 'amber');
  const amber = incident({ respondBy: at(10) });
  assert.equal(nextBandChange(rules, amber, now), now + 10 * 60_000);
  assert.equal(bandOf(rules, amber, now + 10 * 60_000 - 1), 'amber');
  assert.equal(bandOf(rules, amber, now + 10 * 60_000), 'red');
  assert.equal(nextBandChange(rules, incident({ respondBy: at(90), escalated: true }), now), now + 90 * 60_000);
  assert.equal(nextBandChange(rules, incident({ respondBy: at(-1) }), now), Infinity);
  assert.equal(nextBandChange(rules, incident({ firstOnSceneAt: at(-1) }), now), Infinity);
});

test('a cluster\'s band is the worst of its members\', none for an empty one', () => {
  const counts = noBands();
  assert.equal(worstOf(counts), null);
  counts.met = 4; assert.equal(worstOf(counts), 'met');
  counts.green = 1; assert.equal(worstOf(counts), 'green');
  counts.red = 1; counts.amber = 7; assert.equal(worstOf(counts), 'red');
  counts.red = 0; assert.equal(worstOf(counts), 'amber');
  assert.equal(worse('green', 'amber'), 'amber');
  assert.equal(worse('red', 'met'), 'red');
});
