// Factories for the referral tests: a fresh migrated database, partners with links, directions.
import type { Test } from 'tap';
import { openDatabase, type Db } from '../../src/db/sqlite/open.js';
import type { Repos } from '../../src/db/repos.js';
import { createRepos } from '../../src/db/sqlite/repos/index.js';
import { directions, referralLinks } from '../../src/db/sqlite/schema.js';
import { eq } from 'drizzle-orm';

export const CHROME_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
export const FIREFOX_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
export const GOOGLEBOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

export function openTestRepos(t: Test, path = ':memory:') {
  const database = openDatabase(path);
  t.teardown(() => database.close());
  return { db: database.db, sqlite: database.sqlite, repos: createRepos(database.db) };
}

export async function addPartnerWithLink(repos: Repos, code: string, options: { status?: 'active' | 'blocked' } = {}) {
  const partner = await repos.partners.insert({ name: `Partner ${code}`, email: `${code}@example.test`, rewardPercent: '0', status: options.status ?? 'active' });
  const link = await repos.links.insert({ code, partnerId: partner.id });
  if (!link) throw new Error(`code ${code} taken`);
  return { partnerId: partner.id, linkId: link.id, code };
}

export function addDirection(db: Db, from: string, to: string, active = true) {
  db.insert(directions).values({ from, to, in: '1', out: '1', amount: '100', active, updatedAt: 0 }).run();
}

export function disableLink(db: Db, code: string) {
  db.update(referralLinks).set({ disabledAt: 1 }).where(eq(referralLinks.code, code)).run();
}
