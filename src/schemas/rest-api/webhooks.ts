// The partner's own webhook endpoints and postback templates (/api/webhooks/, /api/postbacks/).
import { Type } from 'typebox';
import { MAX_ID } from '../../ids.js';

const Events = (description: string) => Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20, description });
const WEBHOOK_EVENTS = 'exchange.created, exchange.updated, reward.accrued, reward.reversed, payout.requested, payout.paid, payout.canceled; click.created only when named';
const POSTBACK_EVENTS = 'exchange.created, exchange.success, exchange.refunded, exchange.canceled';

export const WebhookBody = Type.Object({
  url: Type.String({ maxLength: 2000, description: 'http(s) URL of your receiver' }),
  events: Type.Optional(Events(`Default: every type but click.created. Any of: ${WEBHOOK_EVENTS}`)),
}, { additionalProperties: false, example: { url: 'https://hooks.example.com/ratelink', events: ['exchange.created', 'reward.accrued'] } });

export const PostbackBody = Type.Object({
  url: Type.String({ maxLength: 2000, description: 'URL template; macros {sub1}…{sub5}, {click_id}, {exchange_id}, {status}, {reward}, {currency}, {amount}, {cur_from}, {cur_to}, {time} (values URL-encoded)' }),
  events: Events(`When it fires: ${POSTBACK_EVENTS}`),
}, { additionalProperties: false, example: { url: 'https://tracker.example/postback?subid={sub1}&status={status}&payout={reward}&tid={exchange_id}', events: ['exchange.success'] } });

export const EndpointPatch = Type.Object({
  url: Type.Optional(Type.String({ maxLength: 2000 })),
  events: Type.Optional(Events('The new list of events')),
  enabled: Type.Optional(Type.Boolean({ description: 'false pauses it (events queue meanwhile); true enables it again and resets the failure count' })),
}, { additionalProperties: false, example: { enabled: false } });

export const EndpointView = Type.Object({
  id: Type.Integer(), kind: Type.String({ description: '`webhook` or `postback`' }), url: Type.String(), events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabled_reason: Type.Union([Type.String(), Type.Null()], { description: 'Why it is disabled: `operator` (by you), `gone` (it answered 410), `failing` (too many failures in a row)' }),
  failing: Type.Boolean({ description: 'The last attempt failed' }), consecutive_failures: Type.Integer(),
  created_at: Type.Integer(), updated_at: Type.Integer(),
  secret: Type.Optional(Type.String({ description: 'whsec_…: in the answer of creation (and rotation) only' })),
});
export const EndpointList = Type.Object({ data: Type.Array(EndpointView) });

export const DeliveryList = Type.Object({
  data: Type.Array(Type.Object({
    id: Type.Integer(), event_id: Type.Integer(), type: Type.String(), status: Type.String({ description: '`pending`, `delivered` or `failed` (given up)' }),
    attempts: Type.Integer(), next_attempt_at: Type.Union([Type.Integer(), Type.Null()]), last_status: Type.Union([Type.Integer(), Type.Null()]),
    last_error: Type.Union([Type.String(), Type.Null()]), delivered_at: Type.Union([Type.Integer(), Type.Null()]), event_created_at: Type.Integer(),
  })),
});

export const ReplayBody = Type.Object({
  event_id: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'One event again (its webhook-id is unchanged)' })),
  from: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Or every event of [from, to] (unix seconds) the endpoint takes' })),
  to: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
}, { additionalProperties: false, example: { event_id: 42 } });
export const ReplayReply = Type.Object({ queued: Type.Integer({ description: 'Deliveries queued' }) });
