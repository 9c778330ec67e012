/** Domain types of the dialogues module (what services and views see; never the raw rows). */
import type { MeetingType, ParticipantKind, Phase, Stance, TaskStatus } from './dialogues.rules';

export interface Dialogue {
  id: string;
  title: string;
  goal: string;
  initiator: string;
  phase: Phase;
  public: boolean;
  publicSummary: string | null;
  areaIds: string[];
  topicIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Participant {
  id: string;
  dialogueId: string;
  kind: ParticipantKind;
  refId: string;
  logic: string;
  interests: string | null;
  positions: string | null;
}

/** A participant with the name resolved from the network module (null when the actor was erased there). */
export interface NamedParticipant extends Participant {
  name: string | null;
  /** For people: their organisations (from the network module). */
  organisations: string[];
}

export interface Question {
  id: string;
  text: string;
  sortOrder: number;
}

export interface StanceEntry {
  questionId: string;
  participantId: string;
  stance: Stance;
  note: string | null;
}

export interface Meeting {
  id: string;
  dialogueId: string;
  type: MeetingType;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  public: boolean;
  registration: boolean;
  capacity: number | null;
  status: 'planned' | 'held' | 'cancelled';
  sequence: number;
  roomId: string | null;
  bookingId: string | null;
}

export interface AgendaItem {
  id: string;
  meetingId: string;
  position: number;
  title: string;
  minutes: string | null;
  decision: string | null;
  public: boolean;
}

export interface Registration {
  id: string;
  meetingId: string;
  name: string;
  email: string;
  locale: string;
  status: 'confirmed' | 'waiting' | 'cancelled';
  attended: boolean;
  createdAt: string;
}

export interface Task {
  id: string;
  dialogueId: string;
  meetingId: string | null;
  agendaItemId: string | null;
  title: string;
  participantId: string;
  dueDate: string;
  status: TaskStatus;
  public: boolean;
  doneAt: string | null;
  remindedAt: string | null;
}

export interface DialogueEvent {
  id: string;
  at: string;
  kind: string;
  public: boolean;
  data: Record<string, unknown>;
}
