// Mail to partners (password-reset links) through nodemailer when RATELINK_SMTP_URL is set.
// Without it there is no mailer: the operator hands out reset links (admin API, CLI).
import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';

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
  if (config.smtpUrl === null) return null;
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from: config.smtpFrom, ...mail });
    },
    close: () => transport.close(),
  };
}
