/**
 * Concerns module (Anliegen) — the ONLY import surface for other modules.
 *
 * Residents' concerns from intake to resolution: public form (no account) and entry by staff on behalf of a
 * resident, a public number per tenant and year, automatic placement in Stadtteil and programme area (through the
 * territory module's lookups), the category catalogue with departments and handling times, the workflow with its
 * timeline, department routing, support ("betrifft mich auch") and follow, duplicate suggestions and merging,
 * moderation and redaction, anonymisation after the retention period, staff inbox with bulk actions and CSV.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../../platform/module';
import { api } from './concerns.api';
import { CAT, FILE, ID, NUM, pages } from './concerns.pages';
import { registerConcernJobs } from './concerns.jobs';

export {
  addNote,
  anonymiseClosedConcerns,
  assignConcern,
  bulkAction,
  canOn,
  categoryLabel,
  confirmEmail,
  editConcern,
  ensureCategories,
  explainConcernsForOpen311,
  findConcernByNumber,
  followConcern,
  getCategory,
  updateCategory,
  getConcernForStaff,
  getPublicConcern,
  getPublicConcernWithPhotos,
  listCategories,
  listConcernsForOpen311,
  markForwarded,
  onConcernCreated,
  publicPhotoUrls,
  recordExternalStatus,
  listConcernsForStaff,
  listPublicConcerns,
  mergeConcerns,
  photosOf,
  placeConcern,
  readScope,
  redactConcern,
  submitConcern,
  suggestDuplicates,
  supportConcern,
  transitionConcern,
  type ConcernContext,
  type ConcernCreatedHook,
  type ExternalStatusInput,
  type ExternalStatusResult,
  type MailOut,
  type Open311ListInput,
  type Open311ConcernWithPhotos,
  type PublicConcernWithPhotos,
  type PublicPhoto,
  type SubmitInput,
  type TransitionInput,
} from './concerns.service';
export { areaConcerns, type AreaConcernItem, type AreaConcerns, type AreaConcernsInput } from './concerns.portal';
export { concernActivity, explainConcernFigures, monthlyConcernCounts, type MonthlyConcernCount } from './concerns.figures';
export { open311Status, OPEN_STATUSES, CLOSED_STATUSES, TRANSITIONS } from './concerns.rules';
export { open311Revision, type Open311Revision } from './concerns.open311';
export { DEFAULT_CATEGORIES } from './concerns.seed';
export { seedDemoConcerns } from './concerns.demo';
export type { Category, Channel, Concern, ConcernEvent, Open311Concern, PublicConcern, Question, Status } from './concerns.types';
export type { ConcernsTables } from './concerns.tables';

export { deliverNotification, registerConcernJobs, type NotifyPayload } from './concerns.jobs';

// Job handlers and the daily anonymisation schedule (the worker claims only kinds with a handler in its process).
registerConcernJobs();

export const concernsModule: QuartierModule = {
  name: 'concerns',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  api,
  routes: {
    'GET /concerns': 'public',
    'GET /concerns/new': 'public',
    'POST /concerns': 'public',
    'GET /concerns/confirm/:token': 'public',
    'POST /concerns/confirm/:token': 'public',
    [`GET /concerns/${NUM}`]: 'public',
    [`GET /concerns/${NUM}/photos/${FILE}`]: 'public',
    [`POST /concerns/${NUM}/support`]: 'public',
    [`POST /concerns/${NUM}/follow`]: 'public',
    'GET /staff/concerns': 'concerns.read',
    'GET /staff/concerns/export.csv': 'concerns.read',
    'POST /staff/concerns/bulk': 'concerns.triage',
    'GET /staff/concerns/new': 'concerns.triage',
    'POST /staff/concerns': 'concerns.triage',
    [`GET /staff/concerns/${ID}`]: 'concerns.read',
    [`POST /staff/concerns/${ID}/transition`]: 'concerns.answer',
    [`POST /staff/concerns/${ID}/notes`]: 'concerns.answer',
    [`POST /staff/concerns/${ID}/assign`]: 'concerns.triage',
    [`POST /staff/concerns/${ID}/merge`]: 'concerns.triage',
    [`GET /staff/concerns/${ID}/edit`]: 'concerns.moderate',
    [`POST /staff/concerns/${ID}/edit`]: 'concerns.moderate',
    [`POST /staff/concerns/${ID}/redact`]: 'concerns.moderate',
    'GET /staff/concerns/categories': 'categories.manage',
    [`GET /staff/concerns/categories/${CAT}/edit`]: 'categories.manage',
    [`POST /staff/concerns/categories/${CAT}`]: 'categories.manage',
    'GET /api/v1/concern-categories': 'public',
    'GET /api/v1/concerns': 'public',
    'GET /api/v1/concerns/:number': 'public',
    'POST /api/v1/concerns': 'concerns.triage',
    'POST /api/v1/concerns/:number/transition': 'concerns.answer',
  },
  publicLinks: [{ href: '/concerns/new', labelKey: 'concerns.public.linkNew', order: 10 }, { href: '/concerns', labelKey: 'concerns.public.linkList', order: 11 }],
  nav: [
    { href: '/staff/concerns', labelKey: 'concerns.nav.inbox', action: 'concerns.read', order: 10 },
    { href: '/staff/concerns/categories', labelKey: 'concerns.nav.categories', action: 'categories.manage', order: 11 },
  ],
};
