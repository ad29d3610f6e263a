// The shipped service files say what docs/deployment.md promises.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';

const read = (name: string) => readFileSync(join(import.meta.dirname, '..', 'deploy', name), 'utf8');

t.test('deploy/ratelink.service › node directly, its own user, env file, state directory, sandbox', async (t) => {
  const unit = read('ratelink.service');
  t.match(unit, /^ExecStart=\/usr\/bin\/node \/opt\/ratelink\/dist\/src\/server\.js$/m, 'not npm start: SIGTERM reaches the server');
  for (const line of ['User=ratelink', 'EnvironmentFile=/etc/ratelink/ratelink.env', 'StateDirectory=ratelink',
    'ProtectSystem=strict', 'NoNewPrivileges=true', 'ReadWritePaths=/var/lib/ratelink']) {
    t.match(unit, new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'), line);
  }
  t.notMatch(unit, /^ExecStart=.*npm/m);
});

t.test('deploy/nginx-ratelink.conf › public paths only, X-Forwarded-For replaced', async (t) => {
  const conf = read('nginx-ratelink.conf');
  for (const path of ['location /ref/', 'location /service/', 'location = /api.html']) t.ok(conf.includes(path), path);
  t.notMatch(conf, /location \/admin\//);
  t.match(conf, /proxy_set_header X-Forwarded-For \$remote_addr;/);
  t.notMatch(conf, /\$proxy_add_x_forwarded_for/, 'a client cannot prepend its own addresses');
});
