import { describe, expect, it, vi } from "vitest";
import { DEFAULT_SCORING_SETTINGS, HEALTH_FACTOR_KEYS } from "#app/domain/scoring-settings.ts";
import { readScoreFactors } from "#app/domain/scoring.ts";
import { calendarDate } from "#app/domain/time.ts";
import { createExpectation as createExpectationModel } from "#app/models/expectation-changes.server.ts";
import { startScoreRefresher } from "#app/models/score-refresher.server.ts";
import {
  acknowledgeSignal,
  loadScoringSettings,
  refreshAccountScores,
  rescoreAllAccounts,
  rescoreStaleAccounts,
  saveScoringSettings,
} from "#app/models/scores.server.ts";
import { action as detailAction } from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as newExpectationAction } from "#app/routes/_app.accounts.$accountId_.expectations.new.tsx";
import { action as editTouchpointAction } from "#app/routes/_app.accounts.$accountId_.touchpoints.$touchpointId.tsx";
import { action as newTouchpointAction } from "#app/routes/_app.accounts.$accountId_.touchpoints.new.tsx";
import { addDays } from "#app/domain/dates.ts";
import { db } from "#app/utils/db.server.ts";
import { ConflictError, NotFoundError } from "#app/utils/errors.server.ts";
import {
  createAccount,
  createExpectation,
  createStakeholder,
  createTouchpoint,
  createUser,
} from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

const today = calendarDate();
const day = (n: number) => addDays(today, n);

/** `n` accounts of one owner with different records: rated touchpoints (one confirmed by CSAT), an overdue and a delivered expectation. */
async function portfolioToScore(ownerId: string, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const account = await createAccount(db(), { owner_id: ownerId, name: `Tili ${i} Oy` });
    ids.push(account.id);
    const person = await createStakeholder(db(), { account_id: account.id, committee_role: "decision_maker" });
    for (let k = 0; k <= i % 3; k++) {
      const tp = await createTouchpoint(db(), {
        account_id: account.id,
        kind: "meeting",
        sentiment: ((i + k) % 5) - 2,
        occurred_at: new Date(Date.now() - (k + 1) * 86_400_000),
      });
      if (k === 0 && i % 2 === 0)
        await db()
          .insertInto("survey_responses")
          .values({
            account_id: account.id,
            stakeholder_id: person.id,
            touchpoint_id: tp.id,
            kind: "csat",
            score: 5,
            answered_at: new Date(),
          })
          .execute();
    }
    await createExpectation(db(), { account_id: account.id, due_date: day(-(i + 2)), importance: 1 + (i % 3) });
    await createExpectation(db(), {
      account_id: account.id,
      due_date: day(-30),
      status: "resolved",
      outcome: i % 4 === 0 ? "kept" : "late",
      delivered_on: day(-30 + (i % 4)),
      importance: 2,
    });
  }
  return ids;
}

/** What scoring stores, without the instants it was written at. */
async function storedFigures() {
  const scores = await db()
    .selectFrom("account_scores")
    .select([
      "account_id",
      "health",
      "band",
      "predictability",
      "predictability_sample",
      "surprises_90d",
      "nps",
      "coverage",
      "open_signals",
      "factors",
    ])
    .orderBy("account_id")
    .execute();
  const signals = await db()
    .selectFrom("risk_signals")
    .select(["account_id", "key", "rule", "severity", "params", "evidence_kind", "evidence_id", "resolved_at"])
    .orderBy("account_id")
    .orderBy("key")
    .execute();
  const verdicts = await db()
    .selectFrom("expectation_verdicts")
    .selectAll()
    .orderBy("account_id")
    .orderBy("expectation_id")
    .execute();
  const snapshots = await db()
    .selectFrom("health_snapshots")
    .select(["account_id", "day", "health", "band"])
    .orderBy("account_id")
    .execute();
  return { scores, signals, verdicts, snapshots };
}

async function forgetFigures() {
  for (const table of ["risk_signals", "expectation_verdicts", "health_snapshots", "account_scores"] as const)
    await db().deleteFrom(table).execute();
}

async function world() {
  const owner = await createUser(db(), { role: "kam", name: "Olli Owner" });
  const admin = await createUser(db(), { role: "admin", name: "Aada Admin" });
  const account = await createAccount(db(), { owner_id: owner.id, name: "Kestilä Logistics Oy" });
  return { owner, admin, account };
}

async function recordExpectation(userId: string, accountId: string, fields: Record<string, string>) {
  const res = await run(
    newExpectationAction,
    formRequest(
      `/accounts/${accountId}/expectations/new`,
      { title: "Pilot go-live", category: "delivery", source: "contract", importance: "3", ...fields },
      await sessionCookieFor(userId),
    ),
    { accountId },
  );
  expect(statusOf(res)).toBe(302);
  return db()
    .selectFrom("expectations")
    .selectAll()
    .where("account_id", "=", accountId)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
}

async function actOn(userId: string, accountId: string, expectationId: string, fields: Record<string, string>) {
  const res = await run(
    detailAction,
    formRequest(`/accounts/${accountId}/expectations/${expectationId}`, fields, await sessionCookieFor(userId)),
    { accountId, expectationId },
  );
  expect(statusOf(res)).toBe(302);
}

/** A form post with repeated names, as a browser sends checked boxes. */
function post(path: string, fields: Record<string, string>, cookie: string) {
  return request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    cookie,
  });
}

function scores(accountId: string) {
  return db().selectFrom("account_scores").selectAll().where("account_id", "=", accountId).executeTakeFirst();
}

function signals(accountId: string) {
  return db()
    .selectFrom("risk_signals")
    .selectAll()
    .where("account_id", "=", accountId)
    .orderBy("first_seen_at")
    .orderBy("key")
    .execute();
}

const openSignals = async (accountId: string) => (await signals(accountId)).filter((s) => s.resolved_at === null);

async function refresh(accountId: string, now?: Date) {
  return db()
    .transaction()
    .execute((trx) => refreshAccountScores(trx, accountId, now));
}

describe("scores kept current by every write", () => {
  it("an overdue expectation raises its signal and lowers predictability in the request that records it", async () => {
    const { owner, account } = await world();
    await createExpectation(db(), {
      account_id: account.id,
      importance: 2,
      due_date: day(-20),
      status: "resolved",
      outcome: "kept",
      delivered_on: day(-21),
    });
    await refresh(account.id);
    expect(await scores(account.id)).toMatchObject({
      predictability: "1.0000",
      predictability_sample: 1,
      open_signals: 1,
    });
    // Without a decision maker on record, we do not know whom to talk to.
    expect((await openSignals(account.id)).map((s) => [s.rule, s.params])).toEqual([
      ["no_dm_contact", expect.objectContaining({ hasDecisionMaker: false, days: null })],
    ]);

    const overdue = await recordExpectation(owner.id, account.id, { title: "Pilot go-live", due_date: day(-3) });

    // Kept (weight 2) and overdue (weight 3): 2 / 5 predictable.
    const row = await scores(account.id);
    expect(row).toMatchObject({ predictability: "0.4000", predictability_sample: 2, surprises_90d: 1 });
    const open = await openSignals(account.id);
    const signal = open.find((s) => s.rule === "expectation_overdue")!;
    expect(signal).toMatchObject({
      key: `expectation_overdue:${overdue.id}`,
      severity: "high",
      evidence_kind: "expectation",
      evidence_id: overdue.id,
      acknowledged_at: null,
    });
    expect(signal.params).toMatchObject({ title: "Pilot go-live", dueDate: day(-3), daysOverdue: 3, importance: 3 });
    expect(row!.open_signals).toBe(open.length);

    // The factors explain it without recomputation: the surprise is listed with its title.
    const factors = readScoreFactors(row!.factors)!;
    expect(factors.today).toBe(today);
    expect(factors.health.factors.map((f) => f.key)).toEqual([...HEALTH_FACTOR_KEYS]);
    expect(factors.predictability.surprises).toEqual([
      expect.objectContaining({ expectationId: overdue.id, title: "Pilot go-live", reason: "overdue", daysLate: 3 }),
    ]);
    expect(factors.predictability).toMatchObject({ sample: 2, predictable: 1, surprises90d: 1, fewData: true });
    expect(factors.openSignals).toBe(open.length);
    const points = factors.health.factors.reduce((a, f) => a + f.points, 0);
    expect(Number(row!.health)).toBeCloseTo(Math.round(points * 10) / 10, 5);
  });

  it("writes scores in the caller's transaction: a rolled-back write leaves them as they were", async () => {
    const { owner, account } = await world();
    await refresh(account.id);
    const before = await scores(account.id);
    const failure = new Error("rolled back on purpose");
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await createExpectationModel(trx, { actor: owner }, account.id, {
            title: "Never happened",
            description: "",
            category: "delivery",
            source: "contract",
            importance: 3,
            due_date: day(-5),
          });
          // Inside the transaction the figures are already current.
          const inside = await trx
            .selectFrom("account_scores")
            .selectAll()
            .where("account_id", "=", account.id)
            .executeTakeFirstOrThrow();
          expect(inside.predictability).toBe("0.0000");
          expect(inside.open_signals).toBeGreaterThan(before!.open_signals);
          throw failure;
        }),
    ).rejects.toBe(failure);
    expect(await scores(account.id)).toEqual(before);
    expect(await openSignals(account.id)).toHaveLength(before!.open_signals);
  });

  it("delivering the expectation resolves its signal; a late delivery stays a surprise", async () => {
    const { owner, account } = await world();
    const e = await recordExpectation(owner.id, account.id, { due_date: day(-4) });
    expect((await openSignals(account.id)).map((s) => s.rule)).toContain("expectation_overdue");

    await actOn(owner.id, account.id, e.id, { intent: "deliver", version: "1", outcome: "late", delivered_on: today });

    const all = await signals(account.id);
    const overdue = all.filter((s) => s.rule === "expectation_overdue");
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.resolved_at).not.toBeNull();
    expect(await scores(account.id)).toMatchObject({ predictability: "0.0000", predictability_sample: 1 });
    const factors = readScoreFactors((await scores(account.id))!.factors)!;
    expect(factors.predictability.surprises[0]).toMatchObject({ reason: "late_without_notice", daysLate: 4 });
  });

  it("an acknowledged signal whose cause returns after it was resolved opens again, unacknowledged", async () => {
    const { owner, account } = await world();
    const e = await recordExpectation(owner.id, account.id, { due_date: day(-2) });
    const [first] = (await openSignals(account.id)).filter((s) => s.rule === "expectation_overdue");

    await db()
      .transaction()
      .execute((trx) =>
        acknowledgeSignal(trx, {
          accountId: account.id,
          signalId: first!.id,
          userId: owner.id,
          note: "Called them, new date agreed",
        }),
      );
    const acknowledged = (await signals(account.id)).find((s) => s.id === first!.id)!;
    expect(acknowledged).toMatchObject({
      acknowledged_by: owner.id,
      ack_note: "Called them, new date agreed",
      resolved_at: null,
    });
    expect(acknowledged.acknowledged_at).not.toBeNull();
    const audit = await db().selectFrom("audit_events").selectAll().where("entity", "=", "risk_signal").execute();
    expect(audit).toEqual([
      expect.objectContaining({
        action: "acknowledge",
        entity_id: first!.id,
        actor_id: owner.id,
        account_id: account.id,
      }),
    ]);

    // Still firing: the acknowledgement stays.
    await refresh(account.id);
    expect((await signals(account.id)).find((s) => s.id === first!.id)!.acknowledged_at).not.toBeNull();

    await actOn(owner.id, account.id, e.id, { intent: "deliver", version: "1", outcome: "late", delivered_on: today });
    await actOn(owner.id, account.id, e.id, { intent: "reopen", version: "2", reason: "Not actually live" });

    const rows = (await signals(account.id)).filter((s) => s.key === `expectation_overdue:${e.id}`);
    expect(rows).toHaveLength(2);
    const [old, reopened] = [rows.find((s) => s.id === first!.id)!, rows.find((s) => s.id !== first!.id)!];
    expect(old.resolved_at).not.toBeNull();
    expect(old.acknowledged_at).not.toBeNull();
    expect(reopened).toMatchObject({ resolved_at: null, acknowledged_at: null, acknowledged_by: null, ack_note: "" });
  });

  it("acknowledging a signal of another account is not found", async () => {
    const { owner, account } = await world();
    const other = await createAccount(db(), { owner_id: owner.id });
    await recordExpectation(owner.id, account.id, { due_date: day(-2) });
    const [signal] = await openSignals(account.id);
    await expect(
      db()
        .transaction()
        .execute((trx) =>
          acknowledgeSignal(trx, { accountId: other.id, signalId: signal!.id, userId: owner.id, note: "" }),
        ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a disputed invoice raises the invoice signal, and settling the dispute resolves it", async () => {
    const { owner, account } = await world();
    const cookie = await sessionCookieFor(owner.id);
    const invoice = {
      intent: "create",
      kind: "invoice",
      occurred_at: `${day(-10)}T10:00`,
      title: "October invoice",
      invoice_number: "INV-2026-0042",
      invoice_amount: "1234.50",
      invoice_currency: "EUR",
      invoice_due_date: day(-5),
      invoice_disputed: "on",
      invoice_dispute_reason: "Billed twice for the pilot",
    };
    const res = await run(newTouchpointAction, post(`/accounts/${account.id}/touchpoints/new`, invoice, cookie), {
      accountId: account.id,
    });
    expect(statusOf(res)).toBe(302);
    const tp = await db()
      .selectFrom("touchpoints")
      .select(["id", "version"])
      .where("account_id", "=", account.id)
      .executeTakeFirstOrThrow();
    const [signal] = (await openSignals(account.id)).filter((s) => s.rule === "invoice_trouble");
    expect(signal).toMatchObject({
      key: `invoice_trouble:${tp.id}`,
      severity: "medium",
      evidence_kind: "touchpoint",
      evidence_id: tp.id,
    });
    expect(signal!.params).toMatchObject({
      reason: "disputed",
      number: "INV-2026-0042",
      dueDate: day(-5),
      daysOverdue: 5,
    });
    const factors = readScoreFactors((await scores(account.id))!.factors)!;
    expect(factors.invoices).toEqual({ troubles: 1, disputed: 1, overdue: 0 });
    expect(factors.health.factors.find((f) => f.key === "invoices")).toMatchObject({ available: true, value: 1 });

    const edit = await run(
      editTouchpointAction,
      post(
        `/accounts/${account.id}/touchpoints/${tp.id}`,
        { ...invoice, intent: "update", invoice_disputed: "", invoice_paid_on: day(-1), version: String(tp.version) },
        cookie,
      ),
      { accountId: account.id, touchpointId: tp.id },
    );
    expect(statusOf(edit)).toBe(302);
    expect((await openSignals(account.id)).filter((s) => s.rule === "invoice_trouble")).toEqual([]);
    expect(readScoreFactors((await scores(account.id))!.factors)!.invoices).toEqual({
      troubles: 0,
      disputed: 0,
      overdue: 0,
    });
  });

  it("keeps one open row per cause when writes to one account run at once", async () => {
    const { owner, account } = await world();
    await Promise.all(
      [1, 2, 3, 4].map((n) => recordExpectation(owner.id, account.id, { title: `Overdue ${n}`, due_date: day(-n) })),
    );
    const open = await openSignals(account.id);
    expect(open.filter((s) => s.rule === "expectation_overdue")).toHaveLength(4);
    expect(open.filter((s) => s.rule === "repeated_surprises")).toHaveLength(1);
    expect(open.find((s) => s.rule === "repeated_surprises")!.params).toMatchObject({ count: 4 });
    expect((await scores(account.id))!.open_signals).toBe(open.length);
  });
});

describe("the daily history", () => {
  it("keeps one snapshot per account per day: a second refresh the same day updates it", async () => {
    const { account } = await world();
    const person = await createStakeholder(db(), {
      account_id: account.id,
      committee_role: "decision_maker",
      influence: 5,
    });
    await refresh(account.id);
    let snaps = await db().selectFrom("health_snapshots").selectAll().where("account_id", "=", account.id).execute();
    expect(snaps).toEqual([expect.objectContaining({ day: today, nps: null, nps_respondents: 0 })]);

    await db()
      .insertInto("survey_responses")
      .values({
        account_id: account.id,
        stakeholder_id: person.id,
        kind: "nps",
        score: 3,
        answered_at: new Date(Date.now() - 86_400_000),
      })
      .execute();
    await refresh(account.id);
    snaps = await db().selectFrom("health_snapshots").selectAll().where("account_id", "=", account.id).execute();
    expect(snaps).toEqual([expect.objectContaining({ day: today, nps: -100, nps_respondents: 1 })]);
    const row = await scores(account.id);
    expect(snaps[0]).toMatchObject({ health: row!.health, band: row!.band, predictability: row!.predictability });
    // An influential detractor is a signal, named for the page.
    const detractor = (await openSignals(account.id)).find((s) => s.rule === "influential_detractor")!;
    expect(detractor.params).toMatchObject({ stakeholderId: person.id, score: 3, influence: 5, name: person.name });
  });
});

describe("rescoring", () => {
  it("rescores every account that is not archived after the settings change, and the band follows", async () => {
    const { owner, admin, account } = await world();
    const second = await createAccount(db(), { owner_id: owner.id });
    const archived = await createAccount(db(), { owner_id: owner.id, archived_at: new Date() });
    const dm = await createStakeholder(db(), { account_id: account.id, committee_role: "decision_maker" });
    await createTouchpoint(db(), {
      account_id: account.id,
      kind: "meeting",
      sentiment: 1,
      occurred_at: new Date(Date.now() - 3_600_000),
    }).then((tp) =>
      db()
        .insertInto("touchpoint_stakeholders")
        .values({ account_id: account.id, touchpoint_id: tp.id, stakeholder_id: dm.id, occurred_at: tp.occurred_at })
        .execute(),
    );
    expect(await rescoreAllAccounts(db())).toBe(2);
    expect(await scores(archived.id)).toBeUndefined();
    const before = (await scores(account.id))!;
    expect(Number(before.health)).toBeGreaterThan(0);
    expect(before.band).not.toBe("at_risk");

    const current = await loadScoringSettings(db());
    expect(current).toMatchObject({ version: 0, settings: DEFAULT_SCORING_SETTINGS });
    await db()
      .transaction()
      .execute((trx) =>
        saveScoringSettings(
          trx,
          { ...current.settings, bands: { healthyFrom: 100, watchFrom: 99.9 } },
          current.version,
          admin.id,
        ),
      );
    expect(await rescoreAllAccounts(db())).toBe(2);
    const after = (await scores(account.id))!;
    expect(after.band).toBe("at_risk");
    expect(after.health).toBe(before.health);
    // The second account has nothing recorded: not enough data to judge, whatever the bands.
    expect((await scores(second.id))!.band).toBe("not_enough_data");
    expect((await scores(second.id))!.health).toBeNull();
  });

  it("scores accounts several at a time with the same figures as one at a time", async () => {
    const { owner } = await world();
    const accounts = await portfolioToScore(owner.id, 7);
    const now = new Date();
    expect(await rescoreAllAccounts(db(), now)).toBe(8);
    const oneAtATime = await storedFigures();
    expect(oneAtATime.scores).toHaveLength(8);
    expect(oneAtATime.signals.length).toBeGreaterThan(0);
    expect(oneAtATime.verdicts.length).toBeGreaterThan(0);

    await forgetFigures();
    const progress: number[] = [];
    const scored = await rescoreAllAccounts(db(), now, { concurrency: 3, onProgress: (n) => progress.push(n) });
    expect(scored).toBe(8);
    expect(progress).toEqual([8]);
    expect(await storedFigures()).toEqual(oneAtATime);
    // Every account was scored, the figures differ between them (the comparison is not of empty rows).
    expect(oneAtATime.scores.map((s) => s.account_id)).toEqual(expect.arrayContaining(accounts));
    expect(new Set(oneAtATime.scores.map((s) => s.health)).size).toBeGreaterThan(1);
  });

  it("stops taking accounts once aborted, with several at a time as with one", async () => {
    const { owner } = await world();
    await portfolioToScore(owner.id, 3);
    const aborted = new AbortController();
    aborted.abort();
    expect(await rescoreAllAccounts(db(), new Date(), { concurrency: 3, signal: aborted.signal })).toBe(0);
    expect(await db().selectFrom("account_scores").select("account_id").execute()).toEqual([]);
  });

  it("the periodic refresh rescores only accounts not yet scored today", async () => {
    const { owner, account } = await world();
    const fresh = await createAccount(db(), { owner_id: owner.id });
    await refresh(account.id, new Date(Date.now() - 3 * 86_400_000));
    await refresh(fresh.id);
    const never = await createAccount(db(), { owner_id: owner.id });
    expect(await rescoreStaleAccounts(db())).toBe(2);
    expect(await scores(never.id)).toBeDefined();
    expect((await scores(account.id))!.computed_at.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await rescoreStaleAccounts(db())).toBe(0);

    // Saving the settings makes every account stale: the next refresh catches up with it.
    const admin = await createUser(db(), { role: "admin" });
    const current = await loadScoringSettings(db());
    await db()
      .transaction()
      .execute((trx) => saveScoringSettings(trx, { ...current.settings, dueSoonDays: 7 }, current.version, admin.id));
    expect(await rescoreStaleAccounts(db())).toBe(3);
    expect(await rescoreStaleAccounts(db())).toBe(0);
  });

  it("the refresher started with the server runs the periodic refresh in the background until stopped", async () => {
    const { account } = await world();
    await createTouchpoint(db(), { account_id: account.id, kind: "meeting", treatment: 5, resolved: "yes" });
    vi.spyOn(console, "log").mockImplementation(() => {});
    const refresher = startScoreRefresher(3_600_000, 0);
    try {
      await vi.waitFor(async () => expect(await scores(account.id)).toBeDefined(), { timeout: 90_000 });
      // It also counts the experience months the account's writes marked.
      await vi.waitFor(
        async () => expect(await db().selectFrom("experience_months_stale").selectAll().execute()).toEqual([]),
        { timeout: 90_000 },
      );
    } finally {
      await refresher.stop();
    }
    expect(console.log).toHaveBeenCalledWith("Scores: rescored 1 account for the new day.");
    const counted = await db().selectFrom("experience_months").select("month").where("account_id", "=", account.id).execute();
    expect(counted.length).toBeGreaterThan(0);
  });
});

describe("scoring settings", () => {
  it("saves with the version the editor loaded, audits it, and refuses a stale version", async () => {
    const { admin } = await world();
    const other = await createUser(db(), { role: "admin", name: "Aarne Admin" });
    const first = await loadScoringSettings(db());
    const edited = { ...first.settings, weights: { ...first.settings.weights, predictability: 50 } };
    const saved = await db()
      .transaction()
      .execute((trx) => saveScoringSettings(trx, edited, first.version, admin.id));
    expect(saved).toMatchObject({ version: 1, settings: edited, updatedBy: admin.id });
    expect(await loadScoringSettings(db())).toMatchObject({ version: 1, settings: edited });

    // Someone who loaded version 0 before that save loses, and sees what is stored now.
    const stale = db()
      .transaction()
      .execute((trx) => saveScoringSettings(trx, { ...first.settings, dueSoonDays: 7 }, first.version, other.id));
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    const error = (await stale.catch((e: unknown) => e)) as ConflictError;
    expect(error.current).toMatchObject({ version: 1, weights: { predictability: 50 } });
    expect(error.changedBy).toBe("Aada Admin");

    const second = await db()
      .transaction()
      .execute((trx) => saveScoringSettings(trx, { ...edited, dueSoonDays: 7 }, 1, other.id));
    expect(second.version).toBe(2);
    const audit = await db()
      .selectFrom("audit_events")
      .selectAll()
      .where("entity", "=", "app_settings")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
      ["create", admin.id],
      ["update", other.id],
    ]);
    expect(audit[1]).toMatchObject({ before: { dueSoonDays: 14 }, after: { dueSoonDays: 7 } });
  });

  it("refuses settings that do not validate, writing nothing", async () => {
    const { admin } = await world();
    const bad = { ...DEFAULT_SCORING_SETTINGS, bands: { healthyFrom: 40, watchFrom: 60 } };
    await expect(
      db()
        .transaction()
        .execute((trx) => saveScoringSettings(trx, bad, 0, admin.id)),
    ).rejects.toThrow();
    expect(await loadScoringSettings(db())).toMatchObject({ version: 0, settings: DEFAULT_SCORING_SETTINGS });
  });
});
