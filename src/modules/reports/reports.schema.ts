/** zod inputs of the reports module. */
import { z } from 'zod';
import { periodDays } from './reports.figures';

const day = z.iso.date({ error: 'form.error.date' });

/** The period of a dashboard: both dates, from ≤ to, at most five years. */
export const periodQuerySchema = z
  .object({ from: day, to: day })
  .refine((p) => p.from <= p.to, { path: ['to'], error: 'reports.period.error.order' })
  .refine((p) => p.from > p.to || periodDays(p) <= 5 * 366, { path: ['to'], error: 'reports.period.error.tooLong' });

export const indicatorFilterSchema = z.object({
  district: z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.coerce.number().int().min(1).max(999).optional()),
});

const narrative = z.preprocess((v) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n').trim() : ''), z.string().max(20000));

/** The narrative sections of an annual report (each optional, at most 20 000 characters). */
export const narrativeFormSchema = z.object({ summary: narrative, highlights: narrative, cooperation: narrative, outlook: narrative });
