// The CLI refuses what the admin API refuses, with the same words: an operator who scripts one
// and types the other meets one set of rules (docs/cli.md: "the same services as the HTTP API").
import t from 'tap';
import { cliIn } from '../../helpers/cli.js';
import { cliCommands } from '../../../src/cli/run.js';
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

t.test('key revoke › a value that is no key prefix is refused as DELETE /admin/keys/:prefix refuses it, in the same words', async (t) => {
  const { cli } = cliIn(t);
  t.equal((await cli('partner', 'add', '--name', 'Acme', '--email', 'a@acme.example')).code, 0);
  const key = JSON.parse((await cli('partner', 'key', '1', '--json')).output);
  const app = await build(t);
  const message = 'Invalid prefix: expected the first 8 characters of the key (letters and digits)';
  for (const prefix of ['short', key.api_key, 'AbCd-123']) {
    const refused = await cli('key', 'revoke', prefix, '--json');
    t.same([refused.code, JSON.parse(refused.output)], [1, { error: { code: 'RL_VALIDATION', message } }], `cli ${prefix}`);
    const api = await app.inject({ method: 'DELETE', url: `/admin/keys/${encodeURIComponent(prefix)}`, headers: adminHeaders });
    t.same([api.statusCode, api.json()], [400, { error: { code: 'RL_VALIDATION', message } }], `api ${prefix}`);
  }
  t.match((await cli('key', 'revoke', key.prefix)).output, /revoked/, 'the prefix itself revokes it');
  // What `partner key` says to do is a command of this CLI, not an HTTP call.
  const human = (await cli('partner', 'key', '1')).output;
  const [, prefix] = /\nRevoke with: ratelink key revoke ([A-Za-z0-9]{8})\n$/.exec(human) ?? [];
  t.ok(prefix, human);
  t.equal((await cli('key', 'revoke', prefix!)).code, 0);
});

t.test('webhook add --events without a list › a usage error, not an endpoint for every event', async (t) => {
  const { cli } = cliIn(t);
  const refused = await cli('webhook', 'add', 'https://hooks.example.com/in', '--events');
  t.same([refused.code, refused.output], [2, 'error: --events needs a value\n']);
  t.equal((await cli('webhook', 'list')).output, 'No webhook endpoints.\n', 'nothing created');
});

t.test('a misspelt option › a usage error naming it, as the API refuses an unknown field; nothing done', async (t) => {
  const { cli } = cliIn(t);
  const typo = await cli('partner', 'add', '--name', 'Acme', '--email', 'a@acme.example', '--precent', '30');
  t.equal(typo.code, 2);
  t.match(typo.output, /^error: unknown option --precent; usage: ratelink partner add --name N --email E \[--percent P\]/);
  t.equal((await cli('partner', 'list')).output, 'No partners.\n', 'no partner at 0 %');
  const json = await cli('payout', 'list', '--stauts', 'paid', '--json');
  t.same([json.code, JSON.parse(json.output).error.code], [2, 'RL_USAGE'], 'not every payout listed');
  t.match(JSON.parse(json.output).error.message, /^unknown option --stauts; usage: ratelink payout list /);
  // The options of the usage line, and --json, --help and --env-file, stay accepted.
  t.equal((await cli('partner', 'add', '--name', 'Acme', '--email', 'a@acme.example', '--percent', '30', '--base', 'profit', '--min-payout', '1', '--json')).code, 0);
  t.equal((await cli('payout', 'list', '--status', 'paid', '--partner', '1', '--limit', '5', '--offset', '0')).code, 0);
  t.equal((await cli('webhook', 'replay', '1', '--event', '1')).code, 1, 'an option of a parenthesised group is known (no endpoint 1)');
  t.equal((await cli('partner', 'list', '--help')).code, 0);
});

t.test('feed add --options null › refused as POST /admin/feeds refuses {"options":null}, no feed created', async (t) => {
  const { cli } = cliIn(t);
  const refused = await cli('feed', 'add', '--name', 'bc', '--options', 'null');
  t.same([refused.code, refused.output], [2, 'error: --options must be a JSON object\n']);
  t.equal((await cli('feed', 'list')).output, 'No feeds.\n');
  const app = await build(t);
  t.equal((await app.inject({ method: 'POST', url: '/admin/feeds', headers: adminHeaders, payload: { name: 'bc', options: null } })).statusCode, 400);
});

t.test('an id given as a word (exchange show ID) › a bad one is named as the usage names it, not as an option the command refuses', async (t) => {
  const { cli } = cliIn(t);
  for (const argv of [['exchange', 'show', 'abc'], ['exchange', 'approve', '0'], ['method', 'remove', 'x'], ['payout', 'cancel', '0x1'], ['partner', 'show', 'abc'], ['exchange', 'show']]) {
    const refused = await cli(...argv);
    t.same([refused.code, refused.output], [2, 'error: ID must be a positive integer up to 2147483647\n'], argv.join(' '));
  }
  t.equal((await cli('payout', 'cancel', '--id', 'x')).output, 'error: --id must be a positive integer up to 2147483647\n', 'as an option, the option is named');
  t.match((await cli('exchange', 'show', '--id', '1')).output, /^error: unknown option --id; usage: ratelink exchange show ID\n/);
});

t.test('webhook disable|enable|delete|deliveries|replay 0 › refused as /admin/webhooks/0 is (a usage error), not looked up', async (t) => {
  const { cli } = cliIn(t);
  for (const argv of [['webhook', 'disable', '0'], ['webhook', 'delete', '00'], ['webhook', 'deliveries', '0'], ['webhook', 'replay', '0', '--event', '1'], ['webhook', 'enable', 'x']]) {
    const refused = await cli(...argv);
    t.same([refused.code, refused.output], [2, 'error: ID must be a positive integer up to 2147483647\n'], argv.join(' '));
  }
});

// `key revoke A B` revoked A and said nothing of B: an operator who meant both thought both done.
t.test('a word more than the usage line takes › a usage error naming it, before anything is done', async (t) => {
  const { cli } = cliIn(t);
  await cli('partner', 'add', '--name', 'Acme', '--email', 'a@acme.example');
  const key = JSON.parse((await cli('partner', 'key', '1', '--json')).output);
  const refused = await cli('key', 'revoke', key.prefix, 'B2B2B2B2');
  t.same([refused.code, refused.output], [2, 'error: unexpected word "B2B2B2B2"; usage: ratelink key revoke PREFIX\n']);
  t.equal((await cli('key', 'revoke', key.prefix)).code, 0, 'the key was not revoked by the refused line');
  const both = await cli('partner', 'show', '1', '--partner', '1');
  t.same([both.code, both.output], [2, 'error: unexpected word "1"; usage: ratelink partner show --partner ID\n'], 'an id as a word and as an option');
  for (const command of cliCommands) {
    const words = command.name.split(' ');
    const refused = await cli(...words, ...Array.from({ length: 4 }, (_, i) => `extra${i}`), '--json');
    t.equal(refused.code, 2, command.name);
    t.match(JSON.parse(refused.output).error, { code: 'RL_USAGE', message: /^unexpected word "extra\d"; usage: ratelink / }, command.name);
  }
});
