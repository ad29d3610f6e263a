// click.created in the click batch's transaction (synchronous, as better-sqlite3's are): one
// read of the small endpoint table per batch when nobody subscribes, through a statement
// prepared once per connection (building and compiling it for every batch cost the writer
// thread more than the read itself).
import { and, eq, like } from 'drizzle-orm';
import type { NewClick, RecordedClick } from '../repos.js';
import { CLICK_EVENT, clickEvents, clickSubscribers } from '../../services/events/click-events.js';
import type { Db } from './open.js';
import { deliveries, eventEndpoints, events } from './schema.js';

export type WriteClickEvents = (batch: NewClick[], recorded: RecordedClick[]) => void;

export function prepareClickEvents(db: Db): WriteClickEvents {
  const subscribed = db.select({ id: eventEndpoints.id, partnerId: eventEndpoints.partnerId, events: eventEndpoints.events }).from(eventEndpoints)
    .where(and(eq(eventEndpoints.enabled, true), like(eventEndpoints.events, `%"${CLICK_EVENT}"%`))).prepare();
  return (batch, recorded) => {
    for (const event of clickEvents(batch, recorded, clickSubscribers(subscribed.all()))) {
      const { id } = db.insert(events).values({ type: CLICK_EVENT, partnerId: event.partnerId, data: event.data, createdAt: event.createdAt }).returning({ id: events.id }).get();
      db.insert(deliveries).values(event.endpointIds.map((endpointId) => ({ eventId: id, endpointId, nextAttemptAt: event.createdAt }))).run();
    }
  };
}
