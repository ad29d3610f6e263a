// Demo data from fixtures/demo: two partners with links and API keys, payout methods,
// about 40 directions, two monitor feeds, and visits that went through the real click
// and exchange services, so that every endpoint answers at once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { newAdminToken } from '../ids.js';
import { fixturesDir } from '../paths.js';
import { ADMIN_TOKEN_SETTING, sha256 } from '../plugins/admin-auth.js';
import { createFeed } from '../services/feeds/feeds.js';
import { loadDirections } from '../services/rates/directions.js';
import { loadDemoActivity, type DemoActivity } from './activity.js';
import { createLink, createPartner, type PartnerInput } from '../services/partners/partners.js';
import { issueApiKey } from '../services/partners/api-keys.js';
import { hashPassword } from '../services/accounts/passwords.js';
import { randomBytes } from 'node:crypto';
import { markDemoDatabase } from './guard.js';
import { welcomeText } from './welcome.js';

interface DemoPartner extends PartnerInput {
  name: string;
  email: string;
  links: Array<{ code: string; name: string }>;
}

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(fixturesDir, 'demo', name), 'utf8')) as T;
}

export async function loadDemoData(app: FastifyInstance) {
  const { repos, config } = app;
  const keys: string[] = [];
  const codes: string[] = [];
  await markDemoDatabase(repos);
  for (const { links, ...input } of fixture<DemoPartner[]>('partners.json')) {
    const partner = await createPartner(repos, input);
    for (const link of links) codes.push((await createLink(repos, config, partner.id, link)).code);
    keys.push((await issueApiKey(repos, partner.id)).api_key);
  }
  const cabinet = await demoCabinetAccount(app);
  await loadDirections({ repos, feedCache: app.feedCache }, fixture<unknown[]>('directions.json'));
  const feeds = [];
  for (const feed of fixture<Array<{ name: string; dialect: 'classic' | 'eref11'; options: Record<string, unknown> }>>('feeds.json')) {
    feeds.push(await createFeed(repos, config, feed));
  }
  await loadDemoActivity(app, fixture<DemoActivity>('activity.json'), fixture('payout-methods.json'), Math.floor(Date.now() / 1000));
  const adminToken = await ensureAdminToken(app);
  // Serve the demo feeds from the first request on.
  await app.feedCache.refresh();
  return { welcome: welcomeText(config, { referralCode: codes[0], feed: feeds[0], apiKey: keys[0], adminToken, cabinet }), api_keys: keys, codes, feeds, cabinet };
}

/** The first demo partner can sign in to the cabinet at once: a random password, printed once. */
async function demoCabinetAccount(app: FastifyInstance) {
  const [partner] = await app.repos.partners.list();
  if (!partner) return null;
  const password = randomBytes(12).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  await app.repos.partnerAccounts.create({ partnerId: partner.id, email: partner.email, at: now });
  await app.repos.partnerAccounts.setPassword(partner.id, await hashPassword(password, app.config.passwordCost), now);
  return { email: partner.email.toLowerCase(), password };
}

/** The demo's admin token: RATELINK_ADMIN_TOKEN if set, else one generated now and stored hashed. */
async function ensureAdminToken(app: FastifyInstance): Promise<string | null> {
  if (app.config.adminToken) return null;
  if (await app.repos.settings.get(ADMIN_TOKEN_SETTING)) return null;
  const token = newAdminToken();
  await app.repos.settings.set(ADMIN_TOKEN_SETTING, sha256(token).toString('hex'));
  return token;
}
