// Keeps a map in step with the silo: join a group, read its snapshot, then apply deltas. Every region and incident
// carries a version, so a delta older than what the snapshot already showed is ignored; a gap in a group's sequence
// means a delta was missed (a slow connection, a dropped event), and the group is read again.
import { api, token } from './session.js';

export class LiveCity {
  constructor(handlers) {
    this.handlers = handlers; // { region(r), incident(i), alert(a), today(t), status(s) }
    this.groups = new Map(); // group -> { sequence, ready, buffer }
    this.versions = new Map(); // region code or incident id -> version
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

  async watch(group) {
    if (this.groups.has(group)) return;
    this.groups.set(group, { sequence: 0, ready: false, buffer: [] });
    await this.resync(group);
  }

  async unwatch(group) {
    if (!this.groups.delete(group)) return;
    if (this.connection.state === 'Connected') await this.connection.invoke('Leave', group);
  }

  async resync(group) {
    const state = this.groups.get(group);
    if (!state) return;
    state.ready = false;
    state.buffer = [];
    const joined = await this.connection.invoke('Join', group); // deltas from now on are buffered
    const response = await api(`/api/v1/live/${group}`);
    if (!response.ok) throw new Error(`snapshot ${group}: ${response.status}`);
    const snapshot = await response.json();
    if (!this.groups.has(group)) return;
    state.sequence = joined.sequence;
    this.applyRegion(snapshot.region);
    snapshot.children.forEach(r => this.applyRegion(r));
    snapshot.incidents.forEach(i => this.applyIncident(i));
    if (snapshot.today) this.handlers.today?.(snapshot.today);
    this.handlers.snapshot?.(group, snapshot);
    state.ready = true;
    const buffered = state.buffer;
    state.buffer = [];
    for (const d of buffered) this.onDelta(d);
  }

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

  applyRegion(region) {
    if (!this.newer(region.code, region.version)) return;
    this.handlers.region?.(region);
  }

  applyIncident(incident) {
    if (!this.newer(incident.id, incident.version)) return;
    this.handlers.incident?.(incident);
  }

  newer(key, version) {
    const known = this.versions.get(key);
    if (known !== undefined && known > version) return false;
    this.versions.set(key, version);
    return true;
  }
}

export const openStages = new Set(['Reported', 'Dispatched', 'Accepted', 'EnRoute', 'OnScene', 'Escalated']);

/** Time left to a deadline as h:mm:ss (negative when overdue), and its colour band. */
export function countdown(respondBy, firstOnSceneAt, now = Date.now()) {
  const left = new Date(respondBy).getTime() - now;
  const band = firstOnSceneAt ? 'met' : left <= 0 ? 'red' : left <= 30 * 60_000 ? 'amber' : 'green';
  const s = Math.floor(Math.abs(left) / 1000);
  const text = `${left < 0 ? '-' : ''}${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  return { left, band, text };
}
