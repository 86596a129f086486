import { recordSentence } from "#app/components/holder-record-sentence.ts";
import type { MeetingBrief } from "#app/components/account-brief.tsx";
import type { Translate } from "#app/i18n/index.ts";
import type { meetingBrief } from "#app/models/brief.server.ts";

/**
 * The brief's next meeting with each attending person's record said as a
 * sentence, in the reader's language, on the server: the page's scripts need
 * not carry the record's wording or its rules.
 */
export function withRecordSentences(
  meeting: Awaited<ReturnType<typeof meetingBrief>>,
  t: Translate,
): MeetingBrief | null {
  if (!meeting) return null;
  return {
    ...meeting,
    attendees: meeting.attendees.map((a) => ({ ...a, sentence: recordSentence(t, a.name, a.counts, meeting.months) })),
  };
}
