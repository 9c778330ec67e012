/** zod inputs of the pages module (forms). Messages are catalog keys. */
import { z } from 'zod';
import { formFields } from '../../platform/http/forms';
import { LOCALES } from '../../platform/i18n';
import { FEEDBACK_STATUSES } from './pages.types';

/** Longest page text (characters). */
export const MAX_BODY = 60_000;

export const pageFormSchema = z.object({
  locale: z.enum(LOCALES, { error: 'pages.error.locale' }),
  body: z.preprocess((v) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : v), z.string({ error: 'pages.error.bodyRequired' }).min(1, { error: 'pages.error.bodyRequired' }).max(MAX_BODY, { error: 'pages.error.bodyTooLong' })),
  reviewedOn: z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.iso.date({ error: 'pages.error.reviewedOn' }).optional()),
});
export type PageFormInput = z.output<typeof pageFormSchema>;

export const restoreFormSchema = z.object({
  locale: z.enum(LOCALES, { error: 'pages.error.locale' }),
});

const optionalEmail = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.email({ error: 'pages.feedback.error.email' }).max(254).optional(),
);

export const feedbackFormSchema = z
  .object({
    name: formFields.optionalText(200),
    email: optionalEmail,
    wantsAnswer: formFields.checkbox(),
    pageUrl: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: 'pages.feedback.error.pageUrl' }).min(1, { error: 'pages.feedback.error.pageUrl' }).max(500, { error: 'pages.feedback.error.pageUrlTooLong' })),
    description: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: 'pages.feedback.error.description' }).min(10, { error: 'pages.feedback.error.description' }).max(5000, { error: 'pages.feedback.error.descriptionTooLong' })),
  })
  .superRefine((v, ctx) => {
    if (v.wantsAnswer && !v.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'pages.feedback.error.emailForAnswer' });
  });
export type FeedbackInput = z.output<typeof feedbackFormSchema>;

export const feedbackUpdateSchema = z
  .object({
    status: z.enum(FEEDBACK_STATUSES, { error: 'pages.feedback.error.status' }),
    answer: formFields.optionalText(5000),
    sendAnswer: formFields.checkbox(),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'answered' && !v.answer) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'pages.feedback.error.answerRequired' });
    if (v.sendAnswer && !v.answer) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'pages.feedback.error.answerRequired' });
  });
export type FeedbackUpdateInput = z.output<typeof feedbackUpdateSchema>;

export const feedbackListSchema = z.object({
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(FEEDBACK_STATUSES).optional()),
});
