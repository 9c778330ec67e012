/** zod inputs of the sign-in, password and account forms (messages are catalog keys). */
import { z } from 'zod';
import { formFields } from '../http/forms';
import { LOCALES } from '../i18n';
import { PASSWORD_MAX_LENGTH, passwordProblem, type PasswordContext } from './passwords';

export const emailField = () =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string().min(1).max(320).pipe(z.email()));

export const loginSchema = z.object({
  email: emailField(),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH * 2),
});

/** A new password (checked against the rules) and its repetition. */
export function newPasswordSchema(ctx: PasswordContext = {}) {
  return z
    .object({
      new_password: z.string().min(1),
      new_password_confirm: z.string().min(1),
    })
    .superRefine((v, issue) => {
      const problem = passwordProblem(v.new_password, ctx);
      if (problem) issue.addIssue({ code: 'custom', path: ['new_password'], message: problem });
      else if (v.new_password !== v.new_password_confirm) issue.addIssue({ code: 'custom', path: ['new_password_confirm'], message: 'auth.password.mismatch' });
    });
}

export function changePasswordSchema(ctx: PasswordContext = {}) {
  return z.object({ current_password: z.string().min(1) }).and(newPasswordSchema(ctx));
}

export const forgotSchema = z.object({ email: emailField() });

export const accountSchema = z.object({
  display_name: formFields.text(200),
  locale: z.preprocess((v) => (v === '' ? undefined : v), z.enum(LOCALES).optional()),
});

export const TOKEN_LIFETIMES = ['30', '90', '180', '365'] as const;

export const tokenSchema = z.object({
  name: formFields.text(100),
  expires_days: z.enum(TOKEN_LIFETIMES),
});
