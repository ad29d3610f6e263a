// TypeBox schemas of the demo mode's stand-in for the exchanger's site.
import { Type } from 'typebox';

/** /exchange/:from/:to/, where a referral link sends its visitor. */
export const DirectionPageParams = Type.Object({ from: Type.String({ maxLength: 20 }), to: Type.String({ maxLength: 20 }) });
