// @ts-check
// What the worker taps is kept on the phone first and sent in order: a report, a duty change or an assignment step
// made without network waits here (IndexedDB in the page, see store.js) and goes when the network is back, with the
// Idempotency-Key it got when it was tapped, so the service counts it once however often it is sent. Pure logic over
// a storage interface: node tests drive it with an in-memory store.

/**
 * @typedef {'report' | 'duty' | 'step'} EntryKind
 *
 * @typedef {object} Entry One change waiting to be sent.
 * @property {string} key its Idempotency-Key, chosen when tapped
 * @property {number} seq its place in the queue (sent in this order)
 * @property {EntryKind} kind
 * @property {string} method
 * @property {string} url
 * @property {unknown} body
 * @property {string} label what the worker sees while it waits
 * @property {string} [incidentId] for an assignment step: its incident
 * @property {string} [step] for an assignment step: acceptance, refusal, en-route or on-scene
 * @property {number} queuedAt ms since the epoch
 *
 * @typedef {object} OutboxStore Where entries survive a reload or a closed tab.
 * @property {() => Promise<Entry[]>} all
 * @property {(entry: Entry) => Promise<void>} put
 * @property {(key: string) => Promise<void>} remove
 *
 * @typedef {'sent' | 'retry' | 'refused'} Outcome sent: the service has it; retry: no answer (offline, 5xx, 429):
 *   keep it and everything after it; refused: the service said no (4xx): drop it, the worker is told
 *
 * @typedef {(entry: Entry) => Promise<Outcome>} Send
 */

/** Whether a new tap repeats the one before it: the same key, or the same request (a double tap). */
export function sameChange(/** @type {Pick<Entry, 'key' | 'method' | 'url' | 'body'>} */ a, /** @type {Pick<Entry, 'key' | 'method' | 'url' | 'body'>} */ b) {
  return a.key === b.key || (a.method === b.method && a.url === b.url && JSON.stringify(a.body ?? null) === JSON.stringify(b.body ?? null));
}

/** What an HTTP status means for a queued change. 0 is no answer at all (the network). */
export function outcomeOf(/** @type {number} */ status) {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry';
  return 'refused';
}

export class Outbox {
  /**
   * @param {OutboxStore} store
   * @param {() => void} [changed] told after every add and every entry sent or dropped
   */
  constructor(store, changed = () => {}) {
    this.store = store;
    this.changed = changed;
    /** @type {Entry[]} */
    this.entries = [];
    /** @type {Promise<void> | null} the flush under way, which a second request joins */
    this.flushing = null;
    this.again = false;
    /** @type {Promise<unknown>} the add under way */
    this.adding = Promise.resolve();
  }

  /** Reads what an earlier visit left queued. */
  async load() {
    this.entries = (await this.store.all()).sort((a, b) => a.seq - b.seq);
    this.changed();
  }

  /** @returns {Entry[]} waiting, oldest first */
  get pending() { return [...this.entries]; }

  /**
   * Queues a change, stored before anything is sent. A repeat of the last one still waiting (a double tap) is that
   * one: nothing new is queued.
   * @param {Omit<Entry, 'seq' | 'queuedAt'>} change
   * @returns {Promise<{ entry: Entry, added: boolean }>}
   */
  add(change) {
    // One at a time: a second tap arriving while the first is being stored sees it (and is that one).
    const adding = this.adding.then(() => this.append(change));
    this.adding = adding.catch(() => {});
    return adding;
  }

  /** @param {Omit<Entry, 'seq' | 'queuedAt'>} change */
  async append(change) {
    const last = this.entries.at(-1);
    if (last && sameChange(last, change)) return { entry: last, added: false };
    /** @type {Entry} */
    const entry = { ...change, seq: (last?.seq ?? 0) + 1, queuedAt: Date.now() };
    await this.store.put(entry);
    this.entries.push(entry);
    this.changed();
    return { entry, added: true };
  }

  /**
   * Sends what waits, in order, one at a time; stops at the first that gets no answer (it and those after it stay,
   * to go next time). A call while one is under way joins it and makes it go round once more.
   * @param {Send} send
   * @param {(entry: Entry, outcome: Outcome) => void} [done] told of each entry sent or refused
   */
  flush(send, done = () => {}) {
    if (this.flushing) { this.again = true; return this.flushing; }
    const run = async () => {
      do {
        this.again = false;
        while (this.entries.length > 0) {
          const entry = this.entries[0];
          /** @type {Outcome} */
          let outcome;
          try { outcome = await send(entry); } catch { outcome = 'retry'; }
          if (outcome === 'retry') return;
          await this.store.remove(entry.key);
          this.entries.shift();
          this.changed();
          done(entry, outcome);
        }
      } while (this.again);
    };
    // Cleared in a callback, never synchronously: a run with nothing to send ends before it could be assigned.
    const flushing = run().finally(() => { this.flushing = null; });
    this.flushing = flushing;
    return flushing;
  }
}

/** In memory: for tests, and for a browser without IndexedDB (nothing then survives a reload). */
export class MemoryStore {
  constructor() {
    /** @type {Map<string, Entry>} */
    this.map = new Map();
  }

  async all() { return [...this.map.values()]; }

  /** @param {Entry} entry */
  async put(entry) { this.map.set(entry.key, structuredClone(entry)); }

  /** @param {string} key */
  async remove(key) { this.map.delete(key); }
}
