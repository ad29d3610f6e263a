// Starts bare-fastify-server.js in its own process (its own event loop, as an anchor must be).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeSpec, type AnchorSpec, type RunningAnchor } from './spec.js';

export async function startBareFastify(spec: AnchorSpec, workDir: string): Promise<RunningAnchor> {
  const specFile = join(workDir, 'bare-fastify.json');
  writeFileSync(specFile, encodeSpec(spec));
  const here = dirname(fileURLToPath(import.meta.url));
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const child = spawn(process.execPath, [...process.execArgv, join(here, `bare-fastify-server${extension}`), specFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await Promise.race([
    once(child.stdout, 'data') as Promise<[Buffer]>,
    once(child, 'exit').then(([code]) => { throw new Error(`bare Fastify exited with ${code}`); }),
  ]);
  return {
    origin: line.toString().trim(),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
