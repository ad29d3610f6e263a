// Demo mode only: stands in for the exchanger's own site at RATELINK_SITE_URL, so that a
// referral link followed on a fresh install lands on a page instead of a 404.
import type { FastifyInstance } from 'fastify';
import { DirectionPageParams } from '../schemas/demo-site.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, detail: string) {
  return `<!doctype html><meta charset="utf-8"><title>${title}</title>
<h1>${title}</h1><p>${detail}</p>
<p>This page stands in for the exchanger's site (demo mode). In production, RATELINK_SITE_URL
points at the real site and only <code>/ref/</code> and <code>/service/</code> are routed to ratelink.</p>`;
}

export default async function demoSiteRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // The pages have no script, style or form: a strict CSP makes injected markup inert.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('content-security-policy', "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  });
  app.get('/', async (_request, reply) => {
    reply.type('text/html; charset=utf-8');
    return page('Demo exchanger', 'Home page of the exchange site.');
  });
  app.get('/exchange/:from/:to/', {
    schema: { params: DirectionPageParams },
  }, async (request, reply) => {
    const { from, to } = request.params;
    reply.type('text/html; charset=utf-8');
    return page(`Exchange ${escape(from)} → ${escape(to)}`, 'The exchange direction the visitor chose on the monitor.');
  });
}
