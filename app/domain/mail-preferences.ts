// Who may choose what for which kind of mail, and what each choice means.
//
// - immediate: the mail is sent as soon as its cause happens (or, for a daily
//   or weekly mail, when it is due);
// - digest: nothing is sent at once; the item waits for the person's daily
//   digest (a KAM's alerts are items of their inbox, which the digest gathers);
// - off: nothing is sent.
//
// A choice is offered only where it means something for that person: a
// customer has no digest (their mail is already gathered: one daily mail for
// every delivery awaiting them), and a digest itself is either sent or off.

import type { MailChoice, OptionalMailKind } from "./outbox.ts";

export type MailRole = "admin" | "director" | "kam" | "customer";

/** The kinds each role receives, in the order the preferences page lists them. */
export const KINDS_BY_ROLE: Record<MailRole, readonly OptionalMailKind[]> = {
  kam: ["dispute_alert", "detractor_alert", "key_person_left", "notice_contested", "kam_digest"],
  // A director or administrator who owns accounts is their KAM too.
  director: ["dispute_alert", "detractor_alert", "key_person_left", "notice_contested", "kam_digest", "director_digest"],
  admin: ["dispute_alert", "detractor_alert", "key_person_left", "notice_contested", "kam_digest", "webhook_disabled"],
  customer: ["deliveries_awaiting", "replan_notice", "expectation_answer"],
};

const ALERT_CHOICES = ["immediate", "digest", "off"] as const satisfies readonly MailChoice[];
const ON_OFF = ["immediate", "off"] as const satisfies readonly MailChoice[];

/** The choices a kind offers. A digest kind's "immediate" means "send it" (its own daily or weekly rhythm). */
export function choicesFor(kind: OptionalMailKind): readonly MailChoice[] {
  switch (kind) {
    case "dispute_alert":
    case "detractor_alert":
    case "key_person_left":
    case "notice_contested":
      return ALERT_CHOICES;
    default:
      return ON_OFF;
  }
}

/** With no choice stored: everything on, alerts at once. */
export function defaultChoice(_kind: OptionalMailKind): MailChoice {
  return "immediate";
}

/** A stored choice, or the default when none is stored or the stored one is not offered for the kind. */
export function effectiveChoice(kind: OptionalMailKind, stored: string | null | undefined): MailChoice {
  return stored && (choicesFor(kind) as readonly string[]).includes(stored) ? (stored as MailChoice) : defaultChoice(kind);
}

export function kindsFor(role: string): readonly OptionalMailKind[] {
  return KINDS_BY_ROLE[role as MailRole] ?? [];
}

/** CR, LF and other control characters out of text that goes into a subject (a name, a title): one line, trimmed, at most `max` characters. */
export function oneLine(value: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
