// The click ledger on PostgreSQL. A batch of the /ref group commit is one transaction: the
// dedupe windows claimed with one multi-row conditional upsert, then the clicks written with
// one multi-row INSERT. The upsert waits on a window another instance is claiming and then
// re-checks the condition on the row that instance committed, so the same visitor clicking
// through several instances at once is counted once.
import { and, asc, desc, eq, gt, isNotNull, lte, sql } from 'drizzle-orm';
import type { ClickLink, ClickRepo, ClickRow, NewClick, RecordedClick } from '../../repos.js';
import { countAll, first } from '../dialect.js';
import { toClickLink } from '../../click-link.js';
import type { PgDb } from '../open.js';
import { isCountedClick } from '../counted-clicks.js';
import { clicks, clickWindows, directions, partners, referralLinks } from '../schema.js';
import { HourDeltas } from '../../figures.js';
import { addToHours, writeTransaction } from '../figure-writes.js';
import { writeClickEvents } from '../click-outbox.js';

// 13 columns a row: 1000 rows stay far below PostgreSQL's 65,535 parameters a statement.
const CHUNK = 1000;

export function createClickRepo(db: PgDb): ClickRepo {
  return {
    async insertBatch(batch: NewClick[], windowSeconds: number): Promise<RecordedClick[]> {
      if (batch.length === 0) return [];
      return writeTransaction(db, async (tx) => {
        const repeats = await claimWindows(tx, batch, windowSeconds);
        const ids = await insertClicks(tx, batch, repeats);
        const deltas = new HourDeltas();
        batch.forEach((click, i) => { if (!click.isBot && !repeats[i]) deltas.add(click.partnerId, click.time, { clicks: 1 }); });
        addToHours(tx, deltas.list());
        const recorded = ids.map((id, i) => ({ id, isRepeat: repeats[i]! }));
        await writeClickEvents(tx, batch, recorded);
        return recorded;
      });
    },
    async findLink(code: string): Promise<ClickLink | null> {
      const row = first(await db.select({ linkId: referralLinks.id, partnerId: referralLinks.partnerId, disabledAt: referralLinks.disabledAt, status: partners.status,
        linkType: referralLinks.linkType, targetKind: referralLinks.targetKind, target: referralLinks.target,
        targetFrom: referralLinks.targetFrom, targetTo: referralLinks.targetTo, parameterType: referralLinks.parameterType })
        .from(referralLinks).innerJoin(partners, eq(partners.id, referralLinks.partnerId))
        .where(eq(referralLinks.code, code)));
      return row ? toClickLink(row) : null;
    },
    async listActivePairs(): Promise<string[]> {
      const rows = await db.select({ from: directions.from, to: directions.to }).from(directions).where(eq(directions.active, true));
      return rows.map((d) => `${d.from}>${d.to}`);
    },
    async findOwningClick(userHash: string, after: number, upTo: number, model: 'first' | 'last'): Promise<ClickRow | null> {
      return first(await db.select().from(clicks)
        .where(and(eq(clicks.userHash, userHash), gt(clicks.time, after), lte(clicks.time, upTo),
          isCountedClick, isNotNull(clicks.partnerId), isNotNull(clicks.linkId)))
        .orderBy(...(model === 'first' ? [asc(clicks.time), asc(clicks.id)] : [desc(clicks.time), desc(clicks.id)]))
        .limit(1));
    },
    async listByUser(userHash: string): Promise<ClickRow[]> {
      return db.select().from(clicks).where(eq(clicks.userHash, userHash)).orderBy(asc(clicks.id));
    },
    async count(): Promise<number> {
      return (await db.select({ n: countAll() }).from(clicks))[0]?.n ?? 0;
    },
  };
}

/**
 * Which clicks of the batch are repeats. A click counts when it opens a new window for its
 * (link, visitor): the upsert changes a row only when it inserts the pair or moves a window
 * older than windowSeconds. A pair may occur several times in one batch, and one statement
 * may touch a row only once, so the k-th occurrences of every pair go in the k-th upsert.
 * Rows are locked in (link, visitor) order, so two instances' batches never deadlock.
 */
async function claimWindows(tx: PgDb, batch: NewClick[], windowSeconds: number): Promise<boolean[]> {
  const repeats = batch.map(() => false);
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  batch.forEach((click, i) => {
    // Bot clicks never count, so they never claim a window; clicks without a link have none.
    if (click.isBot || click.linkId == null) return;
    const key = `${click.linkId}\u0000${click.userHash}`;
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (rounds[round] ??= []).push(i);
  });
  for (const round of rounds) {
    round.sort((a, b) => batch[a]!.linkId! - batch[b]!.linkId! || (batch[a]!.userHash < batch[b]!.userHash ? -1 : 1));
    const claimed = await tx.insert(clickWindows)
      .values(round.map((i) => ({ linkId: batch[i]!.linkId!, userHash: batch[i]!.userHash, countedAt: batch[i]!.time })))
      .onConflictDoUpdate({
        target: [clickWindows.linkId, clickWindows.userHash],
        set: { countedAt: sql`excluded.counted_at` },
        setWhere: sql`${clickWindows.countedAt} <= excluded.counted_at - ${windowSeconds}::bigint`,
      })
      .returning({ linkId: clickWindows.linkId, userHash: clickWindows.userHash });
    const counted = new Set(claimed.map((c) => `${c.linkId}\u0000${c.userHash}`));
    for (const i of round) repeats[i] = !counted.has(`${batch[i]!.linkId}\u0000${batch[i]!.userHash}`);
  }
  return repeats;
}

/** The clicks in batch order; ids come from one sequence in VALUES order, so sorted ids are that order. */
async function insertClicks(tx: PgDb, batch: NewClick[], repeats: boolean[]): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < batch.length; start += CHUNK) {
    const rows = batch.slice(start, start + CHUNK).map((click, j) => ({
      time: click.time, partnerId: click.partnerId ?? null, linkId: click.linkId ?? null, ip: click.ip ?? '',
      browser: click.browser ?? 'Unknown', userAgent: click.userAgent ?? '', referrer: click.referrer ?? '',
      userHash: click.userHash, queryString: click.queryString ?? '', curFrom: click.curFrom ?? null,
      curTo: click.curTo ?? null, isBot: click.isBot ?? false, isRepeat: repeats[start + j]!,
      sub1: click.sub1 ?? null, sub2: click.sub2 ?? null, sub3: click.sub3 ?? null, sub4: click.sub4 ?? null, sub5: click.sub5 ?? null,
    }));
    const inserted = await tx.insert(clicks).values(rows).returning({ id: clicks.id });
    ids.push(...inserted.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}
