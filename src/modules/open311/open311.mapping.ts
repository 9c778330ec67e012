/**
 * Quartier → Open311 GeoReport v2 (pure): categories → services and service definitions, concerns → service
 * requests, POST attributes → answers to a category's extra questions.
 *
 * - service_code = the category's key (stable, readable: `littering`, `playgrounds`, …).
 * - attributes = the category's extra questions: text → `text`, number → `number`, choice → `singlevaluelist`,
 *   boolean → `singlevaluelist` with the keys `true`/`false`; a question type `datetime`/`date` → `datetime`,
 *   `multichoice`/`multiple` → `multivaluelist`, `string` → `string` (should the catalogue grow them).
 * - service_request_id = the concern's public number (e.g. 2026-000123), the number residents see.
 * - address_id = the Stadtteil's official number (Essen: 1–50): the only address key Quartier keeps.
 */
import type { Category, Open311ConcernWithPhotos, PublicConcern, PublicConcernWithPhotos, Question } from './open311.concerns';
import { Open311Error, w3cDateTime, w3cFromMs, type O311Object, type O311Value } from './open311.format';

export type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

type Lang = 'de' | 'en' | 'ar';

function label(l: { de: string; en: string | null; ar: string | null } | undefined, lang: Lang): string {
  if (!l) return '';
  return l[lang] ?? l.de;
}

export function datatypeOf(q: Pick<Question, 'type'>): Datatype {
  switch (q.type as string) {
    case 'number':
      return 'number';
    case 'choice':
    case 'boolean':
      return 'singlevaluelist';
    case 'multichoice':
    case 'multiple':
      return 'multivaluelist';
    case 'date':
    case 'datetime':
      return 'datetime';
    case 'string':
      return 'string';
    default:
      return 'text';
  }
}

const YES_NO: Record<Lang, [string, string]> = { de: ['Ja', 'Nein'], en: ['Yes', 'No'], ar: ['نعم', 'لا'] };

function valuesOf(q: Question, lang: Lang): { key: string; name: string }[] {
  if ((q.type as string) === 'boolean') return [{ key: 'true', name: YES_NO[lang][0] }, { key: 'false', name: YES_NO[lang][1] }];
  return (q.choices ?? []).map((c) => ({ key: c.value, name: label(c.label, lang) }));
}

const DATATYPE_DESCRIPTION: Record<Datatype, string | null> = {
  string: null,
  text: 'Text, höchstens 500 Zeichen / text, at most 500 characters',
  number: 'Zahl / number (e.g. 3 or 2.5)',
  datetime: 'ISO 8601, e.g. 2026-11-25T14:30:00+01:00',
  singlevaluelist: null,
  multivaluelist: null,
};

export function toService(c: Category, lang: Lang): O311Object {
  return {
    service_code: c.key,
    service_name: label(c.labels, lang),
    description: label(c.labels, lang),
    metadata: c.questions.length > 0,
    type: 'realtime',
    keywords: c.key.replace(/[_-]+/g, ', '),
    group: c.department ?? 'Quartier',
  };
}

export function toServiceDefinition(c: Category, lang: Lang): O311Object {
  return {
    service_code: c.key,
    attributes: c.questions.map((q, i): O311Object => {
      const datatype = datatypeOf(q);
      const list = datatype === 'singlevaluelist' || datatype === 'multivaluelist';
      return {
        variable: true,
        code: q.key,
        datatype,
        required: q.required,
        datatype_description: DATATYPE_DESCRIPTION[datatype],
        order: i + 1,
        description: label(q.label, lang),
        ...(list ? { values: valuesOf(q, lang) as unknown as O311Value[] } : {}),
      };
    }),
  };
}

/** Checks POSTed attribute[code] values against a category's questions; returns raw answers for the concerns module. */
export function checkAttributes(c: Category, raw: Record<string, string[]>): Record<string, unknown> {
  const errs: { code: number; description: string }[] = [];
  const answers: Record<string, unknown> = {};
  const known = new Set(c.questions.map((q) => q.key));
  for (const code of Object.keys(raw)) if (!known.has(code)) errs.push({ code: 400, description: `attribute[${code}] is not an attribute of service ${c.key}` });
  for (const q of c.questions) {
    const datatype = datatypeOf(q);
    const values = (raw[q.key] ?? []).map((v) => v.trim()).filter((v) => v !== '');
    const name = `attribute[${q.key}]`;
    if (values.length === 0) {
      if (q.required) errs.push({ code: 400, description: `${name} is required` });
      continue;
    }
    if (datatype !== 'multivaluelist' && values.length > 1) {
      errs.push({ code: 400, description: `${name} takes one value` });
      continue;
    }
    const v = values[0]!;
    switch (datatype) {
      case 'number':
        if (!/^-?\d+([.,]\d+)?$/.test(v)) errs.push({ code: 400, description: `${name} must be a number` });
        else answers[q.key] = Number(v.replace(',', '.'));
        break;
      case 'datetime':
        if (Number.isNaN(new Date(v).getTime())) errs.push({ code: 400, description: `${name} must be an ISO 8601 date-time` });
        else answers[q.key] = v;
        break;
      case 'singlevaluelist': {
        const keys = valuesOf(q, 'en').map((x) => x.key);
        if (!keys.includes(v)) errs.push({ code: 400, description: `${name} must be one of: ${keys.join(', ')}` });
        else answers[q.key] = (q.type as string) === 'boolean' ? v === 'true' : v;
        break;
      }
      case 'multivaluelist': {
        const keys = valuesOf(q, 'en').map((x) => x.key);
        const bad = values.filter((x) => !keys.includes(x));
        if (bad.length) errs.push({ code: 400, description: `${name} must be among: ${keys.join(', ')}` });
        else answers[q.key] = values;
        break;
      }
      default:
        if (datatype === 'string' && /[\r\n]/.test(v)) errs.push({ code: 400, description: `${name} must not contain line breaks` });
        else if (v.length > 500) errs.push({ code: 400, description: `${name} may have at most 500 characters` });
        else answers[q.key] = v;
    }
  }
  if (errs.length) throw new Open311Error(400, errs);
  return answers;
}

export interface RequestExtras {
  statusNotes?: string | null;
}

/**
 * A concern as a GeoReport v2 service request (public fields only — never name, e-mail or phone). media_url is
 * the first photo's absolute URL when the concern carries photo URLs (redacted photos are gone, so never one).
 */
export function toServiceRequest(
  c: PublicConcern | PublicConcernWithPhotos | Open311ConcernWithPhotos,
  category: Category | undefined,
  open: boolean,
  lang: Lang,
  extras: RequestExtras = {},
  /** Cache of service_notice per category for a list (the text is the same for each of its rows). */
  notices?: Map<string, string>,
): O311Object {
  let notice: string | null = null;
  if (category) {
    notice = notices?.get(category.id) ?? serviceNotice(category, lang);
    notices?.set(category.id, notice);
  }
  const closedAt = open ? null : (c.closedAt ?? c.updatedAt);
  const createdMs = Date.parse(c.createdAt);
  return {
    service_request_id: c.number,
    status: open ? 'open' : 'closed',
    status_notes: extras.statusNotes ?? c.statusReason ?? null,
    service_name: category ? label(category.labels, lang) : null,
    service_code: category?.key ?? null,
    description: c.description,
    agency_responsible: c.department ?? null,
    service_notice: notice,
    requested_datetime: Number.isNaN(createdMs) ? null : w3cFromMs(createdMs),
    updated_datetime: w3cDateTime(closedAt ?? c.updatedAt),
    expected_datetime: category && !Number.isNaN(createdMs) ? w3cFromMs(createdMs + category.handlingDays * 86_400_000) : null,
    address: c.address ? (c.districtName ? `${c.address}, ${c.districtName}` : c.address) : c.districtName || null,
    address_id: c.districtNumber === null ? null : String(c.districtNumber),
    zipcode: null,
    lat: c.lat,
    long: c.lon,
    media_url: ('photos' in c ? c.photos[0]?.url : null) ?? null,
  };
}

export function serviceNotice(c: Pick<Category, 'handlingDays'>, lang: Lang): string {
  return lang === 'de' ? `Bearbeitung in der Regel innerhalb von ${c.handlingDays} Tagen.` : `Usually handled within ${c.handlingDays} days.`;
}
