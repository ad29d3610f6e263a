// The visitor ids: the cookie's signing secret (RATELINK_SECRET, or generated once and kept
// in the database) and the pseudonyms partners see, decorated as `visitors`.
import fp from 'fastify-plugin';
import { loadVisitorIds, type VisitorIds } from '../services/referral/visitor-cookie.js';

declare module 'fastify' {
  interface FastifyInstance {
    visitors: VisitorIds;
  }
}

export default fp(async function visitors(app) {
  app.decorate('visitors', await loadVisitorIds(app.repos, app.config, Math.floor(Date.now() / 1000)));
}, { name: 'visitors', dependencies: ['config', 'database'] });
