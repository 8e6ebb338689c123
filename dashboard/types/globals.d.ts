// The two libraries the pages load as classic scripts (no bundler), as the modules see them: globals.
// SignalR ships its own types; Leaflet's are a separate package we do not install, so its few types are `any` here.

declare const signalR: typeof import('@microsoft/signalr');

/** idb 8.0.4's UMD build (/lib/idb/umd.js): the worker's outbox keeps its entries in IndexedDB through it. */
declare const idb: typeof import('idb');

declare const L: any;
declare namespace L {
  type Map = any;
  type GeoJSON = any;
  type Marker = any;
  type Polygon = any;
  type LatLng = { lat: number; lng: number };
  type PathOptions = Record<string, unknown>;
}

interface Window {
  /** What the browser tests read: the map, its incidents and live totals, the live stream, the user. */
  threeSocial?: unknown;
}
