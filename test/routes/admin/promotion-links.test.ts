// The admin API lists any partner's promotion links with their new fields, and disables one.
import t from 'tap';
import { adminHeaders, build } from '../../helpers/build.js';
import { createPromotionLink } from '../../../src/services/promotion-links/links.js';

t.test('GET /admin/links, /admin/partners/:id/links › promotion links with type, target, visibility; DELETE disables', async (t) => {
  const app = await build(t, { siteUrl: 'https://exchanger.example' });
  const partner = await app.repos.partners.insert({ name: 'P', email: 'p@example.test', rewardPercent: '1' });
  await createPromotionLink(app.repos, app.config, partner.id, { code: 'PromoOne', name: 'Spring', cur_from: 'BTC', cur_to: 'ETH', parameter_type: 'sid', visibility: 'hidden' }, 100);
  const expected = {
    code: 'PromoOne', name: 'Spring', url: 'https://exchanger.example/ref/PromoOne/', type: 'client', visibility: 'hidden',
    target: { kind: 'direction', cur_from: 'BTC', cur_to: 'ETH' }, parameter_type: 'sid', partner_id: partner.id, disabled: false, disabled_at: null,
  };
  t.match((await app.inject({ url: `/admin/links?partner_id=${partner.id}`, headers: adminHeaders })).json(), { items: [expected] });
  t.match((await app.inject({ url: `/admin/partners/${partner.id}/links`, headers: adminHeaders })).json(), { items: [expected] });
  const disabled = await app.inject({ method: 'DELETE', url: '/admin/links/PromoOne', headers: adminHeaders });
  t.match(disabled.json(), { code: 'PromoOne', disabled: true, type: 'client' });
  t.ok(disabled.json().updated_at >= disabled.json().created_at);
});
