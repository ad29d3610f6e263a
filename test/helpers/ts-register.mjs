// The test suite's TypeScript loader (package.json "tap"."node-arg"). tap's own TypeScript
// plugin runs ts-node, which costs about 6 s of CPU per test process to transpile the app
// (twice the time of esbuild); tsx is as fast but minifies its output, and then the coverage
// report no longer maps to the source lines. esbuild without minification gives both.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
