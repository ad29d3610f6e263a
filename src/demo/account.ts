// The demo partner's account, so that the REST API's "try it out" page (and the cabinet) can be
// signed in to with a password everyone knows. Demo data only: a real account gets an invite.
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../services/accounts/passwords.js';

export const DEMO_PASSWORD = 'demo-partner-password';

/** Gives `partnerId` an account with DEMO_PASSWORD, unless it has one. */
export async function ensureDemoAccount(app: FastifyInstance, partnerId: number, email: string): Promise<void> {
  if (await app.repos.partnerAccounts.findByPartner(partnerId)) return;
  const at = Math.floor(Date.now() / 1000);
  if (!(await app.repos.partnerAccounts.create({ partnerId, email, at }))) return;
  await app.repos.partnerAccounts.setPassword(partnerId, await hashPassword(DEMO_PASSWORD, app.config.passwordCost), at);
}
