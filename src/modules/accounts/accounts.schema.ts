/** zod inputs of the accounts module's forms (field errors with catalog keys). */
import { z } from 'zod';
import { formFields } from '../../platform/http/forms';
import { LOCALES } from '../../platform/i18n';
import { TARGET_TYPES } from './accounts.registry';

export const signInFormSchema = z.object({
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().min(1, { error: 'accounts.error.emailRequired' }).max(254).pipe(z.email({ error: 'form.error.email' }))),
});

export const profileFormSchema = z.object({
  displayName: formFields.optionalText(80),
  locale: z.preprocess((v) => (v === '' ? undefined : v), z.enum(LOCALES, { error: 'form.error.choose' }).optional()),
});

const mode = z.enum(['immediate', 'off'], { error: 'accounts.error.chooseMode' });
export const notificationsFormSchema = z.object({ concerns: mode, proposals: mode, areas: mode });

export const followFormSchema = z.object({
  type: z.enum(TARGET_TYPES, { error: 'form.error.choose' }),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  back: z.string().optional(),
});

/** Deletion needs the box ticked (never pre-ticked). */
export const deleteFormSchema = z.object({
  confirm: z.preprocess((v) => v === '1' || v === 'on', z.literal(true, { error: 'accounts.error.confirmDelete' })),
});
