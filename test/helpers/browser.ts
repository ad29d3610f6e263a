// Debian's Chromium for the end-to-end tests: where it is, the skip reason when it is absent,
// a launch closed with the test, a free loopback port for the server it visits, and the checks
// every cabinet page passes (screenshot, axe-core, no CSP violation, 375 px wide), and the
// site the browser visits: the app listening on that port, with two exchange directions.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Test } from 'tap';
import { packageRoot } from '../../src/paths.js';
import { createServer as createApp, ratelink } from '../../src/app.js';
import { testConfig } from './build.js';

export const CHROMIUM = '/usr/bin/chromium';
export const browserSkip = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}: install it with apt-get install -y chromium`;

/** `extraArgs`: e.g. `--host-resolver-rules=MAP lan.example 127.0.0.1`, a site on a name that is not localhost. */
export async function launchChromium(t: Test, extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
  t.teardown(() => browser.close());
  return browser;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const ARTIFACTS = join(packageRoot, 'test-artifacts', 'partner-cabinet');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Once the page is ready: its screenshot under test-artifacts/partner-cabinet/NAME.png, no
 * serious or critical axe-core violation, no CSP violation (collected by the caller into
 * `violations`), no sideways scroll at 375 px.
 */
export async function checkPage(t: Test, page: Page, name: string, violations: string[]): Promise<void> {
  await page.waitForFunction(() => document.documentElement.getAttribute('data-ready') === '1');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  t.same(result.filter((v) => v.impact === 'serious' || v.impact === 'critical'), [], `${name}: no serious or critical axe violations`);
  t.same(violations, [], `${name}: no CSP violation`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(width <= 375, `${name}: no sideways scroll at 375 px (${width})`);
}

/** The app on a free loopback port (its site URL is that origin), PMUSD→BTC and BTC→SBERRUB. */
export async function startSite(t: Test) {
  const port = await freePort();
  const site = `http://127.0.0.1:${port}`;
  const config = testConfig({ siteUrl: site, dbPath: ':memory:' });
  const app = createApp(config);
  await app.register(ratelink, { config });
  await app.ready();
  t.teardown(() => app.close());
  const now = Math.floor(Date.now() / 1000);
  const direction = (from: string, to: string) => ({ from, to, in: '1', out: '1', amount: '100', minamount: '0', maxamount: '0', minfee: null, fromfee: null, tofee: null, floating: null, delay: null, param: [], city: [], active: true });
  await app.repos.directions.upsertMany([direction('PMUSD', 'BTC'), direction('BTC', 'SBERRUB')], now);
  await app.listen({ host: '127.0.0.1', port });
  return { app, site, now };
}
