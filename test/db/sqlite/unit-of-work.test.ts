// repos.transaction on SQLite's single connection: the work commits or rolls back as one, and
// no statement from outside runs on the connection while the transaction awaits.
import t from 'tap';
import { openTestRepos } from '../../helpers/referral.js';
import { makePartner } from '../../helpers/ledger-factory.js';
import { sqliteOnly } from '../../helpers/pg.js';

const SQLITE_ONLY = sqliteOnly('the unit of work on the one SQLite connection');

t.test('repos.transaction › writes commit together; a throw rolls every one back', { skip: SQLITE_ONLY }, async (t) => {
  const { repos } = openTestRepos(t);
  const partner = await makePartner(repos);
  await repos.transaction(async (tx) => {
    await tx.ledger.adjust({ partnerId: partner.id, amount: 500, reason: 'one', at: 1 });
    await tx.ledger.adjust({ partnerId: partner.id, amount: 700, reason: 'two', at: 1 });
  });
  await t.rejects(repos.transaction(async (tx) => {
    await tx.ledger.adjust({ partnerId: partner.id, amount: 9, reason: 'undone', at: 2 });
    throw new Error('changed my mind');
  }), /changed my mind/);
  t.equal((await repos.partners.findById(partner.id))?.balance, 1200);
  t.same((await repos.ledger.listByPartner(partner.id)).map((e) => e.reason), ['two', 'one']);
});

t.test('repos.transaction › a call from outside waits for the commit and never joins the transaction', { skip: SQLITE_ONLY }, async (t) => {
  const { repos } = openTestRepos(t);
  const partner = await makePartner(repos);
  let release!: () => void;
  const paused = new Promise<void>((resolve) => { release = resolve; });
  const order: string[] = [];
  const work = repos.transaction(async (tx) => {
    await tx.ledger.adjust({ partnerId: partner.id, amount: 100, reason: 'inside', at: 1 });
    await paused;
    order.push('commit');
    throw new Error('rolled back');
  });
  // Issued while the transaction is open: must neither see its row nor be rolled back with it.
  const outsideRead = repos.partners.findById(partner.id).then((row) => { order.push('read'); return row; });
  const outsideWrite = repos.ledger.adjust({ partnerId: partner.id, amount: 3, reason: 'outside', at: 1 });
  await new Promise((resolve) => setImmediate(resolve));
  release();
  await t.rejects(work, /rolled back/);
  t.equal((await outsideRead)?.balance, 0, 'the outside read saw no uncommitted balance');
  await outsideWrite;
  t.same(order, ['commit', 'read']);
  t.same((await repos.ledger.listByPartner(partner.id)).map((e) => e.reason), ['outside'], 'the outside write survived the rollback');
});

t.test('repos.transaction › an outer repository used inside the transaction is an error, not a deadlock', { skip: SQLITE_ONLY }, async (t) => {
  const { repos } = openTestRepos(t);
  await t.rejects(repos.transaction(async () => repos.partners.count()), /outside the transaction/);
  t.equal(await repos.partners.count(), 0, 'the connection is usable afterwards');
});

t.test('repos.transaction › the misuse is caught in every unit of work, not only the first (the store is dropped between them)', { skip: SQLITE_ONLY }, async (t) => {
  const { repos } = openTestRepos(t);
  for (let round = 1; round <= 3; round++) {
    t.equal(await repos.transaction(async (tx) => tx.partners.count()), 0, `round ${round}: tx works`);
    await t.rejects(repos.transaction(async () => { await new Promise((resolve) => setTimeout(resolve, 1)); return repos.partners.count(); }), /outside the transaction/, `round ${round}: caught after an await`);
  }
  t.equal(await repos.partners.count(), 0, 'outside any unit of work, the repositories work');
});
