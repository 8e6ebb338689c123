// @ts-check
// An assignment's steps as the worker sees them: the status the service last said, moved on by the steps still
// waiting in the outbox, so a worker without network can tap accept and then "on my way".

/** The step each button sends (the path under /assignments/{responder}/) and the status it leads to. */
export const STEPS = /** @type {const} */ ({ acceptance: 'Accepted', 'en-route': 'EnRoute', 'on-scene': 'OnScene', refusal: 'Released' });

const ORDER = ['Dispatched', 'Accepted', 'EnRoute', 'OnScene'];

/**
 * @param {string} status the assignment's status as last read
 * @param {{ step?: string, incidentId?: string }[]} pending the outbox's entries, oldest first
 * @param {string} incidentId
 */
export function projected(status, pending, incidentId) {
  let now = status;
  for (const entry of pending) {
    if (entry.incidentId !== incidentId || !entry.step) continue;
    const next = STEPS[/** @type {keyof typeof STEPS} */ (entry.step)];
    if (next === 'Released' || ORDER.indexOf(next) > ORDER.indexOf(now)) now = next;
  }
  return now;
}

/**
 * Which buttons an assignment in this status offers.
 * @param {string} status
 */
export function buttonsFor(status) {
  return {
    accept: status === 'Dispatched',
    refuse: status === 'Dispatched',
    enRoute: status === 'Accepted',
    onScene: status === 'Accepted' || status === 'EnRoute',
  };
}
