import t from 'tap';
import { cliIn } from '../../helpers/cli.js';

t.test('ratelink webhook: add prints the secret once, list, disable, enable, deliveries, replay', async (t) => {
  const { cli } = cliIn(t);
  const added = await cli('webhook', 'add', 'https://hooks.example.com/in', '--events', 'exchange.created,payout.paid');
  t.equal(added.code, 0, added.output);
  t.match(added.output, /^1 {2}enabled {3}https:\/\/hooks\.example\.com\/in {2}exchange\.created,payout\.paid\nSecret \(shown once; verify webhook-signature with it\): whsec_\S{32}\n$/);
  t.equal((await cli('webhook', 'list')).output, '1  enabled   https://hooks.example.com/in  exchange.created,payout.paid\n', 'no secret in the list');
  t.match((await cli('webhook', 'disable', '1')).output, /disabled \(operator\)/);
  t.match((await cli('webhook', 'enable', '1')).output, /^1 {2}enabled /);
  t.equal((await cli('webhook', 'deliveries', '1')).output, 'No deliveries.\n');
  t.equal((await cli('webhook', 'replay', '1', '--from', '0', '--to', '2000000000')).output, '0 events queued again.\n');
  t.equal((await cli('webhook', 'add', 'https://hooks.example.com/old')).code, 0);
  t.equal((await cli('webhook', 'delete', '2')).output, 'Endpoint 2 deleted.\n');
  t.equal((await cli('webhook', 'delete', '2')).code, 1, 'gone already');
  const bad = await cli('webhook', 'add', 'http://example.com/x', '--events', 'nope');
  t.not(bad.code, 0);
  t.match(bad.output, /events: expected a list of/);
  const json = await cli('webhook', 'list', '--json');
  t.same(JSON.parse(json.output)[0].events, ['exchange.created', 'payout.paid']);
  t.not((await cli('webhook', 'disable', 'x')).code, 0);
  for (const [flags, message] of [[['--event', 'abc'], /--event must be a positive integer/], [['--event', '3000000000'], /--event must be a positive integer up to 2147483647/],
    [['--from', 'x', '--to', '1'], /--from must be a unix time/], [['--from', '0', '--to', '1e9'], /--to must be a unix time/],
    [[], /--event N, or --from and --to/], [['--from', '0'], /--event N, or --from and --to/], [['--event', '1', '--from', '0', '--to', '9'], /--event N, or --from and --to/]] as const) {
    const refused = await cli('webhook', 'replay', '1', ...flags);
    t.equal(refused.code, 2, flags.join(' '));
    t.match(refused.output, message);
  }
});
