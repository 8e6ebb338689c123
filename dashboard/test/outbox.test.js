// @ts-check
// The worker's outbox: stored before it is sent, sent in order, kept while the network does not answer, a double tap
// queued once, and the key a change got when tapped is the key every resend carries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox, MemoryStore, outcomeOf, sameChange } from '../src/js/worker/outbox.js';
import { projected, buttonsFor } from '../src/js/worker/steps.js';

/** @param {string} key @param {string} url @param {unknown} [body] */
const change = (key, url, body = {}) => ({ key, kind: /** @type {const} */ ('step'), method: 'POST', url, body, label: url });

test('a flush with nothing to send leaves the outbox ready for the next', async () => {
  const outbox = new Outbox(new MemoryStore());
  await outbox.flush(async () => 'sent');
  await outbox.add(change('k1', '/a'));
  /** @type {string[]} */
  const sent = [];
  await outbox.flush(async e => { sent.push(e.key); return 'sent'; });
  assert.deepEqual(sent, ['k1']);
});

test('a change is in the store before it is sent, and leaves it once the service has it', async () => {
  const store = new MemoryStore();
  const outbox = new Outbox(store);
  await outbox.add(change('k1', '/a'));
  assert.deepEqual((await store.all()).map(e => e.key), ['k1']);
  /** @type {string[]} */
  const seen = [];
  await outbox.flush(async e => { seen.push(e.key); assert.equal((await store.all()).length, 1, 'still stored while it is being sent'); return 'sent'; });
  assert.deepEqual(seen, ['k1']);
  assert.deepEqual(await store.all(), []);
  assert.deepEqual(outbox.pending, []);
});

test('without network everything stays queued, in order, and goes in order with its first key when the network is back', async () => {
  const store = new MemoryStore();
  const outbox = new Outbox(store);
  await outbox.add({ ...change('report-1', '/api/v1/incidents'), kind: 'report' });
  await outbox.add(change('step-1', '/x/acceptance'));
  await outbox.add(change('step-2', '/x/en-route'));
  /** @type {string[]} */
  const attempts = [];
  let online = false;
  const send = async (/** @type {import('../src/js/worker/outbox.js').Entry} */ e) => {
    attempts.push(e.key);
    if (!online) throw new TypeError('Failed to fetch');
    return /** @type {const} */ ('sent');
  };
  await outbox.flush(send);
  await outbox.flush(send);
  assert.deepEqual(attempts, ['report-1', 'report-1'], 'the first is tried, and nothing behind it overtakes it');
  assert.deepEqual(outbox.pending.map(e => e.key), ['report-1', 'step-1', 'step-2']);

  // A reload in between: a new outbox over the same store finds the same entries, in the same order.
  const reloaded = new Outbox(store);
  await reloaded.load();
  online = true;
  attempts.length = 0;
  await reloaded.flush(send);
  assert.deepEqual(attempts, ['report-1', 'step-1', 'step-2']);
  assert.deepEqual(reloaded.pending, []);
});

test('a double tap while the first is waiting is one entry; the same tap after it was sent is a new one', async () => {
  const outbox = new Outbox(new MemoryStore());
  const first = await outbox.add(change('k1', '/x/acceptance'));
  const second = await outbox.add(change('k2', '/x/acceptance'));
  assert.equal(first.added, true);
  assert.equal(second.added, false);
  assert.equal(second.entry.key, 'k1', 'the waiting one, with its key');
  assert.equal(outbox.pending.length, 1);
  // The same report form sent twice carries the same key: one entry too.
  await outbox.add({ ...change('r1', '/api/v1/incidents', { a: 1 }), kind: 'report' });
  assert.equal((await outbox.add({ ...change('r1', '/api/v1/incidents', { a: 1 }), kind: 'report' })).added, false);
  await outbox.flush(async () => 'sent');
  assert.equal((await outbox.add(change('k3', '/x/acceptance'))).added, true);
});

test('two taps arriving together, before the first is stored, are one entry', async () => {
  const store = new MemoryStore();
  const slow = { ...store, all: () => store.all(), remove: (/** @type {string} */ k) => store.remove(k),
    put: async (/** @type {import('../src/js/worker/outbox.js').Entry} */ e) => { await new Promise(r => setTimeout(r, 5)); await store.put(e); } };
  const outbox = new Outbox(slow);
  const [first, second] = await Promise.all([outbox.add(change('k1', '/x/en-route')), outbox.add(change('k2', '/x/en-route'))]);
  assert.deepEqual([first.added, second.added], [true, false]);
  assert.deepEqual((await store.all()).map(e => e.key), ['k1']);
});

test('on, off, on duty are three changes: only a repeat of the last one waiting is a double tap', async () => {
  const outbox = new Outbox(new MemoryStore());
  for (const [key, onDuty] of /** @type {const} */ ([['d1', true], ['d2', false], ['d3', true]]))
    await outbox.add({ ...change(key, '/r/duty', { onDuty }), kind: 'duty' });
  assert.deepEqual(outbox.pending.map(e => e.key), ['d1', 'd2', 'd3']);
});

test('a tap during a flush is sent by that flush, once, after what was before it', async () => {
  const outbox = new Outbox(new MemoryStore());
  await outbox.add(change('k1', '/a'));
  /** @type {string[]} */
  const sent = [];
  /** @type {() => void} */
  let release = () => {};
  const gate = new Promise(resolve => { release = () => resolve(undefined); });
  const send = async (/** @type {import('../src/js/worker/outbox.js').Entry} */ e) => { sent.push(e.key); if (e.key === 'k1') await gate; return /** @type {const} */ ('sent'); };
  const running = outbox.flush(send);
  await outbox.add(change('k2', '/b'));
  const joined = outbox.flush(send); // the 'online' event firing while the first flush runs
  release();
  await Promise.all([running, joined]);
  assert.deepEqual(sent, ['k1', 'k2']);
});

test('a change the service refuses is dropped and told; what follows still goes', async () => {
  const outbox = new Outbox(new MemoryStore());
  await outbox.add(change('k1', '/a'));
  await outbox.add(change('k2', '/b'));
  /** @type {string[]} */
  const told = [];
  await outbox.flush(async e => (e.key === 'k1' ? 'refused' : 'sent'), (e, outcome) => told.push(`${e.key} ${outcome}`));
  assert.deepEqual(told, ['k1 refused', 'k2 sent']);
  assert.deepEqual(outbox.pending, []);
});

test('what an answer means for a queued change', () => {
  assert.equal(outcomeOf(201), 'sent');
  assert.equal(outcomeOf(200), 'sent'); // a replay: the service had it already
  for (const status of [0, 408, 429, 500, 503]) assert.equal(outcomeOf(status), 'retry', String(status));
  for (const status of [400, 403, 404, 409]) assert.equal(outcomeOf(status), 'refused', String(status));
  assert.equal(sameChange(change('a', '/x', { n: 1 }), change('b', '/x', { n: 2 })), false);
});

test('steps still waiting move the assignment on, so the next button shows without network', () => {
  const waiting = [{ incidentId: 'I1', step: 'acceptance' }, { incidentId: 'I2', step: 'on-scene' }];
  assert.equal(projected('Dispatched', waiting, 'I1'), 'Accepted');
  assert.deepEqual(buttonsFor('Accepted'), { accept: false, refuse: false, enRoute: true, onScene: true });
  assert.equal(projected('Dispatched', [...waiting, { incidentId: 'I1', step: 'en-route' }], 'I1'), 'EnRoute');
  assert.equal(projected('OnScene', waiting, 'I1'), 'OnScene', 'a late resend does not move it back');
  assert.deepEqual(buttonsFor('OnScene'), { accept: false, refuse: false, enRoute: false, onScene: false });
});
