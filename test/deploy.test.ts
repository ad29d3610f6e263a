// The shipped service files say what docs/deployment.md promises.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';

const read = (name: string) => readFileSync(join(import.meta.dirname, '..', 'deploy', name), 'utf8');

t.test('deploy/ratelink.service › node directly, its own user, env file, state directory, sandbox', async (t) => {
  const unit = read('ratelink.service');
  t.match(unit, /^ExecStart=\/usr\/bin\/node \/opt\/ratelink\/dist\/bundle\/server\.js$/m, 'not npm start: SIGTERM reaches the server');
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

t.test('deploy/nginx-ratelink-instances.conf › an upstream of instances, public paths only, X-Forwarded-For replaced; nginx accepts it', async (t) => {
  const conf = read('nginx-ratelink-instances.conf');
  t.match(conf, /upstream ratelink \{[^}]*server 127\.0\.0\.1:3001[^}]*server 127\.0\.0\.1:3002/);
  for (const path of ['location /ref/', 'location /service/', 'location = /api.html']) t.ok(conf.includes(path), path);
  t.notMatch(conf, /location \/admin\//);
  t.notMatch(conf, /\$proxy_add_x_forwarded_for/);
  t.notMatch(conf, /proxy_next_upstream[^;]*non_idempotent/, 'a POST is never sent twice');
  const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
  if (!nginx) {
    t.comment('nginx is not installed: its own check skipped');
    return;
  }
  const dir = t.testdir();
  const upstream = conf.slice(conf.indexOf('upstream ratelink'), conf.indexOf('location /ref/'));
  const locations = conf.slice(conf.indexOf('location /ref/'));
  writeFileSync(join(dir, 'nginx.conf'), `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\naccess_log off;\n${upstream}\nserver {\nlisten 127.0.0.1:18089;\n${locations}\n}\n}\n`);
  const result = spawnSync(nginx, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
  t.equal(result.status, 0, result.stderr);
});
