import ical, { ICalCalendarMethod } from "ical-generator";
import ICAL from "ical.js";
import {
  attendeeAddress,
  expectationUid,
  importedKind,
  importSkipReason,
  KIND_PROPERTY,
  MAX_IMPORT_EVENTS,
  ownUid,
  planEnd,
  planUid,
  type ImportSkip,
} from "#app/domain/calendar.ts";
import { canPlanTouchpoint, type Actor } from "#app/domain/permissions.ts";
import { planTimeRefusal, type PlannedKind } from "#app/domain/planned-touchpoints.ts";
import { daysBefore, TIME_ZONE, wallTimeToInstant } from "#app/domain/time.ts";
import { INTERNAL_ROLES } from "#app/domain/vocabulary.ts";
import { formatters, isLocale } from "#app/i18n/index.ts";
import { ImportedEvent } from "#app/schemas/calendar.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { FieldError, ForbiddenError } from "#app/utils/errors.server.ts";
import { hashToken, newToken } from "#app/utils/secret-tokens.server.ts";
import { accountForRights } from "./accounts.server.ts";
import { appUrl } from "#app/utils/env.server.ts";
import { createPlan } from "./planned-touchpoints.server.ts";

// The calendar (app/domain/calendar.ts): a member of staff's private .ics feed
// and importing an .ics file as planned touchpoints.
//
// The feed's URL holds a secret token (32 random bytes) that is shown once and
// stored only as its SHA-256, like an API token: whoever has the URL reads the
// feed, so it is revocable and replaced by regenerating. The feed is written
// with ical-generator (RFC 5545: CRLF line ends, lines folded at 75 octets, text
// escaped, a DTSTAMP on every event) and files are read with ical.js.

const PREFIX = "kc_";

/** A link into the app, from the configured public address. */
export const appLink = (path: string) => `${appUrl()}${path}`;

const STAFF_ROLES: readonly string[] = INTERNAL_ROLES;

/** Whether the person has a feed, and since when. */
export async function feedStatus(executor: Executor, userId: string) {
  const row = await executor.selectFrom("calendar_feeds").select(["created_at", "last_read_at"]).where("user_id", "=", userId).executeTakeFirst();
  return row ?? null;
}

/** A new feed URL for the actor (the old one, if any, stops working at once): the token, shown once. */
export async function regenerateFeed(trx: Trx, actor: Actor, ip: string | null = null): Promise<string> {
  if (!STAFF_ROLES.includes(actor.role)) throw new ForbiddenError();
  const token = newToken(PREFIX);
  const before = await feedStatus(trx, actor.id);
  // Replaced whole: a new address starts afresh (since now, never read).
  await trx.deleteFrom("calendar_feeds").where("user_id", "=", actor.id).execute();
  await trx.insertInto("calendar_feeds").values({ user_id: actor.id, token_hash: hashToken(token) }).execute();
  await writeAudit(trx, { actorId: actor.id, entity: "calendar_feed", entityId: actor.id, action: before ? "regenerate" : "create", ip });
  return token;
}

/** Ends the actor's feed: its URL answers 404 from now on. Whether there was one. */
export async function revokeFeed(trx: Trx, actor: Actor, ip: string | null = null): Promise<boolean> {
  const gone = await trx.deleteFrom("calendar_feeds").where("user_id", "=", actor.id).returning("user_id").execute();
  if (gone.length) await writeAudit(trx, { actorId: actor.id, entity: "calendar_feed", entityId: actor.id, action: "revoke", ip });
  return gone.length > 0;
}

/** The feed's path for a token. */
export function feedPath(token: string): string {
  return `/calendar/${token}.ics`;
}

/** The member of staff a feed token belongs to (enabled), or null; notes when it was read. */
export async function feedOwner(executor: Executor, token: string, now: Date = new Date()) {
  const row = await executor
    .selectFrom("calendar_feeds as f")
    .innerJoin("users as u", "u.id", "f.user_id")
    .select(["u.id", "u.name", "u.locale", "u.role", "u.disabled_at"])
    .where("f.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row || row.disabled_at || !STAFF_ROLES.includes(row.role)) return null;
  await executor.updateTable("calendar_feeds").set({ last_read_at: now }).where("user_id", "=", row.id).execute();
  return { id: row.id, name: row.name, locale: isLocale(row.locale) ? row.locale : ("en" as const) };
}

/** How far back the feed keeps what is still open (an overdue plan or commitment stays visible). */
const FEED_PAST_DAYS = 90;

/** The feed's text: the person's open plans and the due dates of the open expectations they own, in their language. */
export async function feedText(executor: Executor, user: { id: string; name: string; locale: "fi" | "en" }, now: Date = new Date()): Promise<string> {
  const since = daysBefore(now, FEED_PAST_DAYS);
  const [plans, expectations] = await Promise.all([
    executor
      .selectFrom("planned_touchpoints as p")
      .innerJoin("accounts as a", "a.id", "p.account_id")
      .select(["p.id", "p.account_id", "p.kind", "p.planned_for", "p.title", "p.notes", "p.stakeholder_ids", "p.updated_at", "a.name as account_name"])
      .where("p.owner_id", "=", user.id)
      .where("p.state", "=", "planned")
      .where("p.planned_for", ">=", since)
      .orderBy("p.planned_for")
      .limit(2000)
      .execute(),
    executor
      .selectFrom("expectations as e")
      .innerJoin("accounts as a", "a.id", "e.account_id")
      .select(["e.id", "e.account_id", "e.title", "e.due_date", "e.updated_at", "a.name as account_name"])
      .where("e.owner_id", "=", user.id)
      .where("e.status", "=", "open")
      .where("e.due_date", ">=", since.toISOString().slice(0, 10))
      .orderBy("e.due_date")
      .limit(2000)
      .execute(),
  ]);
  const people = plans.flatMap((p) => p.stakeholder_ids.map((id) => ({ account: p.account_id, id })));
  const byId = new Map<string, { name: string; email: string | null }>();
  if (people.length) {
    const rows = await executor
      .selectFrom("stakeholders")
      .select(["id", "name", "email"])
      .where("id", "in", [...new Set(people.map((p) => p.id))])
      .execute();
    for (const r of rows) byId.set(r.id, r);
  }
  const { t } = formatters(user.locale);
  const calendar = ical({
    prodId: { company: "Kohtaamo", product: "Kohtaamo", language: user.locale.toUpperCase() },
    name: t("calendar.feedName", { name: user.name }),
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });
  for (const p of plans) {
    const kind = p.kind as PlannedKind;
    const start = new Date(p.planned_for);
    calendar.createEvent({
      id: planUid(p.id),
      start,
      end: planEnd(start, kind),
      stamp: new Date(p.updated_at),
      summary: t("calendar.planSummary", { title: p.title, account: p.account_name }),
      description: [t(`kind.${kind}`), p.notes].filter(Boolean).join("\n\n"),
      url: appLink(`/accounts/${p.account_id}/plans/${p.id}`),
      attendees: p.stakeholder_ids.flatMap((id) => {
        const person = byId.get(id);
        return person?.email ? [{ email: person.email, name: person.name }] : [];
      }),
      x: [[KIND_PROPERTY, kind]],
    });
  }
  for (const e of expectations) {
    calendar.createEvent({
      id: expectationUid(e.id),
      // An all-day event on the due date: a date without a time or zone.
      start: new Date(`${e.due_date}T00:00:00Z`),
      allDay: true,
      stamp: new Date(e.updated_at),
      summary: t("calendar.dueSummary", { title: e.title, account: e.account_name }),
      url: appLink(`/accounts/${e.account_id}/expectations/${e.id}`),
    });
  }
  return calendar.toString();
}

export interface IcsImportResult {
  planned: number;
  skipped: Partial<Record<ImportSkip, number>>;
  participants: number;
}

/**
 * An event's start as an instant: UTC as it is; a time in a zone the file
 * describes (VTIMEZONE, e.g. Outlook's "FLE Standard Time") by that
 * description; a named IANA zone by its rules; a floating time (no zone) as
 * the vendor's wall time.
 */
function instantOf(time: ICAL.Time, tzid: string | string[] | undefined | null, zones: Map<string, ICAL.Timezone>): Date {
  if (time.zone?.tzid === "UTC" || time.zone === ICAL.Timezone.utcTimezone) return time.toJSDate();
  const wall = `${time.year}-${pad(time.month)}-${pad(time.day)}T${pad(time.hour)}:${pad(time.minute)}`;
  const name = typeof tzid === "string" ? tzid : null;
  const described = name ? zones.get(name) : undefined;
  if (described) {
    const local = time.clone();
    local.zone = described;
    return new Date(local.toUnixTime() * 1000);
  }
  if (name && isTimeZone(name)) return wallTimeToInstant(wall, name);
  return wallTimeToInstant(wall, TIME_ZONE);
}

const pad = (n: number) => String(n).padStart(2, "0");

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The VEVENTs of an .ics text, read by ical.js; a file that is not iCalendar is refused at the field. */
function readEvents(text: string) {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch {
    throw new FieldError({ file: "calendar.import.notIcs" });
  }
  if (root.name !== "vcalendar") throw new FieldError({ file: "calendar.import.notIcs" });
  const events = root.getAllSubcomponents("vevent");
  if (events.length > MAX_IMPORT_EVENTS) throw new FieldError({ file: { key: "calendar.import.tooMany", params: { max: MAX_IMPORT_EVENTS } } });
  const zones = new Map(root.getAllSubcomponents("vtimezone").map((z) => [String(z.getFirstPropertyValue("tzid") ?? ""), new ICAL.Timezone(z)]));
  return events.map((component) => {
    const event = new ICAL.Event(component);
    const start = event.startDate;
    const attendees = component
      .getAllProperties("attendee")
      .map((p) => attendeeAddress(String(p.getFirstValue() ?? "")))
      .filter((a): a is string => a !== null);
    return ImportedEvent.parse({
      uid: event.uid ?? "",
      title: event.summary ?? "",
      notes: event.description ?? "",
      allDay: start ? start.isDate : true,
      start: start ? instantOf(start, component.getFirstProperty("dtstart")?.getParameter("tzid"), zones) : new Date(0),
      kind: importedKind(String(component.getFirstPropertyValue(KIND_PROPERTY.toLowerCase()) ?? "")),
      attendees,
    });
  });
}

/**
 * Plans each event of an .ics file on the account, owned by the actor, with
 * the account's stakeholders whose address an attendee has as participants,
 * in the caller's transaction (one audit event per plan, and one for the file).
 */
export async function importIcs(trx: Trx, ctx: { actor: Actor; ip?: string | null; now?: Date }, accountId: string, text: string): Promise<IcsImportResult> {
  const now = ctx.now ?? new Date();
  const account = await accountForRights(trx, accountId);
  if (!canPlanTouchpoint(ctx.actor, account)) throw new ForbiddenError("Not allowed to plan here.", "plan.notAllowed");
  const events = readEvents(text);
  const people = await trx.selectFrom("stakeholders").select(["id", "email"]).where("account_id", "=", accountId).where("email", "is not", null).execute();
  const byEmail = new Map(people.map((p) => [p.email!.toLowerCase(), p.id]));
  const known = await trx.selectFrom("planned_touchpoints").select(["id", "ical_uid"]).where("account_id", "=", accountId).execute();
  const knownUids = new Set(known.flatMap((k) => (k.ical_uid ? [k.ical_uid] : [])));
  const knownIds = new Set(known.map((k) => k.id));
  const result: IcsImportResult = { planned: 0, skipped: {}, participants: 0 };
  const seen = new Set<string>();
  for (const event of events) {
    const own = ownUid(event.uid);
    const isKnown =
      (event.uid !== "" && (knownUids.has(event.uid) || seen.has(event.uid))) || (own?.kind === "plan" && knownIds.has(own.id));
    const skip = importSkipReason({ allDay: event.allDay, start: event.start, title: event.title, known: isKnown }, isKnown || event.allDay ? null : planTimeRefusal(event.start, now));
    if (skip) {
      result.skipped[skip] = (result.skipped[skip] ?? 0) + 1;
      continue;
    }
    if (event.uid) seen.add(event.uid);
    const stakeholderIds = [...new Set(event.attendees.flatMap((a) => (byEmail.has(a) ? [byEmail.get(a)!] : [])))];
    const plan = await createPlan(trx, { actor: ctx.actor, ip: ctx.ip ?? null, now }, accountId, {
      kind: event.kind,
      planned_for: event.start,
      title: event.title,
      notes: event.notes,
      stakeholder_ids: stakeholderIds,
      owner_id: undefined,
    });
    if (event.uid) {
      await trx.updateTable("planned_touchpoints").set({ ical_uid: event.uid }).where("account_id", "=", accountId).where("id", "=", plan.id).execute();
    }
    result.planned += 1;
    result.participants += stakeholderIds.length;
  }
  await writeAudit(trx, { actorId: ctx.actor.id, accountId, entity: "planned_touchpoint", entityId: accountId, action: "import_ics", after: { ...result }, ip: ctx.ip ?? null });
  return result;
}
