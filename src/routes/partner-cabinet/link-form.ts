// Between the cabinet's link form and the promotion-links services: the form of a stored link,
// the checks a form needs before the service (choices from fixed lists, an active direction),
// the service's input, and the service's errors put next to their fields.
import type { LinkType, LinkVisibility } from '../../db/repos.js';
import type { Translator } from '../../messages/index.js';
import { CODE_PATTERN } from '../../ids.js';
import type { NewLinkInput } from '../../services/promotion-links/links.js';
import { isPrintableName } from './forms.js';
import type { FieldErrors } from './views/auth.js';
import { TARGETS, TYPES, VISIBILITIES, type LinkForm } from './views/link-form.js';
import type { LinkView } from './views/links.js';

const oneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

export function emptyForm(): LinkForm {
  return { name: '', code: '', type: 'client', target: 'home', direction: '', path: '', visibility: 'listed' };
}

export function formOfLink(link: LinkView): LinkForm {
  const { target } = link;
  return {
    name: link.name ?? '', code: link.code, type: link.type, target: target.kind, visibility: link.visibility,
    direction: target.kind === 'direction' ? `${target.cur_from}>${target.cur_to}` : '',
    path: target.kind === 'path' ? target.path ?? '' : '',
  };
}

/** The form's own checks; the service checks the rest (code taken, the site's origin, limits). */
export function checkLinkForm(tr: Translator, form: LinkForm, directionAllowed: (pair: string) => boolean, creating: boolean): FieldErrors {
  const { t } = tr;
  const errors: FieldErrors = {};
  if (!isPrintableName(form.name)) errors.name = form.name.trim() ? t('link_name_invalid') : t('field_required');
  if (creating && form.code !== '' && !CODE_PATTERN.test(form.code)) errors.code = t('code_invalid');
  if (creating && !oneOf(TYPES, form.type)) errors.type = t('choice_invalid');
  if (!oneOf(VISIBILITIES, form.visibility)) errors.visibility = t('choice_invalid');
  if (!oneOf(TARGETS, form.target)) errors.target = t('choice_invalid');
  // An agent link's target is never followed: its fields are not checked.
  else if (form.type !== 'agent' && form.target === 'direction' && !directionAllowed(form.direction)) errors.direction = t('direction_invalid');
  else if (form.type !== 'agent' && form.target === 'path' && form.path === '') errors.path = t('target_path_required');
  return errors;
}

/**
 * The service's input for a checked form; an agent link keeps no target (it leads to sign-up).
 * `stored`: the form of the edited link. A target left as the form showed it is not sent, so
 * the link keeps its target_url as the partner gave it (an absolute URL, a fragment, the seed's
 * targetUrl of a home link) rather than the page the form shows for it.
 */
export function inputOfForm(form: LinkForm, creating: boolean, stored?: LinkForm): NewLinkInput {
  const input: NewLinkInput = { name: form.name, visibility: form.visibility as LinkVisibility };
  if (creating) {
    input.type = form.type as LinkType;
    if (form.code !== '') input.code = form.code;
  }
  if (form.type === 'agent' || (stored && sameTarget(form, stored))) return input;
  const [from, to] = form.target === 'direction' ? form.direction.split('>') : [null, null];
  return { ...input, cur_from: from ?? null, cur_to: to ?? null, target_url: form.target === 'path' ? form.path : null };
}

function sameTarget(a: LinkForm, b: LinkForm): boolean {
  if (a.target !== b.target) return false;
  return a.target === 'direction' ? a.direction === b.direction : a.target === 'path' ? a.path === b.path : true;
}

/** A service error as errors next to fields, or as a notice above the form. */
export function serviceErrorFields(tr: Translator, error: { code: string; message: string }, ctx: { origin: string; limit: number }): { errors: FieldErrors; notice?: string } {
  const { t } = tr;
  switch (error.code) {
    case 'RL_CONFLICT': return { errors: { code: t('code_taken') } };
    case 'RL_TARGET_ORIGIN': return { errors: { path: t('target_origin', { origin: ctx.origin }) } };
    case 'RL_LINK_TARGET_TAKEN': return { errors: { path: t('target_taken') } };
    case 'RL_LINK_LIMIT': return { errors: {}, notice: t('link_limit', { limit: ctx.limit }) };
    case 'RL_PARTNER_BLOCKED': return { errors: {}, notice: t('account_blocked') };
    default: {
      const field = /^Invalid (\w+):/.exec(error.message)?.[1];
      if (field === 'name') return { errors: { name: t('link_name_invalid') } };
      if (field === 'code') return { errors: { code: t('code_invalid') } };
      if (field === 'target_url') return { errors: { path: t('target_origin', { origin: ctx.origin }) } };
      return { errors: {} };
    }
  }
}
