// The opt-in `click.created` event: the one high-volume event, so it is written only when some
// enabled endpoint names it (an operator's, or the click's partner's own), in the transaction
// of the click batch (src/db/*/click-outbox.ts). Pure: both engines and the SQLite writer
// thread call it with the rows they have.
import type { EventEndpointRow, NewClick, RecordedClick } from '../../db/repos.js';
import { partnerVisibleIp } from '../../partner-ip.js';

export const CLICK_EVENT = 'click.created';

export interface ClickEvent {
  partnerId: number | null;
  createdAt: number;
  data: string;
  endpointIds: number[];
}

type Subscriber = Pick<EventEndpointRow, 'id' | 'partnerId' | 'events'>;

/** The endpoints that named click.created (the query narrows with LIKE; this decides). */
export function clickSubscribers(endpoints: Subscriber[]): Subscriber[] {
  return endpoints.filter((endpoint) => (JSON.parse(endpoint.events) as string[]).includes(CLICK_EVENT));
}

/** What a partner may see of a click (get_links' fields): the IP's network only, no visitor id. */
export function clickData(click: NewClick, recorded: RecordedClick): Record<string, unknown> {
  return {
    id: recorded.id, partner_id: click.partnerId ?? null, link_id: click.linkId ?? null, time: click.time,
    ip: partnerVisibleIp(click.ip ?? '', false), browser: click.browser ?? 'Unknown', referrer: click.referrer ?? '',
    cur_from: click.curFrom ?? null, cur_to: click.curTo ?? null,
    sub_ids: { sub1: click.sub1 ?? null, sub2: click.sub2 ?? null, sub3: click.sub3 ?? null, sub4: click.sub4 ?? null, sub5: click.sub5 ?? null },
    is_bot: click.isBot === true, is_repeat: recorded.isRepeat,
  };
}

/** The events of a batch: one per click some subscriber may receive, with those subscribers. */
export function clickEvents(batch: NewClick[], recorded: RecordedClick[], subscribers: Subscriber[]): ClickEvent[] {
  if (subscribers.length === 0) return [];
  const result: ClickEvent[] = [];
  batch.forEach((click, i) => {
    const partnerId = click.partnerId ?? null;
    const endpointIds = subscribers.filter((e) => e.partnerId === null || e.partnerId === partnerId).map((e) => e.id);
    if (endpointIds.length > 0) result.push({ partnerId, createdAt: click.time, data: JSON.stringify(clickData(click, recorded[i]!)), endpointIds });
  });
  return result;
}
