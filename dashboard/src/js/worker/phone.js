// @ts-check
// The phone's line to the service: the hub tells it each change of its responder's duty and assignment as it happens
// ("assignment" messages). On connecting and after every reconnect it joins its responder's pushes, which answer the
// responder as it is now: one read, then it only listens.
import { token } from '../session.js';

/**
 * @typedef {object} ResponderNow what the hub says of the phone's responder
 * @property {string} duty OffDuty, Available, Assigned, EnRoute or OnScene
 * @property {string | null} assignment the incident, while assigned
 *
 * @typedef {object} PhoneHandlers
 * @property {(now: ResponderNow) => void} responder each change, and the state on (re)connecting
 * @property {(status: 'live' | 'reconnecting' | 'offline') => void} status
 * @property {() => void} reconnected the network is back: send what waits
 */

/** @param {PhoneHandlers} handlers */
export function connect(handlers) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/city', { accessTokenFactory: token })
    .configureLogging(signalR.LogLevel.Warning) // its informational lines print the URL, token included
    // Never giving up: a phone in the mountains loses the network for longer than any fixed schedule.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => [0, 1000, 2000, 5000][context.previousRetryCount] ?? 10000 })
    .build();
  connection.on('assignment', (/** @type {ResponderNow} */ change) => handlers.responder(change));
  const watch = async () => {
    const now = await connection.invoke('WatchAssignments');
    handlers.responder({ duty: now.duty, assignment: now.assignment ?? null });
    handlers.status('live');
  };
  connection.onreconnecting(() => handlers.status('reconnecting'));
  connection.onreconnected(async () => { await watch(); handlers.reconnected(); });
  connection.onclose(() => handlers.status('offline')); // not after a lost network: reconnecting never gives up
  const start = async () => {
    try {
      await connection.start();
      await watch();
    } catch {
      handlers.status('offline');
      // The first connection failed (no network at start): try again. Once connected, reconnecting is SignalR's.
      if (connection.state === 'Disconnected') setTimeout(start, 10000);
    }
  };
  return start();
}
