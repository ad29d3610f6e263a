import type { Config } from '../config.js';

interface Welcome {
  referralCode: string;
  feed: { urls: { xml: string; json: string; txt: string } };
  apiKey: string;
  /** null when the token comes from RATELINK_ADMIN_TOKEN (never printed) or was printed before. */
  adminToken: string | null;
  /** The first partner's cabinet account (its password is stored only as a hash). */
  cabinet?: { email: string; password: string } | null;
}

/** What to try, printed once when the demo data is loaded. */
export function welcomeText(config: Config, w: Welcome): string {
  const site = config.siteUrl;
  const api = `${site}/service/partner/api.php?api_action=pp&api_key=${w.apiKey}&method=get_info`;
  const token = w.adminToken ?? '(RATELINK_ADMIN_TOKEN)';
  return [
    '',
    'ratelink demo data loaded. Try:',
    `  referral link   ${site}/ref/${w.referralCode}/?cur_from=PMUSD&cur_to=BTC`,
    `  XML feed        ${w.feed.urls.xml}`,
    `  JSON feed       ${w.feed.urls.json}`,
    `  TXT feed        ${w.feed.urls.txt}`,
    `  partner API     ${api}`,
    ...(w.cabinet ? [`  partner cabinet ${site}/partner/login  (email ${w.cabinet.email}, password ${w.cabinet.password})`] : []),
    `  admin API       curl -H 'Authorization: Bearer ${token}' ${site}/admin/partners`,
    '',
    'This is shown once: API keys, the cabinet password and the admin token are stored only as hashes.',
    '',
  ].join('\n');
}
