// Worker entry: loads the TypeScript worker through tsx (fast, no type-check) instead of the
// test runner's loader, which would compile the whole module graph again in every thread.
import { register } from 'tsx/esm/api';

register();
await import('./ledger-race-worker.ts');
