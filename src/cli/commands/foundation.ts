import type { CliCommand } from '../command.js';

export const foundationCommands: CliCommand[] = [];
