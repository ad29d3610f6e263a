// Mail to partners (password-reset links) through nodemailer when RATELINK_SMTP_URL is set.
// Without it there is no mailer: the operator hands out reset links (admin API, CLI).
import type { Transporter } from 'nodemailer';
import type { Config } from '../../config.js';
import type { Translator } from '../../messages/index.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>): Mailer | null {
  const url = config.smtpUrl;
  if (url === null) return null;
  // Loaded at the first mail, not at start: nodemailer is 34 modules most instances never use.
  let transport: Promise<Transporter> | null = null;
  const open = () => (transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(url)));
  return {
    async send(mail) {
      await (await open()).sendMail({ from: config.smtpFrom, ...mail });
    },
    close: () => void transport?.then((t) => t.close(), () => undefined),
  };
}

/**
 * The reset mail, in the language the partner asked in: which site it is from, the link and how
 * long it works, and that a partner who did not ask can ignore it (anyone may type an email).
 */
export function passwordResetMail(tr: Translator, siteUrl: string, reset: { to: string; url: string }): Mail {
  const site = new URL(siteUrl).host;
  return { to: reset.to, subject: tr.t('reset_mail_subject', { site }), text: tr.t('reset_mail_text', { site, url: reset.url }) };
}
