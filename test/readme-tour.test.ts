// The README's short tour, run as written against a demo server on a real socket: every curl
// line ends with the status it documents.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { bootstrapDemo } from '../src/demo/bootstrap.js';
import { ADMIN_TOKEN, build } from './helpers/build.js';

function tourCommands(): Array<{ command: string; status: string }> {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const tour = readme.slice(readme.indexOf('## A short tour'));
  const block = /```sh\n([\s\S]*?)```/.exec(tour)![1];
  return block.split('\n').filter((line) => line.startsWith('curl ')).map((line) => {
    const [, command, status] = /^(.*?)\s+#\s*(\d{3})\s*$/.exec(line)!;
    return { command, status };
  });
}

t.test('README › the quick tour\'s curl examples answer as documented against the demo', async (t) => {
  const app = await build(t, { demo: true });
  const demo = await bootstrapDemo(app);
  t.teardown(demo.stop);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const env = {
    ...process.env,
    RL: `http://127.0.0.1:${port}`,
    TOKEN: ADMIN_TOKEN,
    KEY: /api_key=([A-Za-z0-9]+)/.exec(demo.welcome!)![1],
    FEED: /\/service\/export\/xml\/([A-Za-z0-9]+)/.exec(demo.welcome!)![1],
  };
  const commands = tourCommands();
  t.ok(commands.length >= 8, `${commands.length} examples`);
  for (const { command, status } of commands) {
    // The status is what counts here; the body goes nowhere.
    const probe = `${command.replace(/ -o \/dev\/null -w '[^']*'/, '')} -o /dev/null -w '%{http_code}'`;
    // Not execFileSync: the server answering it runs in this process.
    const { stdout } = await promisify(execFile)('sh', ['-c', probe], { env, encoding: 'utf8' });
    t.equal(stdout, status, command.slice(0, 90));
  }
});
