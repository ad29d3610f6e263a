// The cabinet's exchange row: get_exchanges' fields, with the amounts, rates and reward as the
// exact decimal text the REST API gives. get_exchanges sends JSON numbers (its clients expect
// them), and a number's text loses digits past 17 and turns small amounts into "1e-8": fine for
// a JSON parser, wrong in a spreadsheet or on a page that must match the ledger.
import type { ReportExchangeRow } from '../../db/repos.js';
import { formatUnits } from '../../money/decimal.js';
import { exchangeItem, type ViewConfig } from '../partner-api/reports.js';

export function cabinetExchangeItem(row: ReportExchangeRow, config: ViewConfig, partnerId: number) {
  return {
    ...exchangeItem(row, config, partnerId),
    course_give: row.courseGive,
    course_get: row.courseGet,
    amount_give: row.amountGive,
    amount_get: row.amountGet,
    partner_reward: formatUnits(row.reward),
  };
}
