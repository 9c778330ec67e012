/** Domain types of the groups module (what services return; database rows never leave the queries). */
import type { Milestone, Stage } from './groups.rules';

export interface Group {
  id: string;
  name: string;
  areaId: string;
  purpose: string;
  startDate: string;
  stage: Stage;
  contactPersonId: string | null;
  topicIds: string[];
  public: boolean;
  publicText: string | null;
  meetingInfo: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StageChange {
  id: string;
  at: string;
  fromStage: Stage | null;
  toStage: Stage;
  actorLabel: string;
  note: string | null;
}

export interface SupportEntry {
  id: string;
  month: string;
  minutes: number;
  staffId: string | null;
  staffLabel: string;
  createdAt: string;
}

export interface MilestoneEntry {
  milestone: Milestone;
  reachedOn: string;
}

/** A group on a watch list, with the numbers that put it there. */
export interface GroupSummary {
  group: Group;
  milestones: number;
  recentMinutes: number;
  beforeMinutes: number;
}

/** What the public "looking for members" page shows: no contact person, no staff, no support time. */
export interface PublicGroup {
  id: string;
  name: string;
  areaId: string;
  topicIds: string[];
  publicText: string;
  meetingInfo: string | null;
  stage: Stage;
}
