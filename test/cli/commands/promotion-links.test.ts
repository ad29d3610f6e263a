// The operator's side of promotion links and agent links in the CLI: list any partner's links
// with their new fields, disable one, set a partner's second-tier percent.
import t from 'tap';
import { cliIn } from '../../helpers/cli.js';

t.test('ratelink link list shows type, visibility and target; partner tier2 sets the percent', async (t) => {
  const { cli } = cliIn(t, { RATELINK_SITE_URL: 'https://exchanger.example' });
  const json = async (...argv: string[]) => JSON.parse((await cli(...argv, '--json')).output);
  await cli('partner', 'add', '--name', 'Acme', '--email', 'acme@example.test', '--percent', '1');
  await cli('link', 'add', '--partner', '1', '--code', 'ACME1');
  t.match(await json('link', 'list', '--partner', '1'), [{ code: 'ACME1', type: 'client', visibility: 'listed', target: { kind: 'home' }, partner_id: 1 }]);
  t.match((await cli('link', 'list')).output, /^ACME1 +partner 1 +active +https:\/\/exchanger\.example\/ref\/ACME1\/ {2}client listed home$/m);
  t.match(await json('link', 'disable', 'ACME1'), { code: 'ACME1', disabled: true });
  t.equal((await cli('partner', 'tier2', '--partner', '1', '--percent', '12.5')).output, "Partner 1 (Acme) earns 12.5% of its sub-partners' rewards.\n");
  t.match(await json('partner', 'show', '--partner', '1'), { second_tier_percent: '12.5', second_tier_earned: '0' });
  t.equal((await cli('partner', 'tier2', '--partner', '1', '--percent', '101')).code, 1);
});
