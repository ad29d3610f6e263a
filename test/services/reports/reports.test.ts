// Typed report queries: a partner's counted clicks, narrowed by link or visitor address.
import t from 'tap';
import { listClicks } from '../../../src/services/reports/reports.js';
import { makeClick, makeLink, makePartner } from '../../helpers/ledger-factory.js';
import { openTestRepos } from '../../helpers/referral.js';

t.test('reports › listClicks: counted clicks of the partner, by link and by ip, newest first', async (t) => {
  const { db, repos } = openTestRepos(t);
  const partner = await makePartner(repos);
  const other = await makePartner(repos);
  const a = await makeLink(repos, partner.id, 'LINKA');
  const b = await makeLink(repos, partner.id, 'LINKB');
  const theirs = await makeLink(repos, other.id, 'THEIRS');
  makeClick(db, { partnerId: partner.id, linkId: a.id, userHash: 'v1', time: 100, ip: '192.0.2.1' });
  makeClick(db, { partnerId: partner.id, linkId: b.id, userHash: 'v2', time: 200, ip: '192.0.2.2' });
  makeClick(db, { partnerId: partner.id, linkId: a.id, userHash: 'v3', time: 300, ip: '192.0.2.2', isBot: true });
  makeClick(db, { partnerId: other.id, linkId: theirs.id, userHash: 'v4', time: 400, ip: '192.0.2.2' });
  const page = { partnerId: partner.id, limit: 10, offset: 0 };
  t.same((await listClicks(repos, page)).map((c) => c.userHash), ['v2', 'v1']);
  t.same((await listClicks(repos, { ...page, linkId: a.id })).map((c) => c.userHash), ['v1']);
  t.same((await listClicks(repos, { ...page, ip: { network: '192.0.2.2', full: true } })).map((c) => c.userHash), ['v2']);
  t.same((await listClicks(repos, { ...page, ip: { network: '192.0.2.0', full: false } })).map((c) => c.userHash), ['v2', 'v1'], 'the network partners see');
  t.same((await listClicks(repos, { ...page, from: 150, to: 250 })).map((c) => c.userHash), ['v2']);
});
