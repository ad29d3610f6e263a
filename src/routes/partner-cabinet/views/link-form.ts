// The promotion link's form (create and edit): name, code (create only), type (create only),
// target (home, an active direction, a page of the site) and visibility, each with its error
// next to it in the page's language.
import type { LinkType } from '../../../db/repos.js';
import type { MessageKey } from '../../../messages/index.js';
import { html, type Html } from '../html.js';
import type { FieldErrors } from './auth.js';
import { csrfField, field, layout, type PageContext } from './layout.js';

export const TARGETS = ['home', 'direction', 'path'] as const;
export const VISIBILITIES = ['listed', 'hidden', 'archived'] as const;
export const TYPES = ['client', 'agent'] as const;

export interface LinkForm { name: string; code: string; type: string; target: string; direction: string; path: string; visibility: string }

interface FormOpts {
  form: LinkForm;
  errors: FieldErrors;
  /** "FROM>TO" pairs the partner may choose from. */
  directions: string[];
  origin: string;
  /** The link being edited; absent on create. */
  edit?: { code: string; type: LinkType; name: string };
}

/** A group of radio buttons with a legend and its error, as one fieldset. */
function radios(ctx: PageContext, name: string, legend: string, options: Array<[string, MessageKey]>, chosen: string, error?: string, note?: string): Html {
  const { t } = ctx.tr;
  const described = [note ? `f-${name}-note` : '', error ? `f-${name}-error` : ''].filter(Boolean).join(' ');
  return html`<fieldset class="field choices${error ? ' invalid' : ''}"${described ? html` aria-describedby="${described}"` : ''}>
<legend>${legend}</legend>
${note ? html`<p class="hint" id="f-${name}-note">${note}</p>` : ''}
${error ? html`<p class="error" id="f-${name}-error">${error}</p>` : ''}
${options.map(([value, label]) => html`<label class="choice"><input type="radio" name="${name}" value="${value}"${value === chosen ? html` checked` : ''}> ${t(label)}</label>`)}
</fieldset>`;
}

function select(id: string, label: string, options: Array<[string, string]>, chosen: string, error?: string): Html {
  return html`<div class="field${error ? ' invalid' : ''}"><label for="f-${id}">${label}</label>
${error ? html`<p class="error" id="f-${id}-error">${error}</p>` : ''}
<select id="f-${id}" name="${id}"${error ? html` aria-invalid="true" aria-describedby="f-${id}-error"` : ''}>${options.map(([value, text]) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${text}</option>`)}</select></div>`;
}

export function linkFormPage(ctx: PageContext, opts: FormOpts): Html {
  const { t } = ctx.tr;
  const { form, errors, edit } = opts;
  const type = edit?.type ?? form.type;
  const action = edit ? `/partner/links/${edit.code}` : '/partner/links';
  const pair = (p: string) => { const [from, to] = p.split('>'); return t('target_direction_view', { from: from!, to: to! }); };
  return layout(ctx, edit ? t('link_edit_title') : t('link_new_title'), html`
<form method="post" action="${action}" class="card narrow" novalidate>
${csrfField(ctx.csrf)}
${field({ name: 'name', label: t('link_name'), value: form.name, hint: t('link_name_hint'), error: errors.name, required: true })}
${edit ? html`<p><strong>${t('link_code')}:</strong> <code>${edit.code}</code></p>`
    : field({ name: 'code', label: t('link_code'), value: form.code, hint: t('link_code_hint'), error: errors.code, autocomplete: 'off' })}
${edit ? html`<p><strong>${t('link_type')}:</strong> ${t(edit.type === 'agent' ? 'type_agent' : 'type_client')}</p>`
    : radios(ctx, 'type', t('link_type'), [['client', 'type_client'], ['agent', 'type_agent']], form.type, errors.type)}
${radios(ctx, 'target', t('link_target'), [['home', 'target_home'], ['direction', 'target_direction'], ['path', 'target_path']], form.target, errors.target,
    type === 'agent' ? t('agent_target_note') : undefined)}
${opts.directions.length > 0 ? select('direction', t('target_direction_label'), opts.directions.map((p) => [p, pair(p)]), form.direction, errors.direction) : ''}
${field({ name: 'path', label: t('target_path_label'), value: form.path, hint: t('target_path_hint', { origin: opts.origin }), error: errors.path, autocomplete: 'off' })}
${select('visibility', t('link_visibility'), VISIBILITIES.map((v) => [v, t(`visibility_${v}`)]), form.visibility, errors.visibility)}
<p class="hint">${t('visibility_hint')}</p>
<button type="submit">${edit ? t('save_link_button') : t('create_link_button')}</button>
</form>
<p><a href="${edit ? `/partner/links/${edit.code}` : '/partner/program'}">${edit ? t('link_page_title', { name: edit.name }) : t('back_to_program')}</a></p>`);
}
