// A postback is the affiliate trackers' convention (Keitaro, Binom): a GET of the partner's URL
// template with {macros} replaced by the exchange's values, each URL-encoded.
const MACROS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'click_id', 'exchange_id', 'status', 'reward', 'currency', 'amount', 'cur_from', 'cur_to', 'time'] as const;
export type Macro = (typeof MACROS)[number];

/** The macros of a template that ratelink does not know, to refuse it when it is saved. */
export function unknownMacros(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((name) => !(MACROS as readonly string[]).includes(name));
}

/** The values of an exchange event's data under the macro names. */
export function macroValues(data: Record<string, unknown>): Partial<Record<Macro, string>> {
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  const subs = (data.sub_ids ?? {}) as Record<string, unknown>;
  return {
    sub1: text(subs.sub1), sub2: text(subs.sub2), sub3: text(subs.sub3), sub4: text(subs.sub4), sub5: text(subs.sub5),
    click_id: text(data.click_id), exchange_id: text(data.id), status: text(data.status), reward: text(data.reward),
    currency: text(data.reward_currency), amount: text(data.amount_give), cur_from: text(data.cur_from), cur_to: text(data.cur_to),
    time: text(data.updated_at ?? data.time),
  };
}

export function expandPostback(template: string, data: Record<string, unknown>): string {
  const values = macroValues(data);
  return template.replace(/\{([a-z0-9_]+)\}/g, (whole, name: string) =>
    (MACROS as readonly string[]).includes(name) ? encodeURIComponent(values[name as Macro] ?? '') : whole);
}
