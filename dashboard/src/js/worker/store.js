// @ts-check
// The outbox's entries in IndexedDB (idb, loaded as /lib/idb/umd.js), one database per signed-in account, so what
// one worker queued is never sent with another's token.
import { MemoryStore } from './outbox.js';

/**
 * @param {string} user
 * @returns {Promise<import('./outbox.js').OutboxStore>}
 */
export async function openStore(user) {
  if (typeof idb === 'undefined' || typeof indexedDB === 'undefined') return new MemoryStore();
  const db = await idb.openDB(`threesocial-outbox-${user}`, 1, {
    upgrade(database) { database.createObjectStore('outbox', { keyPath: 'key' }); },
  });
  return {
    all: () => db.getAll('outbox'),
    put: async entry => { await db.put('outbox', entry); },
    remove: key => db.delete('outbox', key),
  };
}
