import type { CliCommand } from '../command.js';

// partner list|show|block, exchange add, payout list|pay|cancel: filled in by the ledger issue.
export const ledgerCommands: CliCommand[] = [];
