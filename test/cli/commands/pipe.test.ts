// `ratelink payout list | head`: the reader leaves before the listing ends. The CLI stops quietly,
// as other shell tools do, instead of a Node stack trace ("Unhandled 'error' event … EPIPE").
import { spawn } from 'node:child_process';
import t from 'tap';
import { bundledCommand } from '../../helpers/bundle.js';

const [command, ...args] = await bundledCommand('cli');

t.test('ratelink --help | (a reader that left) › no stack trace, exit 0', async (t) => {
  const child = spawn(command, [...args, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // The read end closes before the CLI writes: its first write meets EPIPE.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  t.equal(stderr, '', 'nothing on stderr');
  t.equal(code, 0);
});
