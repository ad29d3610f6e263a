// TypeBox schemas of the referral path /ref/:code.
import { Type } from 'typebox';

export const RefParams = Type.Object({ code: Type.String({ description: 'Referral code, case-sensitive as issued' }) });
export const RefWildcardParams = Type.Object({ '*': Type.String() });
// Documentation only: the raw query string is parsed by the service, which never rejects.
export const RefQuery = Type.Object({
  cur_from: Type.Optional(Type.Unknown({ description: 'Currency code to give, e.g. PMUSD' })),
  cur_to: Type.Optional(Type.Unknown({ description: 'Currency code to get, e.g. BTC' })),
}, { additionalProperties: true });
