#!/usr/bin/env node
// Reports one exchange (or a new status of it) from the exchange engine to ratelink.
//   RATELINK_URL=http://127.0.0.1:3000 RATELINK_ADMIN_TOKEN=... node report-exchange.mjs < exchange.json
// exchange.json is the body of POST /admin/exchanges (docs/admin-api.md): the engine's own order
// id as external_id, and user_hash: the value of the visitor's ratelink_uid cookie, which the
// engine reads on its own domain when the order is created (ratelink sets it on /ref/).
// Safe to retry: a report is idempotent on external_id, so the same body sent twice changes
// nothing (200). Network errors, 429 and 5xx are retried with backoff; 400/409/422 are not
// (the report itself is wrong: fix it, do not resend it).
const base = process.env.RATELINK_URL ?? 'http://127.0.0.1:3000';
const token = process.env.RATELINK_ADMIN_TOKEN;
const attempts = Number(process.env.ATTEMPTS ?? 6);
if (!token) {
  console.error('usage: RATELINK_ADMIN_TOKEN=... [RATELINK_URL=...] node report-exchange.mjs < exchange.json');
  process.exit(2);
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const body = Buffer.concat(chunks).toString('utf8');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

for (let attempt = 1; ; attempt++) {
  let retryable;
  try {
    const response = await fetch(`${base}/admin/exchanges`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const reply = await response.json();
    if (response.ok) {
      console.log(`${response.status === 201 ? 'recorded' : 'already known'}: exchange ${reply.id} ${reply.status}, reward ${reply.reward}${reply.flag ? ` (flag ${reply.flag})` : ''}`);
      process.exit(0);
    }
    retryable = response.status === 429 || response.status >= 500;
    console.error(`report-exchange: ratelink answered ${response.status}: ${reply.error?.message ?? JSON.stringify(reply)}`);
  } catch (error) {
    retryable = true;
    console.error(`report-exchange: ${error.message}`);
  }
  if (!retryable || attempt >= attempts) process.exit(1);
  await sleep(Math.min(500 * 2 ** (attempt - 1), 30_000));
}
