// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rules } from '../src/js/rules.js';

globalThis.localStorage = /** @type {Storage} */ (/** @type {unknown} */ ({ getItem: () => 'risk', setItem: () => {} }));
const { MapState } = await import('../src/js/map/state.js');

const rules = new Rules({ tileUrl: null, openStages: ['Reported'], atRiskWithinMinutes: 30, liveGroupLevels: [] });
const now = Date.now();
const place = (/** @type {string} */ street) => ({ district: street.slice(0, 6), street, community: `${street}001`, latitude: 0, longitude: 0 });
const incident = (/** @type {string} */ id, /** @type {string} */ street, /** @type {number} */ minutesLeft) => ({
  id, version: 1, stage: 'Reported', subtype: 'flood', severity: 'Major', respondBy: new Date(now + minutesLeft * 60_000).toISOString(),
  firstOnSceneAt: null, escalated: false, place: place(street),
});

test('the at-risk tally is counted by district, street and community in one pass, and read without scanning', () => {
  const state = new MapState(rules, '500000');
  state.putIncident(incident('INC-1', '500103001', 10));
  state.putIncident(incident('INC-2', '500103002', 20));
  state.putIncident(incident('INC-3', '500103002', 90));
  state.putIncident(incident('INC-4', '500105001', 5));
  state.recount(now);

  assert.equal(state.atRisk.total, 3);
  assert.equal(state.value('500103'), 2);
  assert.equal(state.value('500103002'), 1);
  assert.equal(state.value('500103002001'), 1);
  assert.equal(state.value('500104'), 0);
});

test('an incident that closes leaves the map, and one that crosses into its window says the tally is stale', () => {
  const state = new MapState(rules, '500000');
  const later = incident('INC-5', '500103001', 31);
  assert.equal(state.putIncident(later), true);
  state.recount(now);
  assert.equal(state.riskChanged(later, now), false);
  assert.equal(state.riskChanged(later, now + 2 * 60_000), true);
  assert.equal(state.putIncident({ ...later, stage: 'Closed' }), false);
  assert.equal(state.incidents.size, 0);
});

test('the tally follows each incident as it is put, moved, crossing into its window or closed, as a full count would', () => {
  const state = new MapState(rules, '500000');
  const full = new MapState(rules, '500000');
  const same = () => {
    for (const s of state.incidents.values()) full.putIncident(s, now);
    full.incidents = new Map(state.incidents);
    full.recount(now);
    assert.equal(state.atRisk.total, full.atRisk.total);
    assert.deepEqual([...state.atRisk.ids].sort(), [...full.atRisk.ids].sort());
    assert.deepEqual(new Map([...state.atRisk.byRegion].sort()), new Map([...full.atRisk.byRegion].sort()));
  };
  state.putIncident(incident('INC-1', '500103001', 10), now);
  state.putIncident(incident('INC-2', '500103002', 20), now);
  state.putIncident(incident('INC-3', '500103002', 90), now);
  same();
  assert.equal(state.atRisk.total, 2);

  state.putIncident(incident('INC-2', '500105001', 20), now); // moved to another district
  assert.equal(state.value('500103002'), 0);
  assert.equal(state.value('500105'), 1);
  same();
  state.putIncident({ ...incident('INC-3', '500103002', 90), escalated: true }, now); // escalated: at risk at once
  same();
  state.putIncident({ ...incident('INC-1', '500103001', 10), stage: 'Closed' }, now);
  same();
  assert.equal(state.atRisk.total, 2);
  assert.equal(state.atRisk.byRegion.has('500103001'), false, 'a region with none at risk is forgotten');

  const later = incident('INC-4', '500106001', 31);
  state.putIncident(later, now);
  assert.equal(state.atRisk.ids.has('INC-4'), false);
  state.putIncident(later, now + 2 * 60_000); // time moved it into its window: put again
  assert.equal(state.atRisk.ids.has('INC-4'), true);
  assert.equal(state.atRisk.total, 3);
  state.putIncident(later, now + 3 * 60_000); // put again while at risk: counted once
  assert.equal(state.atRisk.total, 3);
});
