// partner invite|approve|reset-link|sign-out: the operator's side of cabinet accounts from a
// shell, through the same services as POST /admin/partners/:id/{invite,approve,password-reset,sign-out}.
import { approvePartner, invitePartner, passwordResetLink } from '../../services/accounts/accounts.js';
import { endAllSessions } from '../../services/accounts/sessions.js';
import { getPartner } from '../../services/partners/partners.js';
import { optionalFlag, requireIdOrWord, type ParsedArgs } from '../args.js';
import type { CliCommand } from '../command.js';

const now = () => Math.floor(Date.now() / 1000);
const idArg = (args: ParsedArgs) => requireIdOrWord(args, 'partner');
const formatLink = (what: string) => (r: { email: string; url: string; expires_at: number }) =>
  `${what} for ${r.email} (one use, until ${new Date(r.expires_at * 1000).toISOString()}):\n${r.url}\n`;

const partnerInvite: CliCommand = {
  name: 'partner invite',
  usage: 'partner invite --partner ID [--email E]',
  description: 'Create the partner\'s cabinet account and print a one-time link (72 h) to set the password',
  async run(ctx, args) {
    const app = await ctx.app();
    return invitePartner(app.repos, app.config, idArg(args), now(), optionalFlag(args, 'email'));
  },
  format: formatLink('Invitation'),
};

const partnerResetLink: CliCommand = {
  name: 'partner reset-link',
  usage: 'partner reset-link --partner ID',
  description: 'Print a one-time password-reset link (1 h) for the partner\'s cabinet',
  async run(ctx, args) {
    const app = await ctx.app();
    return passwordResetLink(app.repos, app.config, idArg(args), now());
  },
  format: formatLink('Password reset link'),
};

const partnerApprove: CliCommand = {
  name: 'partner approve',
  usage: 'partner approve --partner ID',
  description: 'Approve a partner who signed up (pending → active)',
  async run(ctx, args) {
    return approvePartner((await ctx.app()).repos, idArg(args));
  },
  format: (r: { partner_id: number }) => `Partner ${r.partner_id} approved: they can sign in now.\n`,
};

const partnerSignOut: CliCommand = {
  name: 'partner sign-out',
  usage: 'partner sign-out --partner ID',
  description: 'End every cabinet session of the partner at once',
  async run(ctx, args) {
    const { repos } = await ctx.app();
    const id = idArg(args);
    await getPartner(repos, id);
    await endAllSessions(repos, id, now());
    return { partner_id: id, signed_out: true };
  },
  format: (r: { partner_id: number }) => `Every session of partner ${r.partner_id} ended.\n`,
};

export const accountCommands: CliCommand[] = [partnerInvite, partnerResetLink, partnerApprove, partnerSignOut];
