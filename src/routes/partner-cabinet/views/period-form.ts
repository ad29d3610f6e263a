// The period chooser shared by the dashboard and the reports: preset links and a custom form.
import type { ChosenPeriod } from '../../../services/cabinet/period.js';
import { PRESETS } from '../../../services/cabinet/period.js';
import type { MessageKey, Translator } from '../../../messages/index.js';
import { html, type Html } from '../html.js';

const PRESET_LABEL: Record<(typeof PRESETS)[number], MessageKey> = { today: 'period_today', '7d': 'period_7d', '30d': 'period_30d', '365d': 'period_365d' };

export function periodChooser(tr: Translator, base: string, period: ChosenPeriod | null, error: boolean, custom: { from?: string; to?: string }): Html {
  const { t } = tr;
  return html`<div class="periods" role="group" aria-label="${t('period')}">
${PRESETS.map((p) => html`<a href="${base}?period=${p}"${period?.kind === p ? html` aria-current="true"` : ''}>${t(PRESET_LABEL[p])}</a>`)}
<form method="get" action="${base}" class="periods">
<input type="hidden" name="period" value="custom">
<div class="field${error ? ' invalid' : ''}"><label for="p-from">${t('date_from')}</label><input id="p-from" name="from" type="date" value="${custom.from ?? period?.fromDay ?? ''}"${error ? html` aria-invalid="true" aria-describedby="p-error"` : ''}></div>
<div class="field${error ? ' invalid' : ''}"><label for="p-to">${t('date_to')}</label><input id="p-to" name="to" type="date" value="${custom.to ?? period?.toDay ?? ''}"${error ? html` aria-invalid="true" aria-describedby="p-error"` : ''}></div>
<button type="submit" class="secondary">${t('show')}</button>
</form>
</div>
${error ? html`<p class="error" id="p-error" role="alert">${t('period_invalid')}</p>` : ''}`;
}
