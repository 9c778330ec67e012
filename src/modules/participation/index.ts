/**
 * Participation module (Beteiligung) — the ONLY import surface for other modules.
 *
 * Proposals per programme area (published after the e-mail link is confirmed, where the area asks for it after
 * staff approval too), one support per confirmed e-mail, comments with reports and moderation, staff status and
 * public answers with a timeline, surveys (single/multiple choice, free text, rating) answered without an account
 * and without JavaScript, public results and a CSV export for staff.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../../platform/module';
import { api } from './participation.api';
import { registerParticipationAccounts } from './participation.accounts';
import { registerParticipationJobs } from './participation.jobs';
import { CID, PID, SID, pages } from './participation.pages';

export {
  accountSupports,
  addComment,
  addCommentAsAccount,
  answerProposal,
  changeSurveyStatus,
  confirmLink,
  confirmTarget,
  createSurvey,
  decideApproval,
  dismissReports,
  eraseEmail,
  exportResultsCsv,
  getPublicProposal,
  getPublicSurvey,
  hideComment,
  listAreaParticipation,
  listPublicProposals,
  listPublicSurveys,
  moderationQueue,
  purgeUnconfirmed,
  releaseAnswer,
  reportComment,
  setAreaSettings,
  submitProposal,
  submitResponse,
  supportAsAccount,
  supportProposal,
  surveyResults,
  withdrawAccountSupport,
  withdrawSupport,
  type ConfirmResult,
  type ConfirmTarget,
  type MailOut,
  type ParticipationContext,
  type ProposalInput,
  type SurveyInput,
} from './participation.service';
export { normaliseEmail, STATUSES, TRANSITIONS, REPORT_REASONS, QUESTION_KINDS, type ProposalStatus, type QuestionKind, type ReportReason, type SurveyStatus } from './participation.rules';
export type { AreaParticipation, Comment, Proposal, ProposalEvent, PublicComment, Survey, SurveyResults } from './participation.types';
export type { ParticipationTables } from './participation.tables';

registerParticipationJobs();
registerParticipationAccounts();

export const participationModule: QuartierModule = {
  name: 'participation',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  api,
  routes: {
    'GET /participation': 'public',
    'GET /participation/areas/:slug': 'public',
    'GET /participation/areas/:slug/new': 'public',
    'POST /participation/areas/:slug/proposals': 'public',
    'GET /participation/confirm/:token': 'public',
    'POST /participation/confirm/:token': 'public',
    'GET /participation/withdraw/:token': 'public',
    'POST /participation/withdraw/:token': 'public',
    [`GET /participation/proposals/${PID}`]: 'public',
    [`POST /participation/proposals/${PID}/support`]: 'public',
    [`POST /participation/proposals/${PID}/support/withdraw`]: 'public',
    [`POST /participation/proposals/${PID}/comments`]: 'public',
    [`GET /participation/comments/${CID}/report`]: 'public',
    [`POST /participation/comments/${CID}/report`]: 'public',
    [`GET /participation/surveys/${SID}`]: 'public',
    [`POST /participation/surveys/${SID}`]: 'public',
    [`GET /participation/surveys/${SID}/results`]: 'public',
    'GET /staff/participation': 'participation.manage',
    'POST /staff/participation/settings': 'participation.manage',
    [`GET /staff/participation/proposals/${PID}`]: 'participation.manage',
    [`POST /staff/participation/proposals/${PID}/approval`]: 'participation.manage',
    [`POST /staff/participation/proposals/${PID}/answer`]: 'participation.manage',
    'GET /staff/participation/moderation': 'participation.moderate',
    [`POST /staff/participation/comments/${CID}/hide`]: 'participation.moderate',
    [`POST /staff/participation/comments/${CID}/dismiss`]: 'participation.moderate',
    'GET /staff/participation/surveys': 'participation.manage',
    'GET /staff/participation/surveys/new': 'participation.manage',
    'POST /staff/participation/surveys': 'participation.manage',
    [`GET /staff/participation/surveys/${SID}`]: 'participation.manage',
    [`POST /staff/participation/surveys/${SID}/status`]: 'participation.manage',
    [`POST /staff/participation/surveys/${SID}/release`]: 'participation.manage',
    [`GET /staff/participation/surveys/${SID}/results.csv`]: 'participation.manage',
    'GET /api/v1/participation/areas/:slug': 'public',
    'GET /api/v1/participation/proposals/:id': 'public',
    'POST /api/v1/participation/proposals/:id/status': 'participation.manage',
    'GET /api/v1/participation/surveys/:id/results': 'public',
  },
  publicLinks: [{ href: '/participation', labelKey: 'participation.public.link', order: 45 }],
  nav: [
    { href: '/staff/participation', labelKey: 'participation.nav.proposals', action: 'participation.manage', order: 45 },
    { href: '/staff/participation/moderation', labelKey: 'participation.nav.moderation', action: 'participation.moderate', order: 46 },
  ],
};
