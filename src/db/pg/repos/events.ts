import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { DueDelivery, EventRepo } from '../../repos.js';
import { first } from '../dialect.js';
import type { PgDb } from '../open.js';
import { deliveries, eventEndpoints, events } from '../schema.js';

/** The oldest pending delivery of the endpoint row in scope: the head of its queue. */
// Written out: drizzle would name the outer column unqualified, and inside the subquery "id" is the delivery's.
const headOf = sql<number | null>`(select d.id from deliveries d where d.endpoint_id = "event_endpoints"."id" and d.status = 'pending' order by d.id limit 1)`;

export function createEventRepo(db: PgDb): EventRepo {
  return {
    async insertEndpoint(values) {
      return (await db.insert(eventEndpoints).values({ ...values, updatedAt: values.createdAt }).returning())[0]!;
    },
    async findEndpoint(id) {
      return first(await db.select().from(eventEndpoints).where(eq(eventEndpoints.id, id)));
    },
    async listEndpoints(partnerId) {
      const where = partnerId === undefined ? undefined : partnerId === null ? isNull(eventEndpoints.partnerId) : eq(eventEndpoints.partnerId, partnerId);
      return db.select().from(eventEndpoints).where(where).orderBy(asc(eventEndpoints.id));
    },
    async updateEndpoint(id, patch) {
      return first(await db.update(eventEndpoints).set(patch).where(eq(eventEndpoints.id, id)).returning());
    },
    async deleteEndpoint(id) {
      await db.transaction(async (tx) => {
        await tx.delete(deliveries).where(eq(deliveries.endpointId, id));
        await tx.delete(eventEndpoints).where(eq(eventEndpoints.id, id));
      });
    },
    async endpointsFor(partnerId) {
      const owner = partnerId === null ? isNull(eventEndpoints.partnerId) : or(isNull(eventEndpoints.partnerId), eq(eventEndpoints.partnerId, partnerId));
      return db.select().from(eventEndpoints).where(owner);
    },
    async insertEvent(values) {
      return (await db.insert(events).values(values).returning())[0]!;
    },
    async findEvent(id) {
      return first(await db.select().from(events).where(eq(events.id, id)));
    },
    async listEvents({ partnerId, from, to, limit, afterId = 0, types }) {
      const scope = partnerId === null ? undefined : eq(events.partnerId, partnerId);
      const ofTypes = types === undefined ? undefined : inArray(events.type, types);
      return db.select().from(events).where(and(scope, ofTypes, gt(events.id, afterId), gte(events.createdAt, from), lte(events.createdAt, to)))
        .orderBy(asc(events.id)).limit(limit);
    },
    async queue(eventId, endpointIds, at) {
      if (endpointIds.length === 0) return;
      await db.insert(deliveries).values(endpointIds.map((endpointId) => ({ eventId, endpointId, nextAttemptAt: at })))
        .onConflictDoUpdate({
          target: [deliveries.eventId, deliveries.endpointId],
          set: { status: 'pending', attempts: 0, nextAttemptAt: at, lockedUntil: 0, lastError: null, deliveredAt: null },
        });
    },
    async claimDue(now, leaseUntil, limit) {
      // One index seek per enabled endpoint (deliveries_due_idx), not a scan of every pending row.
      const heads = (await db.select({ id: headOf }).from(eventEndpoints).where(eq(eventEndpoints.enabled, true)))
        .map((row) => row.id).filter((id): id is number => id !== null);
      if (heads.length === 0) return [];
      // SKIP LOCKED: a row another instance is claiming right now is left to it.
      const rows = await db.select({ delivery: deliveries, event: events, endpoint: eventEndpoints }).from(deliveries)
        .innerJoin(events, eq(events.id, deliveries.eventId))
        .innerJoin(eventEndpoints, eq(eventEndpoints.id, deliveries.endpointId))
        .where(and(inArray(deliveries.id, heads), eq(eventEndpoints.enabled, true),
          lte(deliveries.nextAttemptAt, now), lte(deliveries.lockedUntil, now)))
        .orderBy(asc(deliveries.id)).limit(limit)
        .for('update', { of: deliveries, skipLocked: true }) as DueDelivery[];
      if (rows.length > 0) {
        await db.update(deliveries).set({ lockedUntil: leaseUntil }).where(inArray(deliveries.id, rows.map((r) => r.delivery.id)));
      }
      return rows.map((row) => ({ ...row, delivery: { ...row.delivery, lockedUntil: leaseUntil } }));
    },
    async resumeDeliveries(endpointId, at) {
      await db.update(deliveries).set({ nextAttemptAt: at })
        .where(and(eq(deliveries.endpointId, endpointId), eq(deliveries.status, 'pending'), gt(deliveries.nextAttemptAt, at)));
    },
    async updateDelivery(id, patch, lockedUntil) {
      const claimed = lockedUntil === undefined ? undefined : eq(deliveries.lockedUntil, lockedUntil);
      return ((await db.update(deliveries).set(patch).where(and(eq(deliveries.id, id), claimed))).rowCount ?? 0) > 0;
    },
    async listDeliveries(endpointId, limit) {
      return (await db.select({ delivery: deliveries, type: events.type, createdAt: events.createdAt }).from(deliveries)
        .innerJoin(events, eq(events.id, deliveries.eventId))
        .where(eq(deliveries.endpointId, endpointId)).orderBy(desc(deliveries.id)).limit(limit))
        .map((row) => ({ ...row.delivery, type: row.type, createdAt: row.createdAt }));
    },
    async pendingCount() {
      return Number((await db.select({ n: sql<string>`count(*)` }).from(deliveries).where(eq(deliveries.status, 'pending')))[0]?.n ?? 0);
    },
  };
}
