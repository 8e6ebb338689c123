// @ts-check
// The clustering of the map's open incidents, as the map's worker (cluster-worker.js) runs it: plain, so node tests it
// without a browser. It keeps every incident's place and band, takes changes by incident id, and answers what is in a
// view: each cluster with its count and members counted by band, and the single incidents. supercluster has no
// incremental update, so a change of the set or of a place rebuilds the index (once per request, however many changes
// it brings); a change of band alone does not, because bands are counted from the leaves when answering.
import { noBands, worstOf } from './bands.js';

/**
 * @typedef {import('./bands.js').Band} Band
 *
 * @typedef {{ id: string, lon: number, lat: number, band: Band } | { id: string, gone: true }} Change an incident as it
 * now stands, or gone from the map
 *
 * @typedef {object} ClusterRequest what the map asks: the changes since its last request, and its view
 * @property {number} version the map's count of changes, echoed so the map knows which changes an answer includes
 * @property {number} view the map's count of view changes, echoed so an answer for an earlier view can be dropped
 * @property {Change[]} changes
 * @property {[number, number, number, number]} bbox west, south, east, north
 * @property {number} zoom
 * @property {boolean} members whether each cluster's member ids are wanted (the browser tests' accounting)
 *
 * @typedef {object} Cluster
 * @property {number} id the cluster's id in this index (renumbered by a rebuild)
 * @property {number} lon
 * @property {number} lat
 * @property {number} count
 * @property {Record<Band, number>} counts its members by band
 * @property {Band} band the worst of them
 * @property {number} expansionZoom the zoom at which it first splits
 * @property {string[]} [members] its incidents' ids, when asked
 *
 * @typedef {object} ClusterAnswer
 * @property {number} version
 * @property {number} view
 * @property {Cluster[]} clusters
 * @property {{ id: string, lon: number, lat: number }[]} singles
 * @property {boolean} rebuilt whether the index was rebuilt for this answer
 * @property {number} ms the worker's time for it
 *
 * @typedef {object} Point
 * @property {any} feature the GeoJSON point supercluster indexes, kept so a rebuild makes no new objects
 * @property {Band} band
 */

export const RADIUS_PX = 60; // incidents closer than this on screen share a cluster
export const MAX_CLUSTER_ZOOM = 15; // from zoom 16 (a few streets) every incident is its own marker

export class ClusterIndex {
  /** @param {typeof Supercluster} Index supercluster's class (a global in the worker, an import in node) */
  constructor(Index) {
    this.Index = Index;
    /** @type {Map<string, Point>} */
    this.points = new Map();
    /** @type {Supercluster | null} */
    this.index = null;
    this.stale = true; // the index no longer has the incidents' set or places
    this.rebuilds = 0;
  }

  /** @param {Change[]} changes */
  apply(changes) {
    for (const c of changes) {
      if ('gone' in c) {
        if (this.points.delete(c.id)) this.stale = true;
        continue;
      }
      const known = this.points.get(c.id);
      if (known && known.feature.geometry.coordinates[0] === c.lon && known.feature.geometry.coordinates[1] === c.lat) {
        known.band = c.band;
        continue;
      }
      this.points.set(c.id, { band: c.band, feature: { type: 'Feature', properties: { id: c.id }, geometry: { type: 'Point', coordinates: [c.lon, c.lat] } } });
      this.stale = true;
    }
  }

  /** @returns {Supercluster} */
  current() {
    if (this.stale || !this.index) {
      const features = [];
      for (const p of this.points.values()) features.push(p.feature);
      this.index = new this.Index({ radius: RADIUS_PX, maxZoom: MAX_CLUSTER_ZOOM }).load(features);
      this.stale = false;
      this.rebuilds++;
    }
    return this.index;
  }

  /**
   * Applies the request's changes and answers for its view.
   * @param {ClusterRequest} request
   * @returns {ClusterAnswer}
   */
  answer(request, clock = () => performance.now()) {
    const started = clock();
    this.apply(request.changes);
    const rebuilt = this.stale;
    const index = this.current();
    /** @type {Cluster[]} */
    const clusters = [];
    /** @type {{ id: string, lon: number, lat: number }[]} */
    const singles = [];
    for (const f of index.getClusters(request.bbox, request.zoom)) {
      const [lon, lat] = f.geometry.coordinates;
      if (!f.properties.cluster) {
        singles.push({ id: f.properties.id, lon, lat });
        continue;
      }
      const id = f.properties.cluster_id;
      const counts = noBands();
      /** @type {string[]} */
      const members = [];
      for (const leaf of index.getLeaves(id, Infinity)) {
        const p = this.points.get(leaf.properties.id);
        if (p) counts[p.band]++;
        if (request.members) members.push(leaf.properties.id);
      }
      /** @type {Cluster} */
      const cluster = { id, lon, lat, count: f.properties.point_count, counts, band: worstOf(counts) ?? 'met', expansionZoom: index.getClusterExpansionZoom(id) };
      if (request.members) cluster.members = members;
      clusters.push(cluster);
    }
    return { version: request.version, view: request.view, clusters, singles, rebuilt, ms: clock() - started };
  }
}
