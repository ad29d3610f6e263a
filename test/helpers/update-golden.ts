// Regenerates fixtures/feeds/demo* from fixtures/demo/directions.json after a deliberate change
// to the exporters: `npx tsx test/helpers/update-golden.ts`, then review the diff line by line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../../src/paths.js';
import { demoDirections, rateRows, renderRows } from './feeds.js';

const rows = rateRows(demoDirections());
const out = (name: string, text: string) => writeFileSync(join(fixturesDir, 'feeds', name), text);
out('demo-classic.xml', renderRows(rows, 'xml', 'classic'));
out('demo-eref11.xml', renderRows(rows, 'xml', 'eref11'));
out('demo.json', renderRows(rows, 'json'));
out('demo.txt', renderRows(rows, 'txt'));
