/** zod inputs of the participation module: HTML forms (field errors with catalog keys) and the JSON API (OpenAPI). */
import { z } from '@hono/zod-openapi';
import { formFields } from '../../platform/http/forms';
import { QUESTION_KINDS, REPORT_REASONS, STATUSES, SURVEY_STATUSES } from './participation.rules';

const email = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().min(1, { error: 'participation.error.emailRequired' }).max(254).pipe(z.email({ error: 'form.error.email' })));
/** The privacy consent checkbox: never pre-ticked, required to send. */
const consent = z.preprocess((v) => v === '1' || v === 'on' || v === true, z.literal(true, { error: 'participation.error.consent' }));

export const proposalFormSchema = z.object({
  title: formFields.text(140),
  body: formFields.text(4000),
  name: formFields.optionalText(80),
  email,
  consent,
});

/** The support form shares its page with the comment form: its fields have their own names (and so their own ids). */
export const supportFormSchema = z.object({ supportEmail: email, supportConsent: consent });

export const commentFormSchema = z.object({
  body: formFields.text(2000),
  name: formFields.optionalText(80),
  email,
  consent,
});

/** A comment by a signed-in resident (ADR 0022): no address, no consent box (the account covers it). */
export const commentAccountFormSchema = z.object({
  body: formFields.text(2000),
  name: formFields.optionalText(80),
});

export const reportFormSchema = z.object({
  reason: z.enum(REPORT_REASONS, { error: 'participation.error.reason' }),
  text: formFields.optionalText(1000),
});

export const hideFormSchema = z.object({ reason: formFields.text(300) });

export const answerFormSchema = z.object({
  to: z.enum(STATUSES, { error: 'form.error.choose' }),
  answer: formFields.optionalText(4000),
});

export const approvalFormSchema = z.object({ decision: z.enum(['approve', 'reject'], { error: 'form.error.choose' }) });

/** One form for every area the user manages: `areaId` lists them (hidden), `requireApproval` the ticked ones. */
export const settingsFormSchema = z.object({
  areaId: formFields.list(z.string().min(1)).pipe(z.array(z.string()).min(1, { error: 'form.error.choose' })),
  requireApproval: formFields.list(z.string()),
});

export const surveyStatusFormSchema = z.object({ to: z.enum(SURVEY_STATUSES, { error: 'form.error.choose' }) });
export const releaseFormSchema = z.object({ answerId: z.string().min(1), release: z.enum(['1', '0']) });

/** The survey's optional e-mail (empty = anonymous without confirmation). */
export const responseMetaSchema = z.object({
  email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), z.email({ error: 'form.error.email' }).max(254).optional()),
});

/** Slots of the "new survey" form (works without JavaScript: a fixed number of question slots, empty ones ignored). */
export const QUESTION_SLOTS = 6;

export const surveyFormSchema = z.object({
  areaId: z.string().min(1, { error: 'form.error.choose' }),
  title: formFields.text(140),
  intro: formFields.optionalText(2000),
});

export interface SlotQuestion {
  kind: (typeof QUESTION_KINDS)[number];
  prompt: string;
  required: boolean;
  options: string[];
}

/** Reads the question slots q<i>_prompt / _kind / _required / _options (one option per line). */
export function readQuestionSlots(values: Record<string, unknown>): { questions: SlotQuestion[]; errors: { field: string; key: string }[] } {
  const questions: SlotQuestion[] = [];
  const errors: { field: string; key: string }[] = [];
  for (let i = 0; i < QUESTION_SLOTS; i++) {
    const prompt = String(values[`q${i}_prompt`] ?? '').trim();
    if (!prompt) continue;
    const kind = String(values[`q${i}_kind`] ?? '');
    if (!(QUESTION_KINDS as readonly string[]).includes(kind)) {
      errors.push({ field: `q${i}_kind`, key: 'form.error.choose' });
      continue;
    }
    if (prompt.length > 300) errors.push({ field: `q${i}_prompt`, key: 'form.error.tooLong' });
    const options = String(values[`q${i}_options`] ?? '')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 12);
    const required = values[`q${i}_required`] === '1' || values[`q${i}_required`] === 'on';
    questions.push({ kind: kind as SlotQuestion['kind'], prompt, required, options });
  }
  return { questions, errors };
}

/* ---------------------------------------------------------------- API */

export const ProposalIdParam = z.object({ id: z.string().regex(/^prp_[0-9a-z]+$/).openapi({ param: { name: 'id', in: 'path' }, example: 'prp_0123456789abcdef' }) });
export const SurveyIdParam = z.object({ id: z.string().regex(/^svy_[0-9a-z]+$/).openapi({ param: { name: 'id', in: 'path' }, example: 'svy_0123456789abcdef' }) });
export const AreaSlugParam = z.object({ slug: z.string().regex(/^[a-z0-9-]+$/).openapi({ param: { name: 'slug', in: 'path' }, example: 'kray' }) });

export const ProposalSchema = z
  .object({
    id: z.string(),
    areaId: z.string(),
    title: z.string(),
    body: z.string(),
    authorName: z.string().nullable(),
    status: z.enum(STATUSES),
    answer: z.string().nullable(),
    answeredAt: z.string().nullable(),
    supportCount: z.number().int(),
    publishedAt: z.string().nullable(),
  })
  .openapi('Proposal');

export const ProposalDetailSchema = ProposalSchema.extend({
  timeline: z.array(z.object({ at: z.string(), kind: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(), text: z.string().nullable() })),
  comments: z.array(z.object({ id: z.string(), authorName: z.string().nullable(), createdAt: z.string(), body: z.string().nullable(), hidden: z.object({ at: z.string(), reason: z.string() }).nullable() })),
}).openapi('ProposalDetail');

export const AreaParticipationSchema = z
  .object({
    proposals: z.array(z.object({ id: z.string(), title: z.string(), status: z.enum(STATUSES), supportCount: z.number().int(), publishedAt: z.string(), href: z.string() })),
    surveys: z.array(z.object({ id: z.string(), title: z.string(), openedAt: z.string().nullable(), href: z.string() })),
  })
  .openapi('AreaParticipation');

export const StatusBody = z.object({ to: z.enum(STATUSES), answer: z.string().max(4000).optional() }).openapi('ProposalStatusChange');

export const ResultsSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(SURVEY_STATUSES),
    responses: z.number().int(),
    questions: z.array(
      z.object({
        prompt: z.string(),
        kind: z.enum(QUESTION_KINDS),
        answered: z.number().int(),
        average: z.number().nullable(),
        options: z.array(z.object({ label: z.string(), count: z.number().int(), percent: z.number() })),
        texts: z.array(z.string()),
      }),
    ),
  })
  .openapi('SurveyResults');
