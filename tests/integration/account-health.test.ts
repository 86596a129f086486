import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { DEFAULT_SCORING_SETTINGS, HEALTH_FACTOR_KEYS, type ScoringSettings } from "#app/domain/scoring-settings.ts";
import { calendarDate } from "#app/domain/time.ts";
import type { AccountHealthView } from "#app/domain/health-view.ts";
import type { OpenExpectations } from "#app/models/expectations.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { action as accountAction, loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { action as scoringAction, loader as scoringLoader } from "#app/routes/_app.admin.scoring.tsx";
import { db } from "#app/utils/db.server.ts";
import { takeFlash } from "#app/web/flash.server.ts";
import {
  createAccount,
  createExpectation,
  createPortalUser,
  createStakeholder,
  createTouchpoint,
  createUser,
} from "#tests/factories/index.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

const today = calendarDate();

async function score(accountId: string) {
  await db()
    .transaction()
    .execute((trx) => refreshAccountScores(trx, accountId));
}

/** An account with an overdue promise, a decision maker we talked to last week, and a colleague's account beside it. */
async function world() {
  const owner = await createUser(db(), { role: "kam", name: "Olli Owner" });
  const otherKam = await createUser(db(), { role: "kam", name: "Kirsi Kam" });
  const director = await createUser(db(), { role: "director", name: "Dana Director" });
  const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
  const account = await createAccount(db(), { owner_id: owner.id, name: "Kestilä Logistics Oy" });
  const dm = await createStakeholder(db(), { account_id: account.id, name: "Dora Decider", committee_role: "decision_maker" });
  const meeting = await createTouchpoint(db(), {
    account_id: account.id,
    kind: "meeting",
    title: "Steering group",
    occurred_at: new Date(Date.now() - 7 * 86_400_000),
    sentiment: 1,
  });
  await db()
    .insertInto("touchpoint_stakeholders")
    .values({ account_id: account.id, touchpoint_id: meeting.id, stakeholder_id: dm.id, occurred_at: meeting.occurred_at })
    .execute();
  const overdue = await createExpectation(db(), {
    account_id: account.id,
    title: "Vantaa go-live",
    importance: 3,
    due_date: addDays(today, -10),
  });
  const customer = await createPortalUser(db(), account.id, dm.id);
  const elsewhere = await createAccount(db(), { owner_id: otherKam.id, name: "Elsewhere Oy" });
  await createExpectation(db(), { account_id: elsewhere.id, title: "Their promise", importance: 2, due_date: addDays(today, -3) });
  await score(account.id);
  await score(elsewhere.id);
  return { owner, otherKam, director, admin, account, dm, overdue, customer, elsewhere };
}

type PageData = { health: AccountHealthView; canAcknowledge: boolean };

async function page(userId: string, accountId: string, query = "") {
  const res = await run(accountLoader, request(`/accounts/${accountId}${query}`, { cookie: await sessionCookieFor(userId) }), {
    accountId,
  });
  expect(statusOf(res)).toBe(200);
  return res.value as PageData;
}

async function acknowledge(userId: string, accountId: string, fields: Record<string, string>, query = "") {
  return run(
    accountAction,
    formRequest(`/accounts/${accountId}${query}`, { intent: "acknowledge", ...fields }, await sessionCookieFor(userId)),
    { accountId },
  );
}

const signalsOf = (accountId: string) =>
  db().selectFrom("risk_signals").selectAll().where("account_id", "=", accountId).where("resolved_at", "is", null).execute();

type Reply = { result: { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } };
const body = <T = Reply>(res: { value: unknown }) => (res.value as { data: T }).data;

describe("the account page's health section", () => {
  it("shows health with its breakdown, the trend, predictability with its surprises, NPS, coverage and the signals", async () => {
    const w = await world();
    const { health, canAcknowledge } = await page(w.owner.id, w.account.id);
    expect(canAcknowledge).toBe(true);

    const scores = health.scores!;
    expect(scores.health).toEqual(expect.any(Number));
    expect(["healthy", "watch", "at_risk"]).toContain(scores.band);
    expect(scores.factors.map((f) => f.key)).toEqual([...HEALTH_FACTOR_KEYS]);
    const byKey = Object.fromEntries(scores.factors.map((f) => [f.key, f]));
    // The one expectation that came due is overdue: predictability 0, a surprise.
    expect(byKey.predictability).toMatchObject({
      available: true,
      value: 0,
      points: 0,
      weight: DEFAULT_SCORING_SETTINGS.weights.predictability,
    });
    expect(byKey.dm_engagement).toMatchObject({ available: true, value: 7 });
    // No survey answers, no cases, no invoices: unavailable and worth nothing.
    for (const key of ["nps", "support", "invoices"]) expect(byKey[key]).toMatchObject({ available: false, points: 0 });
    const points = scores.factors.reduce((a, f) => a + f.points, 0);
    expect(Math.round(points * 10) / 10).toBe(scores.health);
    expect(health.bands).toEqual(DEFAULT_SCORING_SETTINGS.bands);
    expect(health.trend).toEqual([{ day: today, health: scores.health, band: scores.band }]);

    expect(health.predictability).toMatchObject({
      source: "stored",
      months: 12,
      value: 0,
      sample: 1,
      fewData: true,
      surpriseCount: 1,
    });
    expect(health.predictability.surprises).toEqual([
      expect.objectContaining({ expectationId: w.overdue.id, title: "Vantaa go-live", reason: "overdue", daysLate: 10 }),
    ]);
    expect(scores).toMatchObject({ npsScore: null, npsRespondents: 0, singleThreaded: true });
    expect(scores.coverage).toMatchObject({ coveredRoles: ["decision_maker"], engagedPeople: 1 });

    const overdueSignal = health.signals.find((s) => s.rule === "expectation_overdue");
    expect(overdueSignal).toMatchObject({
      severity: "high",
      evidenceKind: "expectation",
      evidenceId: w.overdue.id,
      evidenceLabel: "Vantaa go-live",
      acknowledgedAt: null,
    });
    expect(health.signals.every((s) => s.accountId === w.account.id)).toBe(true);
  });

  it("works out predictability on the fly for another window, and ignores a window it does not offer", async () => {
    const w = await world();
    // Kept on time 20 months ago (importance 2 against the overdue one's 3): only the 24-month window sees it.
    await createExpectation(db(), {
      account_id: w.account.id,
      title: "Old pilot",
      due_date: addDays(today, -600),
      status: "resolved",
      outcome: "kept",
      delivered_on: addDays(today, -601),
    });
    const wide = (await page(w.owner.id, w.account.id, "?months=24")).health.predictability;
    expect(wide).toMatchObject({ source: "computed", months: 24, sample: 2, predictable: 1, value: 0.4, onTime: 1, delivered: 1 });
    expect(wide.surprises.map((s) => s.expectationId)).toEqual([w.overdue.id]);
    const narrow = (await page(w.owner.id, w.account.id, "?months=6")).health.predictability;
    expect(narrow).toMatchObject({ source: "computed", months: 6, sample: 1, value: 0 });
    const odd = (await page(w.owner.id, w.account.id, "?months=7")).health.predictability;
    expect(odd).toMatchObject({ source: "stored", months: 12 });
  });

  it("shows an account never scored without figures", async () => {
    const owner = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: owner.id });
    const { health } = await page(owner.id, account.id);
    expect(health.scores).toBeNull();
    expect(health.trend).toEqual([]);
    expect(health.signals).toEqual([]);
    expect(health.predictability).toMatchObject({ source: "computed", sample: 0, value: null });
  });
});

describe("the account page's signal list", () => {
  it("lists the eight most pressing signals, all of them on request, and keeps the one just acknowledged in view", async () => {
    const w = await world();
    // Eleven overdue promises besides Vantaa: twelve overdue signals.
    for (let i = 0; i < 11; i++) {
      await createExpectation(db(), { account_id: w.account.id, title: `Overdue ${i}`, importance: 2, due_date: addDays(today, -20 - i) });
    }
    await score(w.account.id);
    const active = await signalsOf(w.account.id);
    expect(active.length).toBeGreaterThanOrEqual(12);

    type Listed = PageData & { signalCounts: { open: number; total: number } };
    const first = (await page(w.owner.id, w.account.id)) as Listed;
    expect(first.health.signals).toHaveLength(8);
    expect(first.signalCounts).toEqual({ open: active.length, total: active.length });
    const all = (await page(w.owner.id, w.account.id, "?signals=all")) as Listed;
    expect(all.health.signals.map((s) => s.id).sort()).toEqual(active.map((s) => s.id).sort());
    // Listed in the same order: the first eight of all.
    expect(first.health.signals.map((s) => s.id)).toEqual(all.health.signals.slice(0, 8).map((s) => s.id));

    // Acknowledging one sorts it after the unacknowledged ones, past the first eight;
    // the page it returns to still lists it, with the note.
    const target = all.health.signals[0]!;
    const res = await acknowledge(w.owner.id, w.account.id, { signalId: target.id, note: "On it." });
    expect(statusOf(res)).toBe(302);
    const back = new URL(locationOf(res)!, "http://localhost");
    expect(back.searchParams.get("acknowledged")).toBe(target.id);
    const after = (await page(w.owner.id, w.account.id, back.search)) as Listed;
    expect(after.health.signals).toHaveLength(9);
    expect(after.health.signals.at(-1)).toMatchObject({ id: target.id, ackNote: "On it." });
    expect(after.signalCounts).toEqual({ open: active.length - 1, total: active.length });
    // Without the marker it is not among the first eight any more.
    const plain = (await page(w.owner.id, w.account.id)) as Listed;
    expect(plain.health.signals.map((s) => s.id)).not.toContain(target.id);
  });
});

describe("the account page's open expectations", () => {
  it("lists the open ones most pressing first with holder, importance and due date, and counts open, overdue and due soon", async () => {
    const w = await world();
    const holder = await createStakeholder(db(), { account_id: w.account.id, name: "Harri Holder" });
    const soon = await createExpectation(db(), { account_id: w.account.id, title: "Training", importance: 1, due_date: addDays(today, 5), holder_stakeholder_id: holder.id });
    const later = await createExpectation(db(), { account_id: w.account.id, title: "Roll-out", importance: 2, due_date: addDays(today, 60) });
    const older = await createExpectation(db(), { account_id: w.account.id, title: "Invoice fix", importance: 2, due_date: addDays(today, -30) });
    // Not open: not listed, not counted.
    await createExpectation(db(), { account_id: w.account.id, title: "Done", due_date: addDays(today, -2), status: "resolved", outcome: "kept", delivered_on: addDays(today, -2) });
    await createExpectation(db(), { account_id: w.account.id, title: "A wish", status: "proposed", source: "customer" });
    for (let i = 0; i < 8; i++) await createExpectation(db(), { account_id: w.account.id, title: `Later ${i}`, due_date: addDays(today, 100 + i) });

    const data = (await page(w.owner.id, w.account.id)) as PageData & { openExpectations: OpenExpectations };
    const open = data.openExpectations;
    expect(open.counts).toEqual({ open: 12, overdue: 2, due_soon: 1 });
    // Overdue (oldest first), due soon, then later; at most eight.
    expect(open.items.map((e) => e.id)).toEqual([
      older.id,
      w.overdue.id,
      soon.id,
      later.id,
      ...open.items.slice(4).map((e) => e.id),
    ]);
    expect(open.items).toHaveLength(8);
    expect(open.items.slice(4).every((e) => e.title.startsWith("Later "))).toBe(true);
    expect(open.items[2]).toMatchObject({ title: "Training", holder_name: "Harri Holder", importance: 1, due_date: addDays(today, 5) });
    expect(open.items[3]!.holder_name).toBeNull();
    // Another account's expectations never show.
    expect(open.items.map((e) => e.title)).not.toContain("Their promise");
  });

  it("says so when nothing is open", async () => {
    const owner = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: owner.id });
    const data = (await page(owner.id, account.id)) as PageData & { openExpectations: OpenExpectations };
    expect(data.openExpectations).toMatchObject({ items: [], counts: { open: 0, overdue: 0, due_soon: 0 } });
  });
});

describe("acknowledging a risk signal", () => {
  it("records who acknowledged it, when and why, audits it, and the page shows it muted", async () => {
    const w = await world();
    const [signal] = (await signalsOf(w.account.id)).filter((s) => s.rule === "expectation_overdue");
    const res = await acknowledge(w.owner.id, w.account.id, { signalId: signal!.id, note: "  Agreed a new date with Dora.  " }, "?months=24");
    expect(statusOf(res)).toBe(302);
    // Back to the same view, with the acknowledged signal kept in the list.
    expect(locationOf(res)).toBe(`/accounts/${w.account.id}?months=24&acknowledged=${signal!.id}#risk-signals`);
    const cookie = (res.value as Response).headers.get("Set-Cookie")!.split(";")[0]!;
    expect((await takeFlash(request("/", { cookie }))).flash).toEqual({ kind: "success", message: "Signal acknowledged." });

    const row = await db().selectFrom("risk_signals").selectAll().where("id", "=", signal!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ acknowledged_by: w.owner.id, ack_note: "Agreed a new date with Dora.", resolved_at: null });
    expect(row.acknowledged_at).not.toBeNull();
    const audit = await db().selectFrom("audit_events").selectAll().where("entity", "=", "risk_signal").execute();
    expect(audit).toEqual([
      expect.objectContaining({ action: "acknowledge", entity_id: signal!.id, actor_id: w.owner.id, account_id: w.account.id }),
    ]);

    // Still active while the expectation is overdue, now acknowledged; rescoring keeps the acknowledgement.
    await score(w.account.id);
    const shown = (await page(w.director.id, w.account.id)).health.signals.find((s) => s.id === signal!.id);
    expect(shown).toMatchObject({ acknowledgedByName: "Olli Owner", ackNote: "Agreed a new date with Dora." });
    expect(shown!.acknowledgedAt).not.toBeNull();
  });

  it("lets a director acknowledge without a note, and keeps a too-long note with its error", async () => {
    const w = await world();
    const [signal] = await signalsOf(w.account.id);
    const long = "x".repeat(1001);
    const bad = await acknowledge(w.owner.id, w.account.id, { signalId: signal!.id, note: long });
    expect(statusOf(bad)).toBe(400);
    const reply = body<{ acknowledge: { signalId: string } & Reply }>(bad).acknowledge;
    expect(reply.signalId).toBe(signal!.id);
    expect(reply.result.error?.note).toEqual(["Use at most 1,000 characters."]);
    expect(reply.result.initialValue?.note).toBe(long);
    expect((await db().selectFrom("risk_signals").select("acknowledged_at").where("id", "=", signal!.id).executeTakeFirstOrThrow()).acknowledged_at).toBeNull();

    const ok = await acknowledge(w.director.id, w.account.id, { signalId: signal!.id });
    expect(statusOf(ok)).toBe(302);
    expect(await db().selectFrom("risk_signals").select(["acknowledged_by", "ack_note"]).where("id", "=", signal!.id).executeTakeFirstOrThrow()).toEqual({
      acknowledged_by: w.director.id,
      ack_note: "",
    });
  });

  it("refuses a KAM of another account and a portal user, and another account's signal", async () => {
    const w = await world();
    const [signal] = await signalsOf(w.account.id);
    const [theirSignal] = await signalsOf(w.elsewhere.id);
    expect((await page(w.otherKam.id, w.account.id)).canAcknowledge).toBe(false);

    expect(statusOf(await acknowledge(w.otherKam.id, w.account.id, { signalId: signal!.id, note: "Mine now" }))).toBe(403);
    expect(statusOf(await acknowledge(w.customer.id, w.account.id, { signalId: signal!.id, note: "Fine" }))).toBe(403);
    // The owner of this account, naming the other account's signal through this account: no such signal here.
    expect(statusOf(await acknowledge(w.owner.id, w.account.id, { signalId: theirSignal!.id }))).toBe(404);
    // …nor through the other account, which is not theirs.
    expect(statusOf(await acknowledge(w.owner.id, w.elsewhere.id, { signalId: theirSignal!.id }))).toBe(403);
    expect(statusOf(await acknowledge(w.owner.id, w.account.id, { signalId: "not-a-uuid" }))).toBe(400);

    const acknowledged = await db().selectFrom("risk_signals").select("id").where("acknowledged_at", "is not", null).execute();
    expect(acknowledged).toEqual([]);
    expect(await db().selectFrom("audit_events").select("id").where("entity", "=", "risk_signal").execute()).toEqual([]);
  });
});

/** The settings as the form posts them. */
function settingsFields(s: ScoringSettings = DEFAULT_SCORING_SETTINGS, version = 0): Record<string, string> {
  const fields: Record<string, string> = { version: String(version) };
  for (const [key, value] of Object.entries(s)) {
    if (value && typeof value === "object") {
      for (const [inner, v] of Object.entries(value as Record<string, number | boolean>)) {
        if (typeof v === "boolean") {
          if (v) fields[`${key}.${inner}`] = "on";
        } else fields[`${key}.${inner}`] = String(v);
      }
    } else if (typeof value === "boolean") {
      if (value) fields[key] = "on";
    } else fields[key] = String(value);
  }
  return fields;
}

async function saveSettings(userId: string, fields: Record<string, string>) {
  return run(scoringAction, formRequest("/admin/scoring", fields, await sessionCookieFor(userId)));
}

describe("the scoring settings page", () => {
  it("is for administrators only", async () => {
    const w = await world();
    for (const user of [w.owner, w.director, w.customer]) {
      const cookie = await sessionCookieFor(user.id);
      expect(statusOf(await run(scoringLoader, request("/admin/scoring", { cookie })))).toBe(403);
      expect(statusOf(await saveSettings(user.id, settingsFields()))).toBe(403);
    }
    expect(await db().selectFrom("app_settings").select("key").execute()).toEqual([]);
    const res = await run(scoringLoader, request("/admin/scoring", { cookie: await sessionCookieFor(w.admin.id) }));
    expect(statusOf(res)).toBe(200);
    expect(res.value).toMatchObject({ settings: DEFAULT_SCORING_SETTINGS, version: 0, updatedAt: null, updatedBy: null });
  });

  it("shows invalid values next to their fields and keeps what was typed", async () => {
    const w = await world();
    const res = await saveSettings(w.admin.id, {
      ...settingsFields(),
      "weights.predictability": "-5",
      "weights.sentiment": "lots",
      dmContactDays: "0",
    });
    expect(statusOf(res)).toBe(400);
    const { result } = body(res);
    expect(result.error?.["weights.predictability"]).toEqual(["Enter 0 or more."]);
    expect(result.error?.["weights.sentiment"]).toEqual(["Enter a number, such as 125000 or 125 000,50."]);
    expect(result.error?.dmContactDays).toEqual(["Enter 1 or more."]);
    expect(result.initialValue).toMatchObject({ weights: { predictability: "-5", sentiment: "lots" }, dmContactDays: "0" });

    const zero = Object.fromEntries(HEALTH_FACTOR_KEYS.map((k) => [`weights.${k}`, "0"]));
    const allZero = body(await saveSettings(w.admin.id, { ...settingsFields(), ...zero }));
    expect(allZero.result.error?.weights).toEqual(["At least one weight must be above zero."]);
    const crossed = body(await saveSettings(w.admin.id, { ...settingsFields(), "bands.healthyFrom": "40", "bands.watchFrom": "60" }));
    expect(crossed.result.error?.["bands.watchFrom"]).toEqual(["The watch threshold must be below the healthy threshold."]);
    expect(await db().selectFrom("app_settings").select("key").execute()).toEqual([]);
  });

  it("saves, re-scores every account on the new settings and says how many", async () => {
    const w = await world();
    const before = await db().selectFrom("account_scores").select(["account_id", "band", "health"]).where("account_id", "=", w.account.id).executeTakeFirstOrThrow();
    // An overdue promise of importance 3 and nothing else to go on: at risk on the defaults.
    expect(before.band).toBe("at_risk");
    expect(Number(before.health)).toBeGreaterThan(5);
    const lenient: ScoringSettings = {
      ...DEFAULT_SCORING_SETTINGS,
      bands: { healthyFrom: 5, watchFrom: 2 },
      npsInfluenceWeighted: true,
      // The cap off (its checkbox unticked): the overdue promise no longer keeps it from Healthy.
      healthyCap: { highSignal: false, predictabilityBelow: 0 },
    };
    const res = await saveSettings(w.admin.id, settingsFields(lenient));
    expect(statusOf(res)).toBe(302);
    expect(locationOf(res)).toBe("/admin/scoring");
    const cookie = (res.value as Response).headers.get("Set-Cookie")!.split(";")[0]!;
    expect((await takeFlash(request("/", { cookie }))).flash).toEqual({ kind: "success", message: "Saved; 2 accounts re-scored." });

    const after = await db().selectFrom("account_scores").select(["band", "health"]).where("account_id", "=", w.account.id).executeTakeFirstOrThrow();
    expect(after.band).toBe("healthy");
    const stored = await db().selectFrom("app_settings").selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ key: "scoring", version: 1, updated_by: w.admin.id, value: lenient });
    const audit = await db().selectFrom("audit_events").selectAll().where("entity", "=", "app_settings").execute();
    expect(audit).toEqual([expect.objectContaining({ action: "create", actor_id: w.admin.id })]);

    const page2 = await run(scoringLoader, request("/admin/scoring", { cookie: await sessionCookieFor(w.admin.id) }));
    expect(page2.value).toMatchObject({ settings: lenient, version: 1, updatedBy: "Ada Admin" });
    // An unticked checkbox turns the weighting off again.
    const off = await saveSettings(w.admin.id, settingsFields({ ...lenient, npsInfluenceWeighted: false }, 1));
    expect(statusOf(off)).toBe(302);
    expect((await db().selectFrom("app_settings").select("value").executeTakeFirstOrThrow()).value).toMatchObject({
      npsInfluenceWeighted: false,
    });
  });

  it("refuses to overwrite settings saved meanwhile, naming who and what changed, and keeps what was typed", async () => {
    const w = await world();
    const first = await saveSettings(w.admin.id, settingsFields({ ...DEFAULT_SCORING_SETTINGS, dueSoonDays: 21 }, 0));
    expect(statusOf(first)).toBe(302);
    const other = await createUser(db(), { role: "admin", name: "Otto Other" });
    const stale = await saveSettings(other.id, settingsFields({ ...DEFAULT_SCORING_SETTINGS, surpriseCount: 3 }, 0));
    expect(statusOf(stale)).toBe(409);
    const reply = body<Reply & { conflict: { version: number; changes: { field: string; value: string }[] } }>(stale);
    expect(reply.result.error?.[""]?.[0]).toContain("Ada Admin");
    expect(reply.result.initialValue).toMatchObject({ surpriseCount: "3" });
    expect(reply.conflict.version).toBe(1);
    expect(reply.conflict.changes).toEqual(
      expect.arrayContaining([
        { field: "Expectation due soon within (days)", value: "21" },
        { field: "Repeated surprises: at least", value: "2" },
      ]),
    );
    const stored = await db().selectFrom("app_settings").selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ version: 1, value: { dueSoonDays: 21, surpriseCount: 2 } });
    // Saving again over the version now stored is a deliberate choice, and goes through.
    expect(statusOf(await saveSettings(other.id, settingsFields({ ...DEFAULT_SCORING_SETTINGS, surpriseCount: 3 }, 1)))).toBe(302);
  });
});
