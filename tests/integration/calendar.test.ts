import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate, TIME_ZONE, wallTimeToInstant } from "#app/domain/time.ts";
import { createPlan } from "#app/models/planned-touchpoints.server.ts";
import { action as plansAction } from "#app/routes/_app.accounts.$accountId_.plans.tsx";
import { action as settingsAction, loader as settingsLoader } from "#app/routes/_app.settings.calendar.tsx";
import { loader as feedLoader } from "#app/routes/calendar.$token.ts";
import { db } from "#app/utils/db.server.ts";
import { appUrl } from "#app/utils/env.server.ts";
import { createAccount, createExpectation, createStakeholder, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// The calendar: a member of staff's private .ics feed (token shown once,
// stored hashed, regenerated and revoked), parsed back with ical.js (another
// library than the one that writes it); and an .ics file imported on an
// account's Planned page as planned touchpoints with participants matched by
// e-mail, round-tripped from the feed and from an Outlook-style invitation.

const today = calendarDate();
const day = (n: number) => addDays(today, n);
const at = (d: string, time: string) => wallTimeToInstant(`${d}T${time}`, TIME_ZONE);

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM", locale: "en" });
  const other = await createUser(db(), { role: "kam", name: "Olli Other" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy" });
  const anna = await createStakeholder(db(), { account_id: account.id, name: "Anna Analyst", email: "anna@kestila.example" });
  const bo = await createStakeholder(db(), { account_id: account.id, name: "Bo Buyer", email: "bo@kestila.example" });
  const notes = `Agenda: ${"pricing, delivery; roll-out\\plans ".repeat(8)}`.trimEnd();
  const plan = await db()
    .transaction()
    .execute((trx) =>
      createPlan(trx, { actor: kam }, account.id, {
        kind: "call",
        planned_for: at(day(3), "10:30"),
        title: "Renewal, phase 2; pricing",
        notes,
        stakeholder_ids: [anna.id, bo.id],
        owner_id: undefined,
      }),
    );
  const expectation = await createExpectation(db(), { account_id: account.id, title: "Driver app", due_date: day(20), owner_id: kam.id });
  // Not in Kaisa's feed: another's plan, and a plan that was cancelled.
  const othersAccount = await createAccount(db(), { owner_id: other.id, name: "Muu Oy" });
  await db()
    .transaction()
    .execute((trx) =>
      createPlan(trx, { actor: other }, othersAccount.id, { kind: "meeting", planned_for: at(day(2), "09:00"), title: "MUU-SECRET", notes: "", stakeholder_ids: [], owner_id: undefined }),
    );
  return { kam, other, account, anna, bo, plan, expectation, notes };
}

async function createFeed(userId: string) {
  const cookie = await sessionCookieFor(userId);
  const res = await run(settingsAction, formRequest("/settings/calendar", { intent: "regenerate" }, cookie));
  const value = res.value as { data: { address: string } };
  const address = value.data.address;
  expect(address.startsWith(`${appUrl()}/calendar/kc_`)).toBe(true);
  return { cookie, address, token: address.split("/").pop()! };
}

async function readFeed(token: string) {
  const res = (await feedLoader({ request: request(`/calendar/${token}`), params: { token }, context: {} } as never)) as Response;
  return { status: res.status, type: res.headers.get("Content-Type"), text: await res.text() };
}

describe("the calendar feed", () => {
  it("is valid iCalendar with the owner's open plans and due dates, parsed back by ical.js: stable UIDs, DTSTAMP, escaping, CRLF and folding", async () => {
    const w = await world();
    const { token } = await createFeed(w.kam.id);
    // Only the hash is stored.
    const stored = await db().selectFrom("calendar_feeds").selectAll().executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(0, 20));
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const feed = await readFeed(token);
    expect(feed.status).toBe(200);
    expect(feed.type).toBe("text/calendar; charset=utf-8");
    // RFC 5545: CRLF line ends, no line over 75 octets (long ones folded with a leading space).
    const lines = feed.text.split("\r\n");
    expect(feed.text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of lines) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(" "))).toBe(true);
    expect(feed.text).toContain("SUMMARY:Renewal\\, phase 2\\; pricing – Kestilä Oy");
    expect(feed.text).not.toContain("MUU-SECRET");

    const root = new ICAL.Component(ICAL.parse(feed.text));
    expect(root.getFirstPropertyValue("version")).toBe("2.0");
    const events = root.getAllSubcomponents("vevent").map((c) => ({ c, e: new ICAL.Event(c) }));
    expect(events.map(({ e }) => e.uid).sort()).toEqual([`expectation-${w.expectation.id}@kohtaamo`, `plan-${w.plan.id}@kohtaamo`].sort());
    for (const { c } of events) expect(c.getFirstPropertyValue("dtstamp")).toBeTruthy();
    const plan = events.find(({ e }) => e.uid.startsWith("plan-"))!;
    expect(plan.e.summary).toBe("Renewal, phase 2; pricing – Kestilä Oy");
    expect(plan.e.startDate.toJSDate().toISOString()).toBe(at(day(3), "10:30").toISOString());
    expect(plan.e.endDate.toJSDate().toISOString()).toBe(new Date(at(day(3), "10:30").getTime() + 30 * 60_000).toISOString());
    expect(plan.e.description).toBe(`Call\n\n${w.notes}`);
    expect(plan.c.getAllProperties("attendee").map((p) => String(p.getFirstValue()).toLowerCase()).sort()).toEqual([
      "mailto:anna@kestila.example",
      "mailto:bo@kestila.example",
    ]);
    expect(plan.c.getFirstPropertyValue("x-kohtaamo-kind")).toBe("call");
    const due = events.find(({ e }) => e.uid.startsWith("expectation-"))!;
    expect(due.e.startDate.isDate).toBe(true);
    expect(due.e.startDate.toString()).toBe(day(20));
    expect(due.e.summary).toBe("Due: Driver app – Kestilä Oy");

    // The same feed read again: the same UIDs (a calendar updates, never duplicates).
    const again = new ICAL.Component(ICAL.parse((await readFeed(token)).text));
    expect(again.getAllSubcomponents("vevent").map((c) => c.getFirstPropertyValue("uid")).sort()).toEqual(events.map(({ e }) => e.uid).sort());
  });

  it("is revocable: a new address ends the old one, turning it off ends both; made-up tokens and disabled users get 404", async () => {
    const w = await world();
    const first = await createFeed(w.kam.id);
    const second = await createFeed(w.kam.id);
    expect((await readFeed(first.token)).status).toBe(404);
    expect((await readFeed(second.token)).status).toBe(200);
    const page = await run(settingsLoader, request("/settings/calendar", { cookie: second.cookie }));
    expect(page.value).toMatchObject({ feed: { lastRead: expect.any(String) } });
    // The page never shows the address again.
    expect(JSON.stringify(page.value)).not.toContain(second.token);
    expect(statusOf(await run(settingsAction, formRequest("/settings/calendar", { intent: "revoke" }, second.cookie)))).toBe(302);
    expect((await readFeed(second.token)).status).toBe(404);
    expect((await readFeed(`kc_${"A".repeat(43)}.ics`)).status).toBe(404);
    expect((await readFeed("nonsense")).status).toBe(404);
    const third = await createFeed(w.kam.id);
    await db().updateTable("users").set({ disabled_at: new Date() }).where("id", "=", w.kam.id).execute();
    expect((await readFeed(third.token)).status).toBe(404);
    const audit = await db().selectFrom("audit_events").select("action").where("entity", "=", "calendar_feed").orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "regenerate", "revoke", "create"]);
  });
});

const upload = (accountId: string, cookie: string, text: string, submissionId = crypto.randomUUID()) => {
  const form = new FormData();
  form.set("intent", "importIcs");
  form.set("submission_id", submissionId);
  form.set("file", new Blob([text], { type: "text/calendar" }), "invite.ics");
  return request(`/accounts/${accountId}/plans`, { method: "POST", body: form, cookie });
};

async function plansOf(accountId: string) {
  return db()
    .selectFrom("planned_touchpoints")
    .select(["kind", "title", "planned_for", "stakeholder_ids", "notes", "ical_uid", "owner_id"])
    .where("account_id", "=", accountId)
    .orderBy("planned_for")
    .execute();
}

describe("importing an .ics file", () => {
  it("round-trips the feed: another account with the same people gets the same plans, participants matched by e-mail; again: nothing twice", async () => {
    const w = await world();
    const { token } = await createFeed(w.kam.id);
    const feed = (await readFeed(token)).text;
    const target = await createAccount(db(), { owner_id: w.kam.id, name: "Toinen Oy" });
    const annaThere = await createStakeholder(db(), { account_id: target.id, name: "Anna A.", email: "ANNA@kestila.example" });
    const cookie = await sessionCookieFor(w.kam.id);
    const res = await run(plansAction, upload(target.id, cookie, feed), { accountId: target.id });
    expect(statusOf(res)).toBe(302);
    const plans = await plansOf(target.id);
    expect(plans).toEqual([
      {
        kind: "call",
        title: "Renewal, phase 2; pricing – Kestilä Oy",
        planned_for: at(day(3), "10:30"),
        stakeholder_ids: [annaThere.id],
        notes: `Call\n\n${w.notes}`,
        ical_uid: `plan-${w.plan.id}@kohtaamo`,
        owner_id: w.kam.id,
      },
    ]);
    // The same file again (a new submission): already planned; and on the feed's own account: its own plan, not a copy.
    expect(statusOf(await run(plansAction, upload(target.id, cookie, feed), { accountId: target.id }))).toBe(302);
    expect(await plansOf(target.id)).toHaveLength(1);
    expect(statusOf(await run(plansAction, upload(w.account.id, cookie, feed), { accountId: w.account.id }))).toBe(302);
    expect(await plansOf(w.account.id)).toHaveLength(1);
  });

  it("plans an Outlook-style invitation (a VTIMEZONE by Windows name, folded lines, attendees in any case) at the right instant; skips all-day and past events", async () => {
    const w = await world();
    const d = day(5).replace(/-/g, "");
    const past = day(-5).replace(/-/g, "");
    const invite = [
      "BEGIN:VCALENDAR",
      "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
      "VERSION:2.0",
      "METHOD:REQUEST",
      "BEGIN:VTIMEZONE",
      "TZID:FLE Standard Time",
      "BEGIN:STANDARD",
      "DTSTART:16011028T040000",
      "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
      "TZOFFSETFROM:+0300",
      "TZOFFSETTO:+0200",
      "END:STANDARD",
      "BEGIN:DAYLIGHT",
      "DTSTART:16010325T030000",
      "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
      "TZOFFSETFROM:+0200",
      "TZOFFSETTO:+0300",
      "END:DAYLIGHT",
      "END:VTIMEZONE",
      "BEGIN:VEVENT",
      "UID:040000008200E00074C5B7101A82E00800000000A1B2C3",
      "DTSTAMP:20261201T080000Z",
      `DTSTART;TZID=FLE Standard Time:${d}T140000`,
      `DTEND;TZID=FLE Standard Time:${d}T150000`,
      "SUMMARY:Quarterly check-in\\, Kestilä",
      "DESCRIPTION:Let's go through the roadmap and the open items from the last",
      "  review.",
      "ORGANIZER;CN=Kaisa KAM:mailto:kaisa@pohjola.example",
      "ATTENDEE;CN=Anna Analyst;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:MAILTO:Anna@Kestila.Example",
      "ATTENDEE;CN=Someone Else:mailto:someone@elsewhere.example",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:all-day-1",
      "DTSTAMP:20261201T080000Z",
      `DTSTART;VALUE=DATE:${d}`,
      "SUMMARY:Trade fair",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:past-1",
      "DTSTAMP:20261201T080000Z",
      `DTSTART:${past}T100000Z`,
      "SUMMARY:Old meeting",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");
    const cookie = await sessionCookieFor(w.kam.id);
    const res = await run(plansAction, upload(w.account.id, cookie, invite), { accountId: w.account.id });
    expect(statusOf(res)).toBe(302);
    const imported = (await plansOf(w.account.id)).filter((p) => p.ical_uid);
    expect(imported).toEqual([
      {
        kind: "meeting",
        title: "Quarterly check-in, Kestilä",
        planned_for: at(day(5), "14:00"),
        stakeholder_ids: [w.anna.id],
        notes: "Let's go through the roadmap and the open items from the last review.",
        ical_uid: "040000008200E00074C5B7101A82E00800000000A1B2C3",
        owner_id: w.kam.id,
      },
    ]);
  });

  it("refuses what is not an .ics file beside the field, and another KAM's account", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kam.id);
    const bad = await run(plansAction, upload(w.account.id, cookie, "name;email\nAnna;anna@x.fi"), { accountId: w.account.id });
    expect(statusOf(bad)).toBe(400);
    expect(JSON.stringify(bad.value)).toContain("This is not an iCalendar (.ics) file.");
    const otherCookie = await sessionCookieFor(w.other.id);
    const refused = await run(plansAction, upload(w.account.id, otherCookie, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), { accountId: w.account.id });
    expect(statusOf(refused)).toBe(403);
  });
});
