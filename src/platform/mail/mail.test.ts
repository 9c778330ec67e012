import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { registerCatalog } from '../i18n';
import { mailerFor, renderMail, sendMail } from './index';
import { parseEml } from '../../../test/support/auth';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-mail-'));

beforeAll(() => {
  registerCatalog('mail-test', {
    de: { 'mailtest.hello.subject': 'Grüße aus {tenant}', 'mailtest.hello.body': 'Hallo {name},\nhier ist der Link: {link}', 'mail.footer': 'Quartier {tenant}' },
    en: { 'mailtest.hello.subject': 'Greetings from {tenant}', 'mailtest.hello.body': 'Hello {name},\nhere is the link: {link}' },
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('mail', () => {
  it('writes each message as an .eml file when no SMTP server is configured', async () => {
    const config = parseConfig({ NODE_ENV: 'test', MAIL_DIR: dir, MAIL_FROM: 'Quartier <no-reply@quartier.test>' });
    expect(mailerFor(config).kind).toBe('file');
    expect(mailerFor(config)).toBe(mailerFor(config));
    const link = `https://quartier.test/password/reset/${'x'.repeat(60)}`;
    const sent = await sendMail(config, renderMail('de', 'mailtest.hello', 'jörg@example.test', { tenant: 'Essen', name: 'Jörg Müller', link }));
    expect(sent.file).toBeTruthy();
    expect(path.dirname(sent.file!)).toBe(dir);
    const mail = parseEml(fs.readFileSync(sent.file!, 'utf8'));
    expect(mail.subject).toBe('Grüße aus Essen');
    expect(mail.to).toContain('jörg@example.test');
    expect(mail.headers.from).toContain('no-reply@quartier.test');
    expect(mail.text).toContain('Hallo Jörg Müller,');
    expect(mail.text).toContain(link);
    expect(mail.text).toContain('-- \nQuartier Essen');
  });

  it('renders in the recipient’s language, falling back to German', () => {
    expect(renderMail('en', 'mailtest.hello', 'a@b', { tenant: 'Essen', name: 'A', link: 'L' }).subject).toBe('Greetings from Essen');
    expect(renderMail('ar', 'mailtest.hello', 'a@b', { tenant: 'Essen', name: 'A', link: 'L' }).subject).toBe('Grüße aus Essen');
  });

  it('uses SMTP when SMTP_URL is set', () => {
    const config = parseConfig({ NODE_ENV: 'test', SMTP_URL: 'smtp://user:pass@127.0.0.1:2525' });
    expect(mailerFor(config).kind).toBe('smtp');
  });
});
