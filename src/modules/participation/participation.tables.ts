/** Kysely table interfaces of the participation module (see migrations/2026_11_26_0100_participation_create.ts). */

/** JSON columns: text in SQLite, jsonb (parsed) in PostgreSQL. Write toJson(v), read fromJson(v). */
type JsonColumn = string | object;
/** Booleans: 0/1 in SQLite, true/false in PostgreSQL. Read with toBool. */
type BoolColumn = boolean | number;

export interface AreaSettingsTable {
  tenant_id: string;
  area_id: string;
  require_approval: BoolColumn;
  updated_at: string;
}

export interface ProposalTable {
  tenant_id: string;
  id: string;
  area_id: string;
  title: string;
  body: string;
  author_name: string | null;
  author_email: string | null;
  author_account_id: string | null;
  author_locale: string | null;
  email_confirmed_at: string | null;
  approval: 'not_needed' | 'pending' | 'approved' | 'rejected';
  published_at: string | null;
  status: string;
  answer: string | null;
  answered_at: string | null;
  support_count: number;
  created_at: string;
  updated_at: string;
}

export interface EventTable {
  tenant_id: string;
  id: string;
  proposal_id: string;
  at: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  text: string | null;
  actor_label: string;
}

export interface SupportTable {
  tenant_id: string;
  id: string;
  proposal_id: string;
  email: string | null;
  account_id: string | null;
  locale: string | null;
  confirmed_at: string | null;
  created_at: string;
}

export interface CommentTable {
  tenant_id: string;
  id: string;
  proposal_id: string;
  body: string;
  author_name: string | null;
  author_email: string | null;
  author_account_id: string | null;
  confirmed_at: string | null;
  hidden_at: string | null;
  hidden_reason: string | null;
  hidden_by: string | null;
  created_at: string;
}

export interface ReportTable {
  tenant_id: string;
  id: string;
  comment_id: string;
  reason: string;
  text: string | null;
  status: 'open' | 'dismissed' | 'upheld';
  decided_at: string | null;
  decided_by: string | null;
  created_at: string;
}

export interface TokenTable {
  tenant_id: string;
  token_hash: string;
  kind: 'proposal' | 'support' | 'comment' | 'response' | 'withdraw';
  target_id: string;
  expires_at: string;
  used_at: string | null;
}

export interface SurveyTable {
  tenant_id: string;
  id: string;
  area_id: string;
  title: string;
  intro: string | null;
  status: 'draft' | 'open' | 'closed';
  created_by: string | null;
  opened_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface QuestionTable {
  tenant_id: string;
  id: string;
  survey_id: string;
  position: number;
  kind: 'single' | 'multiple' | 'text' | 'rating';
  prompt: string;
  required: BoolColumn;
  options: JsonColumn;
}

export interface ResponseTable {
  tenant_id: string;
  id: string;
  survey_id: string;
  confirmed_at: string | null;
  created_at: string;
}

export interface AnswerTable {
  tenant_id: string;
  id: string;
  response_id: string;
  survey_id: string;
  question_id: string;
  value: string;
  released_at: string | null;
}

export interface SurveyEmailTable {
  tenant_id: string;
  survey_id: string;
  email_hash: string;
}

export interface ParticipationTables {
  participation_area_settings: AreaSettingsTable;
  participation_proposals: ProposalTable;
  participation_events: EventTable;
  participation_supports: SupportTable;
  participation_comments: CommentTable;
  participation_reports: ReportTable;
  participation_tokens: TokenTable;
  participation_surveys: SurveyTable;
  participation_questions: QuestionTable;
  participation_responses: ResponseTable;
  participation_answers: AnswerTable;
  participation_survey_emails: SurveyEmailTable;
}
