// Writing events: in the transaction of the change they report (the unit of work), so that no
// acknowledged change is without its event and no event exists for a change that rolled back.
// The event is queued at once for every endpoint that takes it, a paused or disabled one too (it
// waits until the endpoint is enabled again, as the owner is told); the delivery worker (worker.ts)
// sends them.
import type { TxRepos } from '../../db/repos.js';
import { subscriptionKeys, type NewEvent } from './types.js';

export async function recordEvents(tx: TxRepos, events: NewEvent[], at: number): Promise<void> {
  if (events.length === 0) return;
  for (const event of events) {
    const stored = await tx.events.insertEvent({ type: event.type, partnerId: event.partnerId, data: JSON.stringify(event.data), createdAt: at });
    const keys = subscriptionKeys(event);
    const endpoints = (await tx.events.endpointsFor(event.partnerId)).filter((endpoint) => {
      const wanted = JSON.parse(endpoint.events) as string[];
      return keys.some((key) => wanted.includes(key));
    });
    await tx.events.queue(stored.id, endpoints.map((endpoint) => endpoint.id), at);
  }
}
