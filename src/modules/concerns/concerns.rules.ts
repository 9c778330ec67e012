/**
 * Pure rules of the concerns module (no database): the workflow, the Open311 mapping, public numbers, due dates,
 * distance and text similarity for duplicate suggestions, answers to a category's extra questions.
 */
import type { FieldError } from '../../platform/errors';
import type { Answers, Question, Status } from './concerns.types';

/** Allowed status changes. "duplicate" is reached by merging into another concern and is final. */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
  received: ['accepted', 'forwarded', 'in_progress', 'not_responsible', 'rejected', 'duplicate'],
  accepted: ['forwarded', 'in_progress', 'resolved', 'not_responsible', 'rejected', 'duplicate'],
  forwarded: ['accepted', 'in_progress', 'resolved', 'not_responsible', 'rejected', 'duplicate'],
  in_progress: ['forwarded', 'resolved', 'not_responsible', 'duplicate'],
  resolved: ['in_progress'],
  not_responsible: ['accepted'],
  rejected: ['accepted'],
  duplicate: [],
};

/** What department staff may do with a concern forwarded to them. */
export const DEPARTMENT_TRANSITIONS: Partial<Record<Status, readonly Status[]>> = {
  forwarded: ['in_progress', 'resolved', 'not_responsible'],
  in_progress: ['resolved', 'not_responsible'],
};

export const OPEN_STATUSES: readonly Status[] = ['received', 'accepted', 'forwarded', 'in_progress'];
export const CLOSED_STATUSES: readonly Status[] = ['resolved', 'not_responsible', 'rejected', 'duplicate'];

export function canTransition(from: Status, to: Status, asDepartment = false): boolean {
  const table = asDepartment ? DEPARTMENT_TRANSITIONS : TRANSITIONS;
  return (table[from] ?? []).includes(to);
}

/** Open311 GeoReport v2 knows two states: open and closed. */
export function open311Status(s: Status): 'open' | 'closed' {
  return OPEN_STATUSES.includes(s) ? 'open' : 'closed';
}

export const isClosed = (s: Status): boolean => CLOSED_STATUSES.includes(s);

/** "2026-000123": year and a six-digit sequence (more digits when a year passes 999,999). */
export function formatNumber(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(6, '0')}`;
}

export const NUMBER_RE = /^\d{4}-\d{6,}$/;

/** The year of a public number: the calendar year in Europe/Berlin (00:30 on 1 January in Germany is the new year). */
export function numberYear(iso: string): number {
  return Number(berlinDate(iso).slice(0, 4));
}

/** Due date (YYYY-MM-DD, Europe/Berlin calendar day) = day of receipt + handling days. */
export function dueDate(createdAt: string, handlingDays: number): string {
  const day = berlinDate(createdAt);
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + handlingDays);
  return d.toISOString().slice(0, 10);
}

export function berlinDate(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** Great-circle distance in metres. */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

/** A bounding box of `m` metres around a point (for an index-friendly prefilter). */
export function boxAround(p: { lat: number; lon: number }, m: number) {
  const dLat = m / 111_320;
  const dLon = m / (111_320 * Math.cos((p.lat * Math.PI) / 180));
  return { south: p.lat - dLat, north: p.lat + dLat, west: p.lon - dLon, east: p.lon + dLon };
}

const STOPWORDS = new Set(
  'aber alle auch auf aus bei bitte dass dem den der des die dies diese dieser doch dort durch eine einem einen einer eines fuer für haben hier immer ist jetzt kann kein keine mehr mit nach nicht noch oder schon seit sehr sein sich sind und unter viel vom von vor wird wieder wurde wurden zum zur über this that with from have there were what when where which will would about they them their the and'.split(' '),
);

/** Content words of a text: letters/digits, at least 4 characters, lower case, umlauts folded, no stop words. */
export function contentWords(text: string): Set<string> {
  const words = (text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .map((w) => w.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss'))
    .filter((w) => w.length >= 4 && !STOPWORDS.has(w));
  // A crude stem: the first 6 characters, so "Sperrmüll" and "Sperrmülls", "Spielplatz" and "Spielplätze" meet.
  return new Set(words.map((w) => w.slice(0, 6)));
}

/**
 * Similar text (trigram-free word overlap): share at least two content words, or one when either text has at most
 * three. Documented in the module README section of ARCHITECTURE; cheap and the same on both databases.
 */
export function similarText(a: string, b: string): boolean {
  const wa = contentWords(a);
  const wb = contentWords(b);
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  if (shared >= 2) return true;
  return shared >= 1 && Math.min(wa.size, wb.size) <= 3;
}

export const DUPLICATE_RADIUS_M = 150;
export const DUPLICATE_DAYS = 60;

/** Checks raw answers (form strings or JSON values) against a category's questions; returns typed answers. */
export function checkAnswers(questions: Question[], raw: Record<string, unknown>): { answers: Answers; errors: FieldError[] } {
  const answers: Answers = {};
  const errors: FieldError[] = [];
  for (const q of questions) {
    const field = `q_${q.key}`;
    const v = raw[q.key];
    const s = typeof v === 'string' ? v.trim() : v;
    const empty = s === undefined || s === null || s === '';
    if (q.type === 'boolean') {
      if (empty) {
        if (q.required) errors.push({ field, key: 'form.error.required' });
        continue;
      }
      if (s === true || s === '1' || s === 'true' || s === 'yes') answers[q.key] = true;
      else if (s === false || s === '0' || s === 'false' || s === 'no') answers[q.key] = false;
      else errors.push({ field, key: 'form.error.choose' });
      continue;
    }
    if (empty) {
      if (q.required) errors.push({ field, key: 'form.error.required' });
      continue;
    }
    if (q.type === 'number') {
      const n = typeof s === 'number' ? s : Number(String(s).replace(',', '.'));
      if (!Number.isFinite(n)) errors.push({ field, key: 'form.error.number' });
      else answers[q.key] = n;
    } else if (q.type === 'choice') {
      if (!(q.choices ?? []).some((c) => c.value === String(s))) errors.push({ field, key: 'form.error.choose' });
      else answers[q.key] = String(s);
    } else {
      const text = String(s);
      if (text.length > 500) errors.push({ field, key: 'form.error.tooLong', params: { max: 500 } });
      else answers[q.key] = text;
    }
  }
  return { answers, errors };
}

/** A CSV cell (RFC 4180), with spreadsheet formula injection defused. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
