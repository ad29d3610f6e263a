import t from 'tap';
import { partnerVisibleIp } from '../../../src/partner-ip.js';
import { formatDate } from '../../../src/services/partner-api/format.js';
import { KeyedItems, serializeEnvelope } from '../../../src/services/partner-api/serialize.js';

t.test('formatDate › "YYYY-MM-DD HH:MM:SS" wall-clock time in the configured zone', async (t) => {
  t.equal(formatDate(1590356264, 'UTC'), '2020-05-24 21:37:44', 'the seed\'s example');
  t.equal(formatDate(1590356264, 'Europe/Moscow'), '2020-05-25 00:37:44');
  t.equal(formatDate(0, 'America/New_York'), '1969-12-31 19:00:00');
  // New York moves to daylight time at 2024-03-10 07:00 UTC.
  t.equal(formatDate(1710053999, 'America/New_York'), '2024-03-10 01:59:59');
  t.equal(formatDate(1710054000, 'America/New_York'), '2024-03-10 03:00:00');
  t.equal(formatDate(1710054000, 'Asia/Kolkata'), '2024-03-10 12:30:00');
  t.equal(formatDate(1709942400, 'Europe/London'), '2024-03-09 00:00:00', 'midnight is 00, never 24');
  t.equal(formatDate(1709942400, 'Europe/Berlin'), '2024-03-09 01:00:00');
});

t.test('partnerVisibleIp › IPv4 /24 and IPv6 /48 unless the full address is allowed', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['203.0.113.45', '203.0.113.0', '203.0.113.45'],
    ['::ffff:203.0.113.45', '203.0.113.0', '203.0.113.45'],
    ['::ffff:cb00:712d', '203.0.113.0', '203.0.113.45'],
    ['2001:db8:abcd:12:1::5', '2001:db8:abcd::', '2001:db8:abcd:12:1::5'],
    ['2001:0DB8:0000:0012:0000:0000:0000:0001', '2001:db8::', '2001:db8:0:12::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::', '2001:db8::1:0:0:1'],
    ['fe80::1%eth0', 'fe80::', 'fe80::1'],
    ['::1', '::', '::1'],
    ['', '0.0.0.0', '0.0.0.0'],
    ['not an ip', '0.0.0.0', '0.0.0.0'],
    ['300.1.1.1', '0.0.0.0', '0.0.0.0'],
  ];
  for (const [ip, masked, full] of cases) {
    t.equal(partnerVisibleIp(ip, false), masked, `${ip} masked`);
    t.equal(partnerVisibleIp(ip, true), full, `${ip} full`);
  }
});

t.test('serializeEnvelope › keyed items keep the given order in the JSON text', async (t) => {
  const text = serializeEnvelope({
    status: 'success', error: 0, error_text: '',
    data: { skipped: undefined, items: new KeyedItems([{ id: 10, a: 'x"y' }, { id: 2, a: null }, { id: 7 }]) },
  });
  t.equal(text, '{"status":"success","error":0,"error_text":"","data":{"items":{"10":{"id":10,"a":"x\\"y"},"2":{"id":2,"a":null},"7":{"id":7}}}}');
  t.same(JSON.parse(text).data.items['2'], { id: 2, a: null });
  t.equal(serializeEnvelope({ data: { items: new KeyedItems([]) } }), '{"data":{"items":{}}}');
});

t.test('formatDate › UTC is the ISO text of the instant, across years, leap days and the edges', async (t) => {
  const iso = (s: number) => new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ');
  const fixed = [0, 59, 86_399, 86_400, 951_782_400, 951_868_799, 1_767_225_599, 4_107_542_400, 253_402_300_799, 253_402_300_800, -1, -86_401, 1.5];
  for (const s of fixed) t.equal(formatDate(s, 'UTC'), iso(s), String(s));
  let mismatches = 0;
  // Every day of 1970-2400 at a varying second, and random instants up to year 9999.
  for (let day = 0; day < 157_000; day++) {
    const s = day * 86_400 + ((day * 7919) % 86_400);
    if (formatDate(s, 'UTC') !== iso(s)) mismatches++;
  }
  for (let i = 0; i < 20_000; i++) {
    const s = Math.floor(Math.random() * 253_402_300_800);
    if (formatDate(s, 'UTC') !== iso(s)) mismatches++;
  }
  t.equal(mismatches, 0);
});
