// The CLI refuses what the admin API refuses, with the same words: an operator who scripts one
// and types the other meets one set of rules (docs/cli.md: "the same services as the HTTP API").
import t from 'tap';
import { cliIn } from '../../helpers/cli.js';
import { adminHeaders, build } from '../../helpers/build.js';
import { makePartner } from '../../helpers/ledger-factory.js';

t.test('partner invite --email › a value that is no email address is refused as POST /admin/partners/:id/invite refuses it; the account keeps its email', async (t) => {
  const { cli } = cliIn(t, { RATELINK_PASSWORD_COST: '10' });
  t.equal((await cli('partner', 'add', '--name', 'Acme', '--email', 'a@acme.example')).code, 0);
  t.equal((await cli('partner', 'invite', '1')).code, 0, 'the account exists');
  for (const email of ['not-an-email', 'a@b', 'two@words here.example']) {
    const refused = await cli('partner', 'invite', '--partner', '1', '--email', email, '--json');
    t.equal(refused.code, 1, email);
    t.same(JSON.parse(refused.output), { error: { code: 'RL_VALIDATION', message: 'Invalid email: expected an email address' } }, email);
  }
  t.match((await cli('partner', 'reset-link', '1')).output, /for a@acme\.example /, 'the sign-in email is unchanged');

  const app = await build(t);
  const partner = await makePartner(app.repos);
  const api = await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/invite`, headers: adminHeaders, payload: { email: 'not-an-email' } });
  t.equal(api.statusCode, 400);
  t.same(api.json(), { error: { code: 'RL_VALIDATION', message: 'Invalid email: expected an email address' } }, 'the API says the same');
});
