import type { CliCommand } from '../command.js';

// Feed and rate commands beyond the foundation (maintenance on|off, ...): filled in by the feeds issue.
export const feedCommands: CliCommand[] = [];
