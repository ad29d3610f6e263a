// The click ledger: what the referral redirect reads (links, active directions) and writes
// (clicks, dedupe windows), and the query attribution runs over a visitor's clicks.
import { and, asc, desc, eq, gt, isNotNull, lte, sql } from 'drizzle-orm';
import type { ClickLink, ClickRepo, ClickRow, NewClick, RecordedClick } from '../../repos.js';
import { countAll } from '../dialect.js';
import { isCountedClick } from '../counted-clicks.js';
import { toClickLink } from '../../click-link.js';
import type { Db } from '../open.js';
import { clicks, clickWindows, directions, partners, referralLinks } from '../schema.js';
import { prepareNamed } from '../prepared.js';
import { HourDeltas } from '../../figures.js';
import { prepareClickCounts } from '../partner-hours.js';
import { prepareClickEvents } from '../click-outbox.js';

export function createClickRepo(db: Db): ClickRepo {
  const p = (name: string) => sql.placeholder(name);
  // Prepared once: the batch writer runs these for every click.
  const claimWindow = prepareNamed(db, db.insert(clickWindows)
    .values({ linkId: p('linkId'), userHash: p('userHash'), countedAt: p('time') })
    .onConflictDoUpdate({
      target: [clickWindows.linkId, clickWindows.userHash],
      set: { countedAt: sql`excluded.counted_at` },
      setWhere: sql`${clickWindows.countedAt} <= ${p('windowStart')}`,
    }));
  const insertClick = prepareNamed(db, db.insert(clicks).values({
    time: p('time'), partnerId: p('partnerId'), linkId: p('linkId'), ip: p('ip'), browser: p('browser'),
    userAgent: p('userAgent'), referrer: p('referrer'), userHash: p('userHash'), queryString: p('queryString'),
    curFrom: p('curFrom'), curTo: p('curTo'), isBot: p('isBot'), isRepeat: p('isRepeat'),
    sub1: p('sub1'), sub2: p('sub2'), sub3: p('sub3'), sub4: p('sub4'), sub5: p('sub5'),
  }));
  const addClickCounts = prepareClickCounts(db);
  const writeClickEvents = prepareClickEvents(db);

  function writeOne(click: NewClick, windowSeconds: number): RecordedClick {
    // A click counts when it opens a new window: the conditional upsert changes a row only
    // when it inserted the (link, visitor) pair or moved a window older than windowSeconds.
    // Bot clicks never count, so they never claim a window. (No RETURNING: it costs a
    // quarter of the write, and run() already says how many rows changed.)
    const isRepeat = !click.isBot && click.linkId != null && claimWindow.run({
      linkId: click.linkId, userHash: click.userHash, time: click.time, windowStart: click.time - windowSeconds,
    }).changes === 0;
    const { lastInsertRowid } = insertClick.run({
      time: click.time, partnerId: click.partnerId ?? null, linkId: click.linkId ?? null, ip: click.ip ?? '',
      browser: click.browser ?? 'Unknown', userAgent: click.userAgent ?? '', referrer: click.referrer ?? '',
      userHash: click.userHash, queryString: click.queryString ?? '', curFrom: click.curFrom ?? null,
      curTo: click.curTo ?? null, isBot: click.isBot ? 1 : 0, isRepeat: isRepeat ? 1 : 0,
      sub1: click.sub1 ?? null, sub2: click.sub2 ?? null, sub3: click.sub3 ?? null, sub4: click.sub4 ?? null, sub5: click.sub5 ?? null,
    });
    return { id: Number(lastInsertRowid), isRepeat };
  }

  return {
    /** Writes the clicks in one transaction (one commit, one fsync), in order. */
    async insertBatch(batch: NewClick[], windowSeconds: number): Promise<RecordedClick[]> {
      return db.transaction(() => {
        const recorded = batch.map((click) => writeOne(click, windowSeconds));
        const deltas = new HourDeltas();
        batch.forEach((click, i) => { if (!click.isBot && !recorded[i]!.isRepeat) deltas.add(click.partnerId, click.time, { clicks: 1 }); });
        addClickCounts(deltas.list());
        writeClickEvents(batch, recorded);
        return recorded;
      });
    },
    async findLink(code: string): Promise<ClickLink | null> {
      const row = db.select({ linkId: referralLinks.id, partnerId: referralLinks.partnerId, disabledAt: referralLinks.disabledAt, status: partners.status,
        linkType: referralLinks.linkType, targetKind: referralLinks.targetKind, target: referralLinks.target,
        targetFrom: referralLinks.targetFrom, targetTo: referralLinks.targetTo, parameterType: referralLinks.parameterType })
        .from(referralLinks).innerJoin(partners, eq(partners.id, referralLinks.partnerId))
        .where(eq(referralLinks.code, code)).get();
      return row ? toClickLink(row) : null;
    },
    /** Every active exchange direction as "FROM>TO". */
    async listActivePairs(): Promise<string[]> {
      return db.select({ from: directions.from, to: directions.to }).from(directions)
        .where(eq(directions.active, true)).all().map((d) => `${d.from}>${d.to}`);
    },
    /**
     * The visitor's earliest ('first') or latest ('last') counted click on a partner's link
     * with after < time <= upTo; uses clicks_user_time_idx.
     */
    async findOwningClick(userHash: string, after: number, upTo: number, model: 'first' | 'last'): Promise<ClickRow | null> {
      return db.select().from(clicks)
        .where(and(eq(clicks.userHash, userHash), gt(clicks.time, after), lte(clicks.time, upTo),
          isCountedClick, isNotNull(clicks.partnerId), isNotNull(clicks.linkId)))
        .orderBy(...(model === 'first' ? [asc(clicks.time), asc(clicks.id)] : [desc(clicks.time), desc(clicks.id)]))
        .limit(1).get() ?? null;
    },
    async listByUser(userHash: string): Promise<ClickRow[]> {
      return db.select().from(clicks).where(eq(clicks.userHash, userHash)).orderBy(asc(clicks.id)).all();
    },
    async count(): Promise<number> {
      return db.select({ n: countAll() }).from(clicks).get()?.n ?? 0;
    },
  };
}
