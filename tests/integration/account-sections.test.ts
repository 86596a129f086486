import { describe, expect, it } from "vitest";
import { latestRecorded } from "#app/models/timeline.server.ts";
import { loader as overviewLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { loader as timelineLoader } from "#app/routes/_app.accounts.$accountId_.timeline.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { locationOf, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

const HOUR = 3_600_000;

async function world() {
  const kam = await createUser(db(), { role: "kam" });
  const account = await createAccount(db(), { owner_id: kam.id });
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR);
  // Recorded in this order: the last one happened earliest (logged afterwards).
  for (const [title, hoursAgo, recordedHoursAgo] of [
    ["Kickoff", 50, 50],
    ["Call", 40, 40],
    ["Invoice", 30, 30],
    ["Review", 20, 20],
    ["Training", 10, 10],
    ["Chat", 5, 5],
    ["Late note about an old meeting", 100, 1],
  ] as const) {
    await createTouchpoint(db(), {
      account_id: account.id,
      title,
      kind: title === "Invoice" ? "email" : "meeting",
      occurred_at: at(hoursAgo),
      recorded_at: at(recordedHoursAgo),
    });
  }
  return { kam, account, cookie: await sessionCookieFor(kam.id) };
}

describe("the account's sections", () => {
  it("shows on the overview the five touchpoints recorded last, what was logged late first", async () => {
    const { account, cookie } = await world();
    const res = await run(overviewLoader, request(`/accounts/${account.id}`, { cookie }), { accountId: account.id });
    expect(statusOf(res)).toBe(200);
    const { recent } = res.value as { recent: { title: string }[] };
    expect(recent.map((t) => t.title)).toEqual([
      "Late note about an old meeting",
      "Chat",
      "Training",
      "Review",
      "Invoice",
    ]);
    expect((await latestRecorded(db(), account.id, 2)).map((t) => t.title)).toEqual([
      "Late note about an old meeting",
      "Chat",
    ]);
  });

  it("lists the whole timeline in its own section, by when things happened, filtered by the URL", async () => {
    const { account, cookie } = await world();
    const all = await run(timelineLoader, request(`/accounts/${account.id}/timeline`, { cookie }), {
      accountId: account.id,
    });
    expect(statusOf(all)).toBe(200);
    const titles = (all.value as { timeline: { touchpoints: { title: string }[] } }).timeline.touchpoints.map(
      (t) => t.title,
    );
    expect(titles).toEqual([
      "Chat",
      "Training",
      "Review",
      "Invoice",
      "Call",
      "Kickoff",
      "Late note about an old meeting",
    ]);
    const emails = await run(timelineLoader, request(`/accounts/${account.id}/timeline?kind=email`, { cookie }), {
      accountId: account.id,
    });
    const value = emails.value as { filtered: boolean; timeline: { touchpoints: { title: string }[] } };
    expect(value.filtered).toBe(true);
    expect(value.timeline.touchpoints.map((t) => t.title)).toEqual(["Invoice"]);
  });

  it("sends an old filtered or paged account-page link on to the timeline section", async () => {
    const { account, cookie } = await world();
    const res = await run(overviewLoader, request(`/accounts/${account.id}?kind=email&months=6`, { cookie }), {
      accountId: account.id,
    });
    expect(statusOf(res)).toBe(302);
    expect(locationOf(res)).toBe(`/accounts/${account.id}/timeline?kind=email&months=6`);
  });
});
