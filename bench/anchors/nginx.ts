// nginx (Debian's package) serving the same responses: feeds as static files (plain, and the
// pre-compressed copy with gzip_static), redirects with `return 302`. One worker process, like
// the one Node process it is compared with. Skipped with a message where nginx is not installed.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ratelink-process.js';
import type { AnchorResponse, AnchorSpec, RunningAnchor } from './spec.js';

const NGINX = '/usr/sbin/nginx';

export function nginxAvailable(): boolean {
  return existsSync(NGINX);
}

export async function startNginx(spec: AnchorSpec, workDir: string): Promise<RunningAnchor> {
  const root = join(workDir, 'nginx');
  // nginx started as root reads files as its worker user (nobody): the folders must be readable.
  chmodSync(workDir, 0o755);
  mkdirSync(join(root, 'html'), { recursive: true });
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const port = await freePort();
  const locations = spec.responses.map((response, i) => location(response, i, root)).join('\n');
  writeFileSync(join(root, 'nginx.conf'), config(root, port, locations));
  const child = spawn(NGINX, ['-p', root, '-c', join(root, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port, child);
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGQUIT');
      await once(child, 'exit');
    },
  };
}

function location(response: AnchorResponse, i: number, root: string): string {
  const headers = Object.entries(response.headers).filter(([name]) => !['content-type', 'content-length', 'location'].includes(name.toLowerCase()));
  const addHeaders = headers.map(([name, value]) => `    add_header ${name} ${quote(value)} always;`).join('\n');
  if (response.status >= 300 && response.status < 400) {
    return `  location = ${response.path} {\n${addHeaders}\n    return ${response.status} ${quote(response.headers.location ?? '/')};\n  }`;
  }
  const file = `f${i}`;
  writeFileSync(join(root, 'html', file), response.body ?? Buffer.alloc(0));
  if (response.gzip) writeFileSync(join(root, 'html', `${file}.gz`), response.gzip);
  const type = response.headers['content-type'] ?? 'application/octet-stream';
  return `  location = ${response.path} {\n${addHeaders}\n    default_type ${quote(type)};\n    types { }\n`
    + `    gzip_static ${response.gzip ? 'on' : 'off'};\n    alias ${join(root, 'html', file)};\n  }`;
}

function config(root: string, port: number, locations: string): string {
  return `daemon off;
master_process on;
worker_processes 1;
pid ${join(root, 'nginx.pid')};
error_log ${join(root, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  etag off;
  server_tokens off;
  client_body_temp_path ${join(root, 'tmp')};
  proxy_temp_path ${join(root, 'tmp')};
  fastcgi_temp_path ${join(root, 'tmp')};
  uwsgi_temp_path ${join(root, 'tmp')};
  scgi_temp_path ${join(root, 'tmp')};
  server {
    listen 127.0.0.1:${port};
${locations}
  }
}
`;
}

function quote(value: string): string {
  return `"${value.replace(/["\\$]/g, '\\$&')}"`;
}

async function waitForPort(port: number, child: ReturnType<typeof spawn>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      fetch(`http://127.0.0.1:${port}/`).then(() => resolve(true), () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on 127.0.0.1:${port} within 5 s`);
}
