// @ts-check
// LiveCity against a stand-in hub connection and snapshot endpoint: what it does when asked to resync while it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';

/** @type {string[]} */
const calls = [];
/** @type {(() => void)[]} */
const pendingSnapshots = [];
let sequence = 10;

const storage = { getItem: () => null, setItem: () => {}, removeItem: () => {} };
Object.assign(globalThis, {
  localStorage: storage,
  sessionStorage: storage,
  signalR: {
    LogLevel: { Warning: 3 },
    HubConnectionBuilder: class {
      withUrl() { return this; }
      configureLogging() { return this; }
      withAutomaticReconnect() { return this; }
      build() {
        return {
          state: 'Connected', on() {}, onreconnecting() {}, onreconnected() {},
          invoke: async (/** @type {string} */ method, /** @type {string} */ group) => { calls.push(`${method} ${group}`); return { group, sequence }; },
        };
      }
    },
  },
  // Each snapshot answers only when the test lets it, so two reads could overlap if nothing stopped them.
  fetch: (/** @type {string} */ url) => new Promise(resolve => {
    calls.push(`GET ${url}`);
    pendingSnapshots.push(() => resolve(/** @type {Response} */ (/** @type {unknown} */ ({
      ok: true, status: 200,
      json: async () => ({ region: { code: '500103', version: 1, totals: {} }, children: [], incidents: [] }),
    }))));
  }),
});
const { LiveCity } = await import('../src/js/live.js');

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

test('a resync asked for during a resync does not run beside it: the group is read once more after', async () => {
  let snapshots = 0;
  const city = new LiveCity({ snapshot: () => { snapshots++; } });
  const watching = city.watch('500103');
  await settle();
  const second = city.resync('500103');
  const third = city.resync('500103');
  await settle();
  assert.deepEqual(calls, ['Join 500103', 'GET /api/v1/live/500103']); // one read at a time

  sequence = 12;
  pendingSnapshots.shift()?.();
  await settle();
  assert.deepEqual(calls.slice(2), ['Join 500103', 'GET /api/v1/live/500103']); // the two asks make one more read
  pendingSnapshots.shift()?.();
  await Promise.all([watching, second, third]);

  assert.equal(snapshots, 2);
  assert.equal(city.groups.get('500103')?.sequence, 12);
  assert.equal(city.groups.get('500103')?.ready, true);
  assert.equal(pendingSnapshots.length, 0);
});

test('deltas that arrive while the snapshot is read wait in the buffer, then are applied in order', async () => {
  calls.length = 0;
  sequence = 20;
  /** @type {number[]} */
  const applied = [];
  const city = new LiveCity({ delta: d => { applied.push(d.sequence); } });
  const watching = city.watch('500105');
  await settle();
  const delta = (/** @type {number} */ n) => ({ group: '500105', sequence: n, regions: [], incidents: [], alerts: [] });
  city.onDelta(delta(21));
  city.onDelta(delta(22));
  pendingSnapshots.shift()?.();
  await watching;
  assert.deepEqual(applied, [21, 22]);
});
