// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Supercluster from 'supercluster';
import { ClusterIndex } from '../src/js/map/cluster-index.js';

/** @typedef {import('../src/js/map/cluster-index.js').ClusterRequest} ClusterRequest */

const CITY = /** @type {[number, number, number, number]} */ ([105, 28, 110.5, 32.5]);
let version = 0;
/** @returns {ClusterRequest} */
const ask = (/** @type {import('../src/js/map/cluster-index.js').Change[]} */ changes, zoom = 7, members = true) =>
  ({ version: ++version, view: 0, changes, bbox: CITY, zoom, members });
/** A storm: n incidents over the city, every fifth amber and every seventh red. */
const storm = (/** @type {number} */ n) => Array.from({ length: n }, (_, i) => ({
  id: `INC-${i}`, lon: 105.5 + (i * 7919 % 1000) / 200, lat: 28.5 + (i * 104729 % 1000) / 260,
  band: /** @type {import('../src/js/map/bands.js').Band} */ (i % 7 === 0 ? 'red' : i % 5 === 0 ? 'amber' : 'green'),
}));

/** Every incident once, as a single or a cluster's member; each cluster's count and bands are its members'. */
function accountFor(/** @type {ClusterIndex} */ index, /** @type {import('../src/js/map/cluster-index.js').ClusterAnswer} */ a) {
  const seen = new Set(a.singles.map(s => s.id));
  for (const c of a.clusters) {
    const members = /** @type {string[]} */ (c.members);
    assert.equal(c.count, members.length);
    const bands = members.map(id => /** @type {any} */ (index.points.get(id)).band);
    for (const band of /** @type {const} */ (['met', 'green', 'amber', 'red'])) assert.equal(c.counts[band], bands.filter(b => b === band).length);
    assert.equal(c.band, bands.includes('red') ? 'red' : bands.includes('amber') ? 'amber' : bands.includes('green') ? 'green' : 'met');
    for (const id of members) { assert.equal(seen.has(id), false, `${id} drawn once`); seen.add(id); }
  }
  assert.equal(seen.size, index.points.size);
}

test('a storm clusters at city zoom, each cluster with its count, its members by band and the worst of them', () => {
  const index = new ClusterIndex(Supercluster);
  const a = index.answer(ask(storm(3000)));
  assert.equal(a.rebuilt, true);
  assert.ok(a.clusters.length > 10 && a.clusters.length < 200, `${a.clusters.length} clusters`);
  assert.ok(a.clusters.some(c => c.band === 'red') && a.clusters.some(c => c.counts.green > 0 && c.band !== 'green'));
  accountFor(index, a);
  assert.equal(a.version, version);
});

test('a change of band alone is counted without a rebuild; an incident that appears, moves or goes rebuilds once', () => {
  const index = new ClusterIndex(Supercluster);
  index.answer(ask(storm(500)));
  const rebuilds = index.rebuilds;
  const recoloured = index.answer(ask(storm(500).map(p => ({ ...p, band: /** @type {const} */ ('met') }))));
  assert.equal(recoloured.rebuilt, false);
  assert.equal(index.rebuilds, rebuilds);
  assert.ok(recoloured.clusters.every(c => c.band === 'met' && c.counts.met === c.count));
  accountFor(index, recoloured);

  const changed = index.answer(ask([
    { id: 'INC-1', gone: true }, { id: 'INC-2', gone: true },
    { id: 'INC-3', lon: 106.5, lat: 29.5, band: 'red' }, { id: 'NEW-1', lon: 106.5, lat: 29.5, band: 'amber' },
  ]));
  assert.equal(changed.rebuilt, true);
  assert.equal(index.rebuilds, rebuilds + 1, 'four changes, one rebuild');
  assert.equal(index.points.size, 499);
  accountFor(index, changed);
  const ids = [...changed.singles.map(s => s.id), ...changed.clusters.flatMap(c => c.members ?? [])];
  assert.equal(ids.includes('INC-1'), false);
  assert.equal(ids.includes('NEW-1'), true);
  assert.equal(index.answer(ask([{ id: 'INC-9999', gone: true }])).rebuilt, false, 'removing what is not there changes nothing');
});

test('at a cluster\'s expansion zoom its members stand in smaller clusters and singles that hold only them', () => {
  const index = new ClusterIndex(Supercluster);
  const city = index.answer(ask(storm(3000)));
  const cluster = city.clusters.find(c => c.count > 20 && c.count < 200) ?? city.clusters[0];
  const members = new Set(cluster.members);
  const zoomed = index.answer(ask([], cluster.expansionZoom));
  assert.ok(cluster.expansionZoom > 7);
  const parts = [
    ...zoomed.singles.filter(s => members.has(s.id)).map(s => [s.id]),
    ...zoomed.clusters.map(c => /** @type {string[]} */ (c.members)).filter(m => m.some(id => members.has(id))),
  ];
  assert.ok(parts.length > 1, 'it splits');
  for (const part of parts) assert.ok(part.every(id => members.has(id)), 'no part mixes in other incidents');
  assert.equal(parts.reduce((n, p) => n + p.length, 0), cluster.count);
});

test('members are listed only when asked', () => {
  const index = new ClusterIndex(Supercluster);
  const a = index.answer(ask(storm(300), 7, false));
  assert.ok(a.clusters.length > 0 && a.clusters.every(c => c.members === undefined));
});
