import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { DueDelivery, EventRepo } from '../../repos.js';
import type { Db } from '../open.js';
import { deliveries, eventEndpoints, events } from '../schema.js';

/** The oldest pending delivery of the endpoint row in scope: the head of its queue. */
// Written out: drizzle would name the outer column unqualified, and inside the subquery "id" is the delivery's.
const headOf = sql<number | null>`(select d.id from deliveries d where d.endpoint_id = "event_endpoints"."id" and d.status = 'pending' order by d.id limit 1)`;

export function createEventRepo(db: Db): EventRepo {
  return {
    async insertEndpoint(values) {
      return db.insert(eventEndpoints).values({ ...values, updatedAt: values.createdAt }).returning().get();
    },
    async findEndpoint(id) {
      return db.select().from(eventEndpoints).where(eq(eventEndpoints.id, id)).get() ?? null;
    },
    async listEndpoints(partnerId) {
      const where = partnerId === undefined ? undefined : partnerId === null ? isNull(eventEndpoints.partnerId) : eq(eventEndpoints.partnerId, partnerId);
      return db.select().from(eventEndpoints).where(where).orderBy(asc(eventEndpoints.id)).all();
    },
    async updateEndpoint(id, patch) {
      return db.update(eventEndpoints).set(patch).where(eq(eventEndpoints.id, id)).returning().get() ?? null;
    },
    async deleteEndpoint(id) {
      db.transaction((tx) => {
        tx.delete(deliveries).where(eq(deliveries.endpointId, id)).run();
        tx.delete(eventEndpoints).where(eq(eventEndpoints.id, id)).run();
      });
    },
    async endpointsFor(partnerId) {
      const owner = partnerId === null ? isNull(eventEndpoints.partnerId) : or(isNull(eventEndpoints.partnerId), eq(eventEndpoints.partnerId, partnerId));
      return db.select().from(eventEndpoints).where(owner).all();
    },
    async insertEvent(values) {
      return db.insert(events).values(values).returning().get();
    },
    async findEvent(id) {
      return db.select().from(events).where(eq(events.id, id)).get() ?? null;
    },
    async listEvents({ partnerId, from, to, limit, afterId = 0, types }) {
      const scope = partnerId === null ? undefined : eq(events.partnerId, partnerId);
      const ofTypes = types === undefined ? undefined : inArray(events.type, types);
      return db.select().from(events).where(and(scope, ofTypes, gt(events.id, afterId), gte(events.createdAt, from), lte(events.createdAt, to)))
        .orderBy(asc(events.id)).limit(limit).all();
    },
    async queue(eventId, endpointIds, at) {
      if (endpointIds.length === 0) return;
      db.insert(deliveries).values(endpointIds.map((endpointId) => ({ eventId, endpointId, nextAttemptAt: at })))
        .onConflictDoUpdate({
          target: [deliveries.eventId, deliveries.endpointId],
          set: { status: 'pending', attempts: 0, nextAttemptAt: at, lockedUntil: 0, lastError: null, deliveredAt: null },
        }).run();
    },
    async claimDue(now, leaseUntil, limit) {
      // The head of each endpoint's queue: later events wait behind it, so they arrive in order.
      // One index seek per enabled endpoint (deliveries_due_idx), not a scan of every pending
      // row: a backlog of thousands (click.created) must not make each round slower.
      const heads = db.select({ id: headOf }).from(eventEndpoints).where(eq(eventEndpoints.enabled, true)).all()
        .map((row) => row.id).filter((id): id is number => id !== null);
      if (heads.length === 0) return [];
      const rows = db.select({ delivery: deliveries, event: events, endpoint: eventEndpoints }).from(deliveries)
        .innerJoin(events, eq(events.id, deliveries.eventId))
        .innerJoin(eventEndpoints, eq(eventEndpoints.id, deliveries.endpointId))
        .where(and(inArray(deliveries.id, heads), eq(eventEndpoints.enabled, true),
          lte(deliveries.nextAttemptAt, now), lte(deliveries.lockedUntil, now)))
        .orderBy(asc(deliveries.id)).limit(limit).all() as DueDelivery[];
      if (rows.length > 0) {
        db.update(deliveries).set({ lockedUntil: leaseUntil }).where(inArray(deliveries.id, rows.map((r) => r.delivery.id))).run();
      }
      return rows.map((row) => ({ ...row, delivery: { ...row.delivery, lockedUntil: leaseUntil } }));
    },
    async resumeDeliveries(endpointId, at) {
      db.update(deliveries).set({ nextAttemptAt: at })
        .where(and(eq(deliveries.endpointId, endpointId), eq(deliveries.status, 'pending'), gt(deliveries.nextAttemptAt, at))).run();
    },
    async updateDelivery(id, patch, lockedUntil) {
      const claimed = lockedUntil === undefined ? undefined : eq(deliveries.lockedUntil, lockedUntil);
      return db.update(deliveries).set(patch).where(and(eq(deliveries.id, id), claimed)).run().changes > 0;
    },
    async listDeliveries(endpointId, limit) {
      return db.select({ delivery: deliveries, type: events.type, createdAt: events.createdAt }).from(deliveries)
        .innerJoin(events, eq(events.id, deliveries.eventId))
        .where(eq(deliveries.endpointId, endpointId)).orderBy(desc(deliveries.id)).limit(limit).all()
        .map((row) => ({ ...row.delivery, type: row.type, createdAt: row.createdAt }));
    },
    async pendingCount() {
      return db.select({ n: sql<number>`count(*)` }).from(deliveries).where(eq(deliveries.status, 'pending')).get()?.n ?? 0;
    },
  };
}
