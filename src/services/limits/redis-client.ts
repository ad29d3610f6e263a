// The one Redis connection an instance keeps (RATELINK_REDIS_URL). Settings from
// docs/research (scale-out §2.1): with ioredis's defaults a Redis outage makes commands wait
// in the offline queue, so requests hang; here a command fails at once while Redis is away,
// or after half a second when it is connected but silent (a partition, a frozen host: nothing
// tells the client it is gone); each caller decides whether to fail open (rate limits) or
// closed (credentials), and the client reconnects by itself.
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';

export type { Redis };

/** Connects, waiting up to `waitMs` for Redis; an instance still starts when Redis is down. */
export async function openRedis(url: string, log?: FastifyBaseLogger, waitMs = 2000): Promise<Redis> {
  // Loaded only when Redis is configured: ioredis is 45 modules an instance without it never needs.
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    connectTimeout: 500,
    commandTimeout: 500,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
  // One line per outage, not one per reconnection attempt.
  let reported = false;
  client.on('error', (err: Error) => {
    if (reported) return;
    reported = true;
    log?.warn({ err: { message: err.message } }, 'Redis unreachable: shared limits fail as documented until it is back');
  });
  client.on('ready', () => {
    if (reported) log?.info('Redis reachable again');
    reported = false;
  });
  const timeout = AbortSignal.timeout(waitMs);
  await once(client, 'ready', { signal: timeout }).catch(() => undefined);
  return client;
}

/** Closes politely, or at once when Redis is not there to answer. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}
