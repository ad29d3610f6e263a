// A ratelink server in its own process for the crash test: seeds one link, listens on a
// random loopback port and prints it. Run bundled: test/helpers/bundle.ts
import { buildApp } from '../../src/app.js';
import { testConfig } from './build.js';
import { addPartnerWithLink } from './referral.js';

const app = await buildApp(testConfig({ dbPath: process.argv[2], siteUrl: 'http://site.test', clickIpLimit: 0 }));
await addPartnerWithLink(app.repos, 'crash1');
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
