// click.created in the click batch's transaction: one read of the small endpoint table per
// batch when nobody subscribes; otherwise the batch's events in one INSERT, then their deliveries.
import { and, eq, like } from 'drizzle-orm';
import type { NewClick, RecordedClick } from '../repos.js';
import { CLICK_EVENT, clickEvents, clickSubscribers } from '../../services/events/click-events.js';
import type { PgDb } from './open.js';
import { deliveries, eventEndpoints, events } from './schema.js';

export async function writeClickEvents(tx: PgDb, batch: NewClick[], recorded: RecordedClick[]): Promise<void> {
  const endpoints = await tx.select({ id: eventEndpoints.id, partnerId: eventEndpoints.partnerId, events: eventEndpoints.events }).from(eventEndpoints)
    .where(and(eq(eventEndpoints.enabled, true), like(eventEndpoints.events, `%"${CLICK_EVENT}"%`)));
  const list = clickEvents(batch, recorded, clickSubscribers(endpoints));
  if (list.length === 0) return;
  // Ids come from one sequence in VALUES order: sorted, they pair with the list.
  const ids = (await tx.insert(events).values(list.map((e) => ({ type: CLICK_EVENT, partnerId: e.partnerId, data: e.data, createdAt: e.createdAt })))
    .returning({ id: events.id })).map((row) => row.id).sort((a, b) => a - b);
  await tx.insert(deliveries).values(list.flatMap((e, i) => e.endpointIds.map((endpointId) => ({ eventId: ids[i]!, endpointId, nextAttemptAt: e.createdAt }))));
}
