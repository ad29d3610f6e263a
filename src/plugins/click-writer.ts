// Where /ref's group commit writes its batches: on a SQLite file, a writer thread with its own
// connection. Closed before the database (it depends on it), after the recorder (which
// depends on it).
import fp from 'fastify-plugin';
import type { ClickWriter } from '../db/database.js';
import { CLICK_WINDOW_SECONDS } from '../services/referral/follow.js';

declare module 'fastify' {
  interface FastifyInstance {
    clickWriter: ClickWriter;
  }
}

export default fp(async function clickWriter(app) {
  const writer = app.db.createClickWriter({
    windowSeconds: CLICK_WINDOW_SECONDS,
    onThreadError: (err) => app.log.error({ err }, 'click writer thread failed; writing clicks in the main thread'),
  });
  app.decorate('clickWriter', app.metrics?.observeClickWriter(writer) ?? writer);
  app.addHook('onClose', async () => writer.close());
}, { name: 'click-writer', dependencies: ['database', 'metrics'] });
