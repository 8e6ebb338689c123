// The two libraries the pages load as classic scripts (no bundler), as the modules see them: globals.
// SignalR ships its own types; Leaflet's are a separate package we do not install, so its few types are `any` here.

declare const signalR: typeof import('@microsoft/signalr');

/** idb 8.0.4's UMD build (/lib/idb/umd.js): the worker's outbox keeps its entries in IndexedDB through it. */
declare const idb: typeof import('idb');

/** ECharts 6.1.0's browser build (/lib/echarts/echarts.min.js): the reports page draws its two charts with it. */
declare const echarts: typeof import('echarts');

/**
 * supercluster 9.1.0's browser build (/lib/supercluster/supercluster.min.js): the map clusters incidents with it. Its
 * own types need the geojson package, which we do not install; the few calls the map makes are typed here.
 */
declare class Supercluster {
  constructor(options?: { radius?: number; maxZoom?: number; minPoints?: number });
  load(points: any[]): Supercluster;
  getClusters(bbox: [number, number, number, number], zoom: number): any[];
  getLeaves(clusterId: number, limit?: number, offset?: number): any[];
  getClusterExpansionZoom(clusterId: number): number;
}

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
