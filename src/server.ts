// The server entry: configuration, demo bootstrap, listen, graceful shutdown.
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { createServer, ratelink } from './app.js';
import { ConfigError, loadConfig, readEnvironment, type Config } from './config.js';
import { migrateDatabase } from './db/connect.js';
import { bootstrapDemo } from './demo/bootstrap.js';
import { checkDatabaseMode } from './demo/guard.js';
import { describeStartupFailure } from './startup-failure.js';

export async function startServer(config: Config) {
  const app = createServer(config, { logStream: process.stdout });
  await migrateDatabase(config);
  await app.register(ratelink, { config });
  await app.ready();
  const demo = config.demo ? await bootstrapDemo(app) : await checkDatabaseMode(app.repos, config).then(() => null);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    if (demo?.welcome) await forgetDemoData(app, demo);
    throw error;
  }
  // For the person at the terminal, on stderr: stdout carries the JSON log a shipper keeps.
  if (demo?.welcome) process.stderr.write(demo.welcome);
  // SIGINT/SIGTERM: stop accepting, let in-flight requests finish, then close the plugins in
  // the reverse order of their dependencies (the database last).
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    demo?.stop();
    await app.close();
  });
  return app;
}

/**
 * The demo's keys and admin token are shown once, after listen: a start that cannot listen takes
 * back the demo data it has just loaded, so that the next start loads it again and prints them.
 */
async function forgetDemoData(app: FastifyInstance, demo: { stop(): void }) {
  demo.stop();
  await app.repos.settings.deleteAllData();
  await app.close();
}

export function readConfigOrExit(): Config {
  try {
    return loadConfig(readEnvironment());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ratelink: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Starts the server; a failure the operator can fix is one line on stderr and exit code 1. */
export async function startServerOrExit(config: Config) {
  try {
    return await startServer(config);
  } catch (error) {
    const line = describeStartupFailure(error, config);
    if (line === null) throw error;
    process.stderr.write(`ratelink: ${line}\n`);
    process.exit(1);
  }
}

const isEntry = import.meta.url === `file://${process.argv[1]}`;
if (isEntry) await startServerOrExit(readConfigOrExit());
