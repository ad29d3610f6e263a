// Schema pieces shared by the admin routes.
import { Type } from 'typebox';

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/** Amounts are accepted as decimal strings (exact) or JSON numbers. */
export const DecimalInput = Type.Union([Type.String({ maxLength: 64 }), Type.Number()]);
export const ErrorReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});
/** A currency code; its pattern is checked by src/money/currency.ts so every area says the same. */
export const CurrencyCodeInput = Type.String({ maxLength: 50 });
