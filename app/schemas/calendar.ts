import { z } from "zod";
import { PLANNED_KINDS } from "#app/domain/planned-touchpoints.ts";

// The calendar's boundaries: a feed URL's token, the settings page's intents,
// and an event read from an .ics file (ical.js's values, clipped to what a plan holds).

/** `/calendar/<token>.ics`: the token is kc_ and 43 base64url characters. */
export const FeedTokenParam = z
  .string()
  .regex(/^kc_[A-Za-z0-9_-]{43}\.ics$/)
  .transform((v) => v.slice(0, -".ics".length));

export const CalendarIntent = z.object({ intent: z.enum(["regenerate", "revoke"]) });

const clipped = (max: number) => z.string().transform((v) => v.replace(/\s+$/g, "").slice(0, max));

export const ImportedEvent = z.object({
  uid: z.string().trim().max(1000).transform((v) => v.slice(0, 500)),
  title: clipped(300).transform((v) => v.replace(/[\r\n]+/g, " ").trim()),
  notes: clipped(4000),
  allDay: z.boolean(),
  start: z.date(),
  kind: z.enum(PLANNED_KINDS),
  attendees: z.array(z.email()).max(500),
});
export type ImportedEventValue = z.output<typeof ImportedEvent>;
