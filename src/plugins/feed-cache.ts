// Feeds are built once per change and served from memory. Closing flushes the fetch
// statistics, so it closes before the database.
import fp from 'fastify-plugin';
import { createFeedCache, type FeedCache } from '../services/feeds/cache.js';

declare module 'fastify' {
  interface FastifyInstance {
    feedCache: FeedCache;
  }
}

export default fp(async function feedCache(app) {
  const cache = createFeedCache({
    repos: app.repos, forceMaintenance: app.config.maintenance, log: app.log,
    signal: app.db.changeSignal, pollMs: app.config.feedPollMs, observer: app.metrics?.feedObserver,
  });
  app.decorate('feedCache', cache);
  app.addHook('onReady', async () => cache.start());
  app.addHook('onClose', async () => cache.close());
}, { name: 'feed-cache', dependencies: ['database', 'metrics'] });
