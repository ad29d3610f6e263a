// The server entry: configuration, demo bootstrap, listen, graceful shutdown.
import closeWithGrace from 'close-with-grace';
import { createServer, ratelink } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { bootstrapDemo } from './demo/bootstrap.js';

export async function startServer(config: Config) {
  const app = createServer(config, { logStream: process.stdout });
  await app.register(ratelink, { config });
  await app.ready();
  const demo = config.demo ? await bootstrapDemo(app) : null;
  await app.listen({ port: config.port, host: config.host });
  if (demo?.welcome) process.stdout.write(demo.welcome);
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

export function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ratelink: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const isEntry = import.meta.url === `file://${process.argv[1]}`;
if (isEntry) await startServer(readConfigOrExit());
