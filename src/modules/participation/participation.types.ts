/** Domain types of the participation module (what services return; database rows never leave the queries). */
import type { ProposalStatus, QuestionDef, QuestionResult, ReportReason, SurveyStatus } from './participation.rules';

export type Approval = 'not_needed' | 'pending' | 'approved' | 'rejected';

export interface Proposal {
  id: string;
  areaId: string;
  title: string;
  body: string;
  /** Public display name (optional). The e-mail address is never part of this type. */
  authorName: string | null;
  emailConfirmed: boolean;
  approval: Approval;
  publishedAt: string | null;
  status: ProposalStatus;
  answer: string | null;
  answeredAt: string | null;
  supportCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProposalEvent {
  id: string;
  at: string;
  kind: 'created' | 'published' | 'status' | 'answer';
  fromStatus: ProposalStatus | null;
  toStatus: ProposalStatus | null;
  text: string | null;
  actorLabel: string;
}

export interface Comment {
  id: string;
  proposalId: string;
  body: string;
  authorName: string | null;
  confirmed: boolean;
  hiddenAt: string | null;
  hiddenReason: string | null;
  createdAt: string;
}

/** A comment as the public sees it: a hidden comment's text is replaced by the moderation's reason. */
export interface PublicComment {
  id: string;
  authorName: string | null;
  createdAt: string;
  body: string | null;
  hidden: { at: string; reason: string } | null;
}

export interface Report {
  id: string;
  commentId: string;
  reason: ReportReason;
  text: string | null;
  status: 'open' | 'dismissed' | 'upheld';
  createdAt: string;
}

export interface QueueItem {
  comment: Comment;
  proposal: { id: string; title: string; areaId: string };
  reports: Report[];
}

export interface Survey {
  id: string;
  areaId: string;
  title: string;
  intro: string | null;
  status: SurveyStatus;
  openedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  questions: QuestionDef[];
}

export interface SurveyResults {
  survey: Survey;
  responses: number;
  confirmed: number;
  questions: QuestionResult[];
}

/** What the portal's area page lists (open proposals and open surveys of one area). */
export interface AreaParticipation {
  proposals: { id: string; title: string; status: ProposalStatus; supportCount: number; publishedAt: string; href: string }[];
  surveys: { id: string; title: string; openedAt: string | null; href: string }[];
}

/** What an e-mail confirmation link would confirm (read without using the link): shown on the page with the button. */
export type ConfirmTarget =
  | { kind: 'proposal'; proposalId: string; title: string; needsApproval: boolean }
  | { kind: 'support'; proposalId: string; title: string }
  | { kind: 'comment'; proposalId: string; title: string }
  | { kind: 'response'; surveyId: string; title: string };
