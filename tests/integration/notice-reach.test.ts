import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { saveMailPreferences } from "#app/models/mail-preferences.server.ts";
import { endLiveAccess } from "#app/models/portal-access.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { action as detailAction } from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as replanAction } from "#app/routes/api.v1.accounts.$externalId.expectations.$expectationId.replans.ts";
import { action as commitmentsAction, loader as commitmentsLoader } from "#app/routes/portal.commitments.tsx";
import { db } from "#app/utils/db.server.ts";
import { createMigrator } from "#db/migrator.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { apiCall, formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// A re-plan "the customer was told" is put before the customer on every path
// (the form, the API, the import): a notice mail to every live portal user of
// the account, whatever day the re-plan states. Unanswered, it stands only if
// it reached one of them, `contestDays` (14) after that; with nobody to see it,
// it never stands, so the KAM cannot make a late delivery look announced by
// choosing a holder without portal access or ending the access first
// (app/domain/notice.ts).

const today = calendarDate();
const day = (n: number) => addDays(today, n);
const PATHS = ["form", "api", "import"] as const;
type Path = (typeof PATHS)[number];

beforeEach(() => apiRateLimit.reset());

async function world(code: string) {
  const admin = await createUser(db(), { role: "admin" });
  const kam = { ...(await createUser(db(), { role: "kam", name: `KAM ${code}` })), role: "kam" as const };
  const account = await createAccount(db(), { owner_id: kam.id, name: `Reach ${code} Oy`, external_id: `C-${code}` });
  // The KAM makes the holder someone without portal access.
  const holder = await createStakeholder(db(), { account_id: account.id, name: "Nina No-Portal", committee_role: "decision_maker" });
  const champion = await createStakeholder(db(), { account_id: account.id, name: "Chris Champion", committee_role: "champion" });
  const buyer = await createStakeholder(db(), { account_id: account.id, name: "Bea Buyer", committee_role: "economic_buyer" });
  const former = await createStakeholder(db(), { account_id: account.id, name: "Fred Former" });
  const off = await createStakeholder(db(), { account_id: account.id, name: "Dora Disabled" });
  const users = {
    champion: await createPortalUser(db(), account.id, champion.id),
    buyer: await createPortalUser(db(), account.id, buyer.id),
    former: await createPortalUser(db(), account.id, former.id),
    disabled: await createPortalUser(db(), account.id, off.id),
  };
  await db()
    .transaction()
    .execute((trx) => endLiveAccess(trx, { actor: kam }, account.id, { user_id: users.former.id }));
  await db().updateTable("users").set({ disabled_at: new Date() }).where("id", "=", users.disabled.id).execute();
  const { token } = await db()
    .transaction()
    .execute((trx) => createApiToken(trx, admin, { name: "ERP", scope: "read_write" }));
  return { kam, account, holder, champion, buyer, users, token, code };
}
type W = Awaited<ReturnType<typeof world>>;

/** The KAM ends every portal access of the account: nobody at the customer can see anything. */
async function endAllAccess(w: W) {
  for (const s of [w.champion, w.buyer]) {
    await db()
      .transaction()
      .execute((trx) => endLiveAccess(trx, { actor: w.kam }, w.account.id, { stakeholder_id: s.id }));
  }
}

const TITLE = "Dock sensors";

/**
 * An important commitment due five days ago, held by the stakeholder without
 * portal access, re-planned "the customer was told" ten days ago (the form:
 * re-planned today; the API and the import: back-dated to eleven days ago) to
 * ten days from now, through `path`. Returns the re-plan's row.
 */
async function replanThrough(path: Path, w: W, csv?: string[]) {
  if (path === "import") {
    const file = csv ?? importFile(w);
    await runImport(w.kam, "expectations", file[0]!);
    const job = await runImport(w.kam, "expectations", file[1]!);
    expect(job).toMatchObject({ status: "done", updated: 1, rejected: 0 });
  } else {
    const e = await createExpectation(db(), {
      account_id: w.account.id,
      external_id: "E1",
      title: TITLE,
      importance: 3,
      due_date: day(-5),
      holder_stakeholder_id: w.holder.id,
    });
    if (path === "form") {
      const fields = {
        intent: "replan",
        version: String(e.version),
        due_date: day(10),
        reason: "Supplier delay",
        customer_notified: "on",
        customer_notified_on: day(-10),
      };
      const res = await run(
        detailAction,
        formRequest(`/accounts/${w.account.id}/expectations/${e.id}`, fields, await sessionCookieFor(w.kam.id)),
        { accountId: w.account.id, expectationId: e.id },
      );
      expect(statusOf(res)).toBe(302);
    } else {
      const body = { due_date: day(10), reason: "Supplier delay", customer_notified: true, customer_notified_on: day(-11), replanned_on: day(-11) };
      const params = { externalId: `C-${w.code}`, expectationId: "E1" };
      const res = await apiCall(replanAction, "POST", `/api/v1/accounts/C-${w.code}/expectations/E1/replans`, w.token, body, params);
      expect(res.status).toBe(201);
    }
  }
  return db()
    .selectFrom("expectation_changes as c")
    .innerJoin("expectations as e", "e.id", "c.expectation_id")
    .select(["c.id", "c.expectation_id", "c.notice_reached_at", "c.notice_reach_unknown", "c.at"])
    .where("c.account_id", "=", w.account.id)
    .where("c.kind", "=", "replanned")
    .where("e.title", "=", TITLE)
    .executeTakeFirstOrThrow();
}

/** The import's two files: the commitment as first recorded, then the row that re-plans it (back-dated, told eleven days ago). */
function importFile(w: W): [string, string] {
  return [
    ["account;id;title;importance;due date", `C-${w.code};E1;${TITLE};3;${day(-5)}`].join("\n"),
    [
      "account;id;title;importance;due date;replan reason;replanned on;customer notified on",
      `C-${w.code};E1;${TITLE};3;${day(10)};Supplier delay;${day(-11)};${day(-11)}`,
    ].join("\n"),
  ];
}

/** Who got a notice mail of the account, sorted. */
async function noticeMails(w: W) {
  const rows = await db()
    .selectFrom("outbox_messages")
    .select(["recipient_user_id", "subject"])
    .where("account_id", "=", w.account.id)
    .where("kind", "=", "replan_notice")
    .execute();
  return rows.map((r) => r.recipient_user_id).sort();
}

/** Time passes: the re-plan was recorded (and its notice mailed, if it was) `days` days earlier; rescored as the daily refresher would. */
async function daysPass(w: W, replanId: string, days: number) {
  await sql`update expectation_changes set at = at - make_interval(days => ${days}),
    notice_reached_at = notice_reached_at - make_interval(days => ${days}) where id = ${replanId}::uuid`.execute(db());
  await db()
    .transaction()
    .execute((trx) => refreshAccountScores(trx, w.account.id));
}

/** The commitment's stored verdict and promised date. */
async function standing(expectationId: string) {
  const v = await db()
    .selectFrom("expectation_verdicts")
    .select(["verdict", "reason"])
    .where("expectation_id", "=", expectationId)
    .executeTakeFirst();
  const { promised_date } = await db().selectFrom("expectations").select("promised_date").where("id", "=", expectationId).executeTakeFirstOrThrow();
  return { verdict: v ? `${v.verdict}:${v.reason ?? ""}` : "not_due", promised: promised_date };
}

const sorted = (...ids: string[]) => [...ids].sort();

/** A page as rendered, without its scripts (they carry the page's whole message catalogue). */
async function page(path: string, cookie: string) {
  const html = await (await handle(request(path, { cookie }))).text();
  return html.replace(/<script[\s\S]*?<\/script>/g, "");
}

describe.each(PATHS)("a re-plan's notice through the %s", (path) => {
  it("is mailed to every live portal user of the account (not only the holder's), whatever day the re-plan states", async () => {
    const w = await world(`${path.toUpperCase()}1`);
    const replan = await replanThrough(path, w);
    // The champion and the buyer; not the holder (no access), the former user (access ended) nor the disabled one.
    expect(await noticeMails(w)).toEqual(sorted(w.users.champion.id, w.users.buyer.id));
    expect(replan.notice_reached_at).toBeInstanceOf(Date);
    expect(replan.notice_reach_unknown).toBe(false);
    const body = await db()
      .selectFrom("outbox_messages")
      .select("text_body")
      .where("recipient_user_id", "=", w.users.buyer.id)
      .where("kind", "=", "replan_notice")
      .executeTakeFirstOrThrow();
    expect(body.text_body).toContain("We have recorded that you were told of this on");
  });

  it("with one portal user reached, an unanswered notice stands contestDays (14) after the mail", async () => {
    const w = await world(`${path.toUpperCase()}2`);
    await db()
      .transaction()
      .execute((trx) => endLiveAccess(trx, { actor: w.kam }, w.account.id, { stakeholder_id: w.buyer.id }));
    const replan = await replanThrough(path, w);
    expect(await noticeMails(w)).toEqual([w.users.champion.id]);
    // Awaiting: the date the customer expected (five days ago) stays the promise, passed: overdue.
    expect(await standing(replan.expectation_id)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });
    await daysPass(w, replan.id, 13);
    expect(await standing(replan.expectation_id)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });
    await daysPass(w, replan.id, 1);
    // Fourteen days after the mail, uncontested: the notice stands, the promise is the new date.
    expect(await standing(replan.expectation_id)).toEqual({ verdict: "not_due", promised: day(10) });
  });

  it("with no portal user to see it, the notice never stands and the overdue surprise stays (until the customer confirms)", async () => {
    const w = await world(`${path.toUpperCase()}3`);
    await endAllAccess(w);
    const replan = await replanThrough(path, w);
    expect(await noticeMails(w)).toEqual([]);
    expect(replan.notice_reached_at).toBeNull();
    expect(await standing(replan.expectation_id)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });
    // A month on, nobody having answered: still the surprise it was.
    await daysPass(w, replan.id, 30);
    expect(await standing(replan.expectation_id)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });
    await daysPass(w, replan.id, 60);
    expect(await standing(replan.expectation_id)).toEqual({ verdict: "surprise:overdue", promised: day(-5) });

    // Someone invited later sees it in the portal, to check: it counts once they confirm it.
    const newcomer = await createPortalUser(db(), w.account.id, w.holder.id);
    const cookie = await sessionCookieFor(newcomer.id);
    const page = await run(commitmentsLoader, request("/portal/commitments", { cookie }), {});
    const notices = (page.value as { notices: { replanId: string; state: string; answerable: string[] }[] }).notices;
    expect(notices).toEqual([expect.objectContaining({ replanId: replan.id, state: "unreachable", answerable: ["confirmed", "contested"] })]);
    const fields = { intent: "notice", replan_id: replan.id, answer: "confirmed", note: "" };
    expect(statusOf(await run(commitmentsAction, formRequest("/portal/commitments", fields, cookie), {}))).toBe(302);
    expect(await standing(replan.expectation_id)).toEqual({ verdict: "not_due", promised: day(10) });
  });
});

describe("notice reach, shown and repeated", () => {
  it("an import run again records nothing new and mails nobody again", async () => {
    const w = await world("AGAIN");
    const file = importFile(w);
    await replanThrough("import", w, file);
    const mails = await noticeMails(w);
    expect(mails).toHaveLength(2);
    const again = await runImport(w.kam, "expectations", file[1]);
    expect(again).toMatchObject({ status: "done", rejected: 0 });
    expect(await noticeMails(w)).toEqual(mails);
    const replans = await db().selectFrom("expectation_changes").select("id").where("account_id", "=", w.account.id).where("kind", "=", "replanned").execute();
    expect(replans).toHaveLength(1);
  });

  it("a portal user who turned re-plan mail off reads the notice in the portal: no mail, but it reached them", async () => {
    const w = await world("OPTOUT");
    await db()
      .transaction()
      .execute((trx) => endLiveAccess(trx, { actor: w.kam }, w.account.id, { stakeholder_id: w.buyer.id }));
    await db()
      .transaction()
      .execute((trx) => saveMailPreferences(trx, { user: { ...w.users.champion, role: "customer" } }, { replan_notice: "off" }));
    const replan = await replanThrough("api", w);
    expect(await noticeMails(w)).toEqual([]);
    expect(replan.notice_reached_at).toBeInstanceOf(Date);
    await daysPass(w, replan.id, 14);
    expect(await standing(replan.expectation_id)).toEqual({ verdict: "not_due", promised: day(10) });
  });

  it("the KAM's pages say who a notice reaches, and that one nobody could see counts only once confirmed", async () => {
    const w = await world("PAGES");
    await endAllAccess(w);
    const replan = await replanThrough("form", w);
    const cookie = await sessionCookieFor(w.kam.id);
    const shown = await page(`/accounts/${w.account.id}/expectations/${replan.expectation_id}`, cookie);
    expect(shown).toContain("No portal user of the customer could see this notice when it was recorded");
    expect(shown).toContain("Until the customer confirms it, the date they were expecting");
    // An open one still offers the re-plan form, which says nobody would see a notice now.
    expect(shown).toContain("Nobody at this customer has portal access. A notice counts only once the customer can see it in the portal");
    const ledger = await page(`/accounts/${w.account.id}/expectations`, cookie);
    expect(ledger).toContain("notice not seen by the customer (no portal user)");
    // Forty days on (long past any contest period), a portal user invited later is asked to check it,
    // and told it counts only once they confirm it.
    await daysPass(w, replan.id, 40);
    const newcomer = await sessionCookieFor((await createPortalUser(db(), w.account.id, w.holder.id)).id);
    const home = await page("/portal", newcomer);
    expect(home).toContain('data-testid="portal-notices-to-check"');
    expect(home).toContain("We moved a date and say we told you: please check that we did.");
    const commitments = await page("/portal/commitments", newcomer);
    expect(commitments).toContain("We could not show you this in the portal when we made the change");
    expect(commitments).toContain("unless you confirm our notice of the move to");

    // With portal users, the form says the notice is mailed to them; the history says when it went.
    const v = await world("PAGES2");
    const mailed = await replanThrough("form", v);
    const cookie2 = await sessionCookieFor(v.kam.id);
    const page2 = await page(`/accounts/${v.account.id}/expectations/${mailed.expectation_id}`, cookie2);
    expect(page2).toContain("Kohtaamo sent the notice to the customer&#x27;s portal users on");
    expect(page2).toContain("Kohtaamo mails the notice to the account&#x27;s 2 portal users");
    expect(page2).toContain("Awaiting the customer&#x27;s answer in the portal");
  });
});

describe("re-plans recorded before Kohtaamo kept whether a notice reached anyone", () => {
  it("reached when their own transaction mailed a portal user of the account; otherwise unknown and judged as before", async () => {
    const migrator = createMigrator(db());
    expect((await migrator.migrateTo("20261213_0920_portal_stored_predictability")).error).toBeUndefined();
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id });
    const stakeholder = await createStakeholder(db(), { account_id: account.id });
    const customer = await createPortalUser(db(), account.id, stakeholder.id);
    const e = await createExpectation(db(), { account_id: account.id, due_date: "2026-03-10" });
    const replan = async (at: string, notified: boolean) => {
      const { rows } = await sql<{ id: string }>`
        insert into expectation_changes (account_id, expectation_id, kind, from_due_date, to_due_date, reason,
          customer_notified, replanned_on, customer_notified_on, actor_id, at)
        values (${account.id}, ${e.id}, 'replanned', '2026-03-10', '2026-03-20', 'why', ${notified}, ${at.slice(0, 10)},
          ${notified ? at.slice(0, 10) : null}, ${kam.id}, ${at})
        returning id`.execute(db());
      return rows[0]!.id;
    };
    const mail = (at: string) => sql`
      insert into outbox_messages (kind, recipient_user_id, account_id, to_address, locale, subject, text_body, html_body, created_at)
      values ('replan_notice', ${customer.id}, ${account.id}, 'c@example.com', 'en', 'New date', 'x', 'x', ${at})`.execute(db());
    const mailed = await replan("2026-03-01T09:00:00Z", true);
    await mail("2026-03-01T09:00:02Z");
    const unmailed = await replan("2026-03-02T09:00:00Z", true);
    // A mail an hour later belongs to something else.
    await mail("2026-03-02T10:00:00Z");
    const silent = await replan("2026-03-03T09:00:00Z", false);
    await mail("2026-03-03T09:00:01Z");

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const rows = await db()
      .selectFrom("expectation_changes")
      .select(["id", "notice_reached_at", "notice_reach_unknown"])
      .where("kind", "=", "replanned")
      .where("expectation_id", "=", e.id)
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.notice_reached_at?.toISOString() ?? null, r.notice_reach_unknown]]))).toEqual({
      // The instant it was recorded, so it is judged exactly as before.
      [mailed]: ["2026-03-01T09:00:00.000Z", false],
      [unmailed]: [null, true],
      [silent]: [null, false],
    });
    // The columns hold only on a re-plan with notice.
    await expect(
      sql`update expectation_changes set notice_reach_unknown = true where id = ${silent}::uuid`.execute(db()),
    ).rejects.toMatchObject({ code: "23514" });
  });
});
