// The configuration, read and validated once by the caller (server, CLI, test), decorated as
// `config` for every plugin.
import fp from 'fastify-plugin';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export default fp<{ config: Config }>(async function config(app, { config }) {
  app.decorate('config', config);
}, { name: 'config' });
