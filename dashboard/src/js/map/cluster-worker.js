// @ts-check
// The map's clustering off the main thread (a module worker, started by incidents.js): supercluster's rebuild of a
// storm's thousands of points costs 9–13 ms, which on the main thread was most of each delta's cost. The library's
// browser build is a UMD script; imported as a module it finds no `this` and defines the global on globalThis.
import '/lib/supercluster/supercluster.min.js';
import { ClusterIndex } from './cluster-index.js';

const index = new ClusterIndex(Supercluster);

// One request at a time from the map: its changes, then an answer for its view.
self.onmessage = (/** @type {MessageEvent<import('./cluster-index.js').ClusterRequest>} */ e) => {
  self.postMessage(index.answer(e.data));
};
