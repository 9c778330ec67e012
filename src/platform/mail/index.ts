/**
 * E-mail through nodemailer. With SMTP_URL set, messages go to that SMTP server. Without it, nodemailer's stream
 * transport renders each message and it is written as an .eml file into MAIL_DIR (development and tests: open
 * the file in a mail program, or let a test read the link from it).
 * Mail texts live in the catalogs; callers pass the recipient's language (see `renderMail`).
 */
import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config';
import { newId } from '../ids';
import { translate, type Locale, type Params } from '../i18n';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An iCalendar object sent as text/calendar alternative and .ics attachment (meeting invitations). */
  icalEvent?: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; content: string; filename?: string };
}

export interface SentMail {
  messageId: string;
  /** The .eml file written (file transport only). */
  file?: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'file';
  send(m: MailMessage): Promise<SentMail>;
}

class SmtpMailer implements Mailer {
  readonly kind = 'smtp' as const;
  private readonly transport: Transporter;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }
  async send(m: MailMessage): Promise<SentMail> {
    const info = await this.transport.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text, ...(m.icalEvent ? { icalEvent: { method: m.icalEvent.method, content: m.icalEvent.content, filename: m.icalEvent.filename ?? 'invite.ics' } } : {}) });
    return { messageId: info.messageId };
  }
}

class FileMailer implements Mailer {
  readonly kind = 'file' as const;
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {}
  async send(m: MailMessage): Promise<SentMail> {
    const info = await this.transport.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text, ...(m.icalEvent ? { icalEvent: { method: m.icalEvent.method, content: m.icalEvent.content, filename: m.icalEvent.filename ?? 'invite.ics' } } : {}) });
    fs.mkdirSync(this.dir, { recursive: true });
    // Sortable by time: ISO timestamp without separators, then a random part.
    const name = `${new Date().toISOString().replace(/[-:.]/g, '')}-${newId('mail', 10)}.eml`;
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, info.message as Buffer, { mode: 0o600 });
    return { messageId: info.messageId, file };
  }
}

const mailers = new WeakMap<Config, Mailer>();

/** The mailer for a configuration (one per config object; transports are reused). */
export function mailerFor(config: Config): Mailer {
  let m = mailers.get(config);
  if (!m) {
    m = config.SMTP_URL ? new SmtpMailer(config.SMTP_URL, config.MAIL_FROM) : new FileMailer(path.resolve(config.MAIL_DIR), config.MAIL_FROM);
    mailers.set(config, m);
  }
  return m;
}

/**
 * Builds a mail from catalog keys `<key>.subject` and `<key>.body` in the recipient's language. The body gets the
 * common footer `mail.footer`.
 */
export function renderMail(locale: Locale, key: string, to: string, params: Params): MailMessage {
  const subject = translate(locale, `${key}.subject`, params);
  const body = translate(locale, `${key}.body`, params);
  const footer = translate(locale, 'mail.footer', params);
  return { to, subject, text: `${body}\n\n-- \n${footer}\n` };
}

export async function sendMail(config: Config, m: MailMessage): Promise<SentMail> {
  return mailerFor(config).send(m);
}
