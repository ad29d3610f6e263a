// Standard Webhooks signatures (https://www.standardwebhooks.com/): the secret is `whsec_` and
// base64 key bytes; each delivery is signed with HMAC-SHA256 over `id.timestamp.body`, sent as
// `webhook-signature: v1,<base64>`. Receivers verify with any Standard Webhooks library.
import { createHmac, randomBytes } from 'node:crypto';

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}
