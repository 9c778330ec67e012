/**
 * iCalendar for meetings over the shared builder (platform/calendar): one meeting as an invitation
 * (METHOD:REQUEST, or CANCEL when cancelled) and the public feed of a programme area (METHOD:PUBLISH). UID is stable
 * per meeting and SEQUENCE rises with every change sent out.
 */
import { buildIcs, type IcsEvent } from '../../platform/calendar';
import type { Meeting } from './dialogues.types';

export interface IcsMeeting {
  meeting: Meeting;
  description: string;
  url: string | null;
}

function toEvent(e: IcsMeeting, host: string): IcsEvent {
  return {
    uid: `${e.meeting.id}@${host}`,
    start: new Date(e.meeting.startsAt),
    end: new Date(e.meeting.endsAt),
    summary: e.meeting.title,
    description: e.description,
    location: e.meeting.place,
    url: e.url,
    sequence: e.meeting.sequence,
    status: e.meeting.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
  };
}

/** One meeting as an invitation for the given attendees. */
export function meetingInvitation(e: IcsMeeting, opts: { host: string; organizer: { name: string; email: string }; attendees: string[]; name: string }): string {
  return buildIcs({
    name: opts.name,
    method: e.meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
    prodId: opts.host,
    events: [{ ...toEvent(e, opts.host), organizer: opts.organizer, attendees: opts.attendees.map((email) => ({ email })) }],
  });
}

/** A feed of meetings (public meetings of a programme area). */
export function meetingFeed(items: IcsMeeting[], opts: { host: string; name: string }): string {
  return buildIcs({ name: opts.name, method: 'PUBLISH', prodId: opts.host, events: items.map((e) => toEvent(e, opts.host)) });
}
