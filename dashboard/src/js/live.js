// @ts-check
// Keeps a map in step with the silo: join a group, read its snapshot, then apply deltas. Every region and incident
// carries a version, so a delta older than what the snapshot already showed is ignored; a gap in a group's sequence
// means a delta was missed (a slow connection, a dropped event), and the group is read again.
import { api, token } from './session.js';

/**
 * @typedef {import('./rules.js').IncidentSummary} IncidentSummary
 *
 * @typedef {object} LiveRegion
 * @property {string} code
 * @property {number} version
 * @property {Record<string, number>} totals
 *
 * @typedef {object} LiveDelta
 * @property {string} group
 * @property {number} sequence
 * @property {LiveRegion[]} regions
 * @property {IncidentSummary[]} incidents
 * @property {any[]} alerts
 * @property {any} [today]
 *
 * @typedef {object} LiveHandlers Each is optional. snapshot and delta come after the regions and incidents they carried.
 * @property {(region: LiveRegion) => void} [region]
 * @property {(incident: IncidentSummary) => void} [incident]
 * @property {(alert: any) => void} [alert]
 * @property {(today: any) => void} [today]
 * @property {(status: 'live' | 'resync' | 'reconnecting') => void} [status]
 * @property {(group: string) => void} [snapshot]
 * @property {(delta: LiveDelta) => void} [delta]
 *
 * @typedef {object} GroupState
 * @property {number} sequence the last delta applied
 * @property {boolean} ready whether the snapshot is in: until then deltas wait in the buffer
 * @property {LiveDelta[]} buffer
 * @property {Promise<void> | null} resyncing the read under way, which a second request joins
 * @property {boolean} again whether a gap was seen during that read, so it must be read once more after
 */

/** After a failed read, the group is read again this much later (its deltas wait meanwhile). */
const RETRY_MS = 2000;

export class LiveCity {
  /** @param {LiveHandlers} handlers */
  constructor(handlers) {
    this.handlers = handlers;
    /** @type {Map<string, GroupState>} */
    this.groups = new Map();
    /** @type {Map<string, number>} region code or incident id -> version */
    this.versions = new Map();
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/city', { accessTokenFactory: token })
      .configureLogging(signalR.LogLevel.Warning) // its informational lines print the URL, token included
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000])
      .build();
    this.connection.on('delta', d => this.onDelta(d));
    this.connection.on('resync', group => { this.handlers.status?.('resync'); this.resync(group); }); // we fell behind
    this.connection.onreconnecting(() => handlers.status?.('reconnecting'));
    this.connection.onreconnected(() => { handlers.status?.('live'); for (const g of this.groups.keys()) this.resync(g); });
  }

  async start() {
    await this.connection.start();
    this.handlers.status?.('live');
  }

  /** @param {string} group */
  async watch(group) {
    if (this.groups.has(group)) return;
    this.groups.set(group, { sequence: 0, ready: false, buffer: [], resyncing: null, again: false });
    await this.resync(group);
  }

  /** @param {string} group */
  async unwatch(group) {
    if (!this.groups.delete(group)) return;
    if (this.connection.state === 'Connected') await this.connection.invoke('Leave', group);
  }

  /**
   * Reads the group again from its snapshot. One read at a time per group: two interleaved reads would each reset the
   * buffer and the sequence under the other, so a request during a read joins it and asks for one more read after.
   * @param {string} group
   * @returns {Promise<void>}
   */
  resync(group) {
    const state = this.groups.get(group);
    if (!state) return Promise.resolve();
    if (state.resyncing) {
      state.again = true;
      return state.resyncing;
    }
    const reading = (async () => {
      try {
        do {
          state.again = false;
          await this.readSnapshot(group, state);
        } while (state.again && this.groups.get(group) === state);
      } catch (error) {
        console.warn(`live: reading ${group} failed; again in ${RETRY_MS} ms`, error);
        setTimeout(() => { if (this.groups.get(group) === state) this.resync(group); }, RETRY_MS);
      } finally {
        state.resyncing = null;
      }
    })();
    state.resyncing = reading;
    return reading;
  }

  /**
   * @param {string} group
   * @param {GroupState} state
   */
  async readSnapshot(group, state) {
    state.ready = false;
    state.buffer = [];
    const joined = await this.connection.invoke('Join', group); // deltas from now on are buffered
    const response = await api(`/api/v1/live/${group}`);
    if (!response.ok) throw new Error(`snapshot ${group}: ${response.status}`);
    const snapshot = await response.json();
    if (this.groups.get(group) !== state) return; // unwatched meanwhile
    state.sequence = joined.sequence;
    this.applyRegion(snapshot.region);
    snapshot.children.forEach((/** @type {LiveRegion} */ r) => this.applyRegion(r));
    snapshot.incidents.forEach((/** @type {IncidentSummary} */ i) => this.applyIncident(i));
    if (snapshot.today) this.handlers.today?.(snapshot.today);
    this.handlers.snapshot?.(group);
    state.ready = true;
    const buffered = state.buffer;
    state.buffer = [];
    for (const d of buffered) this.onDelta(d);
  }

  /** @param {LiveDelta} delta */
  onDelta(delta) {
    const state = this.groups.get(delta.group);
    if (!state) return;
    if (!state.ready) { state.buffer.push(delta); return; }
    if (delta.sequence > state.sequence + 1) { // missed one: start this group again from a snapshot
      console.info(`live: ${delta.group} jumped from ${state.sequence} to ${delta.sequence}; reading the snapshot again`);
      this.handlers.status?.('resync');
      this.resync(delta.group);
      return;
    }
    state.sequence = Math.max(state.sequence, delta.sequence);
    delta.regions.forEach(r => this.applyRegion(r));
    delta.incidents.forEach(i => this.applyIncident(i));
    delta.alerts.forEach(a => this.handlers.alert?.(a));
    if (delta.today) this.handlers.today?.(delta.today);
    this.handlers.delta?.(delta);
  }

  /** @param {LiveRegion} region */
  applyRegion(region) {
    if (!this.newer(region.code, region.version)) return;
    this.handlers.region?.(region);
  }

  /** @param {IncidentSummary} incident */
  applyIncident(incident) {
    if (!this.newer(incident.id, incident.version)) return;
    this.handlers.incident?.(incident);
  }

  /**
   * @param {string} key
   * @param {number} version
   */
  newer(key, version) {
    const known = this.versions.get(key);
    if (known !== undefined && known > version) return false;
    this.versions.set(key, version);
    return true;
  }
}
