// The events ratelink tells endpoints about (docs/webhooks.md). `click.created` is opt-in:
// an endpoint gets it only when it names it (it is the one high-volume event).
export const EVENT_TYPES = [
  'exchange.created', 'exchange.updated', 'reward.accrued', 'reward.reversed',
  'payout.requested', 'payout.paid', 'payout.canceled', 'click.created',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

// A postback fires on the exchange's status, the affiliate trackers' convention: created,
// then success, refunded or canceled. An exchange event (created or updated) also matches
// exchange.<status>: a site that reports an exchange once it succeeded fires exchange.success.
export const POSTBACK_EVENTS = ['exchange.created', 'exchange.success', 'exchange.refunded', 'exchange.canceled'] as const;

/** What an endpoint may subscribe to. */
export const SUBSCRIBABLE = [...new Set<string>([...EVENT_TYPES, ...POSTBACK_EVENTS])];

export interface NewEvent {
  type: EventType;
  /** The partner the event concerns: their own endpoints get it; null: the operator's only. */
  partnerId: number | null;
  data: Record<string, unknown>;
}

/** The names an endpoint may have subscribed under to receive `event`. */
export function subscriptionKeys(event: NewEvent): string[] {
  if ((event.type === 'exchange.created' || event.type === 'exchange.updated') && typeof event.data.status === 'string') return [event.type, `exchange.${event.data.status}`];
  return [event.type];
}

/** The event types that may carry the subscription names `wanted` (exchange.<status>: an exchange event). */
export function typesOf(wanted: readonly string[]): string[] {
  const exchangeEvents: EventType[] = ['exchange.created', 'exchange.updated'];
  return [...new Set(wanted.flatMap((name) => ((EVENT_TYPES as readonly string[]).includes(name) ? [name] : exchangeEvents)))];
}
