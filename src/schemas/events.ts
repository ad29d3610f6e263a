// The admin API's webhook and postback endpoints (docs/webhooks.md).
import { Type } from 'typebox';
import { Id, SafeInteger } from './common.js';

export const EndpointBody = Type.Object({
  url: Type.String({ description: 'https URL of the receiver; for a postback a template with {macros}', examples: ['https://hooks.example.com/ratelink'] }),
  events: Type.Optional(Type.Array(Type.String(), { description: 'Event types; default every type but click.created' })),
}, { additionalProperties: false });

export const EndpointPatchBody = Type.Object({
  url: Type.Optional(Type.String()),
  events: Type.Optional(Type.Array(Type.String())),
  enabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });

export const EndpointReply = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabled_reason: Type.Union([Type.String(), Type.Null()]),
  failing: Type.Boolean(),
  consecutive_failures: Type.Integer(),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
  secret: Type.Optional(Type.String({ description: 'whsec_…: shown on creation and rotation only' })),
});

export const ReplayBody = Type.Object({
  event_id: Type.Optional(Id),
  from: Type.Optional(SafeInteger),
  to: Type.Optional(SafeInteger),
}, { additionalProperties: false });

export const DeliveryReply = Type.Object({
  id: Type.Integer(),
  event_id: Type.Integer(),
  type: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  next_attempt_at: Type.Union([Type.Integer(), Type.Null()]),
  last_status: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
  delivered_at: Type.Union([Type.Integer(), Type.Null()]),
  event_created_at: Type.Integer(),
});
