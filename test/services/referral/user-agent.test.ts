import t from 'tap';
import { describeUserAgent, USER_AGENT_MAX } from '../../../src/services/referral/user-agent.js';
import { CHROME_UA, FIREFOX_UA, GOOGLEBOT_UA } from '../../helpers/referral.js';

t.test('browsers are recognised by family and are not bots', async (t) => {
  t.match(describeUserAgent(CHROME_UA), { browser: 'Chrome', isBot: false });
  t.match(describeUserAgent(FIREFOX_UA), { browser: 'Firefox', isBot: false });
  const safari = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
  t.match(describeUserAgent(safari), { browser: 'Safari', isBot: false });
});

t.test('crawlers, previewers and scripted clients are bots', async (t) => {
  for (const ua of [GOOGLEBOT_UA, 'Twitterbot/1.0', 'facebookexternalhit/1.1', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    'curl/8.5.0', 'python-requests/2.31.0', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36']) {
    t.equal(describeUserAgent(ua).isBot, true, ua);
  }
});

t.test('a missing or empty user agent is a bot of unknown browser', async (t) => {
  t.same(describeUserAgent(undefined), { userAgent: '', browser: 'Unknown', isBot: true });
  t.same(describeUserAgent('   '), { userAgent: '', browser: 'Unknown', isBot: true });
});

t.test('unrecognised agents are Unknown; hostile ones are cleaned and truncated', async (t) => {
  t.match(describeUserAgent('Totally-Custom-Agent'), { browser: 'Unknown', isBot: false });
  const long = describeUserAgent(`${CHROME_UA}\r\n${'x'.repeat(5000)}`);
  t.equal(long.userAgent.length, USER_AGENT_MAX);
  t.notMatch(long.userAgent, /[\r\n]/);
  t.equal(long.browser, 'Chrome');
});
