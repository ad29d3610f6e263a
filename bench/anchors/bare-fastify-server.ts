// A bare Fastify process serving fixed responses (bench/anchors/spec.ts): the ceiling a Fastify
// route can reach on this machine. Started by bare-fastify.ts; prints its port on stdout.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { decodeSpec } from './spec.js';

const spec = decodeSpec(readFileSync(process.argv[2]!, 'utf8'));
const app = Fastify({ logger: false, keepAliveTimeout: 65_000 });

for (const response of spec.responses) {
  app.get(response.path, (request, reply) => {
    const gzip = response.gzip && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    reply.code(response.status).headers(gzip ? response.gzipHeaders ?? response.headers : response.headers);
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.send(gzip ? response.gzip : response.body);
  });
}

const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${address}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
