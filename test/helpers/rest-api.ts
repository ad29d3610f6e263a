// REST API tests: a partner with an account and a password (created directly: invites and
// password setting belong to the cabinet), and its token.
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../src/services/accounts/passwords.js';
import { makePartner } from './ledger-factory.js';

export const PASSWORD = 'correct horse battery staple';

export async function makeAccount(app: FastifyInstance, input: Parameters<typeof makePartner>[1] = {}) {
  const partner = await makePartner(app.repos, input);
  const email = `${partner.id}-${Math.random().toString(36).slice(2, 8)}@partner.example`;
  const at = Math.floor(Date.now() / 1000);
  await app.repos.partnerAccounts.create({ partnerId: partner.id, email, at });
  await app.repos.partnerAccounts.setPassword(partner.id, await hashPassword(PASSWORD, 10), at);
  return { partner, email };
}

export async function signInAs(app: FastifyInstance, email: string, password = PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/', payload: { login: email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in: ${res.statusCode} ${res.body}`);
  return res.json<{ token: string; refresh: string }>();
}

/** A partner with an account, signed in: its id, email and the Authorization header. */
export async function signedIn(app: FastifyInstance, input: Parameters<typeof makePartner>[1] = {}) {
  const { partner, email } = await makeAccount(app, input);
  const { token, refresh } = await signInAs(app, email);
  return { partner, email, token, refresh, headers: { authorization: `JWT ${token}` } };
}
