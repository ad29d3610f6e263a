// A report's answer: {"data": [...], "totals": {...}} as JSON, or its rows as CSV (RFC 4180, a
// header row) when the client asks with `Accept: text/csv` or `?format=csv`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toCsv } from '../../export/csv.js';

type Row = Record<string, unknown>;

export function wantsCsv(request: FastifyRequest<{ Querystring: { format?: string } }>): boolean {
  if (request.query.format) return request.query.format === 'csv';
  const accept = request.headers.accept ?? '';
  return /text\/csv/i.test(accept) && !/application\/json/i.test(accept);
}

/** JSON `{...head, data, totals}`, or CSV of `columns` named after the path's last segment. */
export function answer(request: FastifyRequest<{ Querystring: { format?: string } }>, reply: FastifyReply, columns: readonly string[], data: Row[], totals: Row, head: Row = {}) {
  if (!wantsCsv(request)) return { ...head, data, totals };
  const name = request.url.split('?')[0]!.split('/').filter(Boolean).at(-1);
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(columns, data));
}
