import type { KyselyPlugin } from "kysely";
import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { loader as portalLayoutLoader } from "#app/routes/portal.tsx";
import { loader as portalHomeLoader } from "#app/routes/portal._index.tsx";
import { database, db, replaceDatabase } from "#app/utils/db.server.ts";
import {
  createAccount,
  createExpectation,
  createPortalUser,
  createStakeholder,
  createTouchpoint,
  createUser,
} from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Every statement a page sends costs the server CPU (building it, the round
// trip, reading its rows: bench/RESULTS.md, stops 40 and 42), so reads a page
// makes together are sent together. These count what the portal home and the
// account page send for the reads merged at stop 42.

/** What `f` returns, and each statement it sent (its query tree as JSON; the app's database records them meanwhile). */
async function recordingStatements<T>(f: () => Promise<T>) {
  const current = database();
  const statements: string[] = [];
  const recorder: KyselyPlugin = {
    transformQuery(args) {
      statements.push(JSON.stringify(args.node));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  replaceDatabase({ ...current, db: current.db.withPlugin(recorder) });
  try {
    return { value: await f(), statements };
  } finally {
    replaceDatabase(current);
  }
}

const naming = (statements: string[], ...names: string[]) =>
  statements.filter((s) => names.every((name) => s.includes(name)));

describe("the statements a page sends", () => {
  it("portal home: the access read once for layout and page, the scope in two statements, the notices and the timeline's facts in one each", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id });
    const person = await createStakeholder(db(), { account_id: account.id });
    const customer = await createPortalUser(db(), account.id, person.id);
    const invoice = await createTouchpoint(db(), {
      account_id: account.id,
      kind: "invoice",
      shared_with_customer: true,
    });
    await db()
      .insertInto("touchpoint_invoices")
      .values({
        account_id: account.id,
        touchpoint_id: invoice.id,
        number: "INV-1",
        amount: "10.00",
        due_date: calendarDate(),
      })
      .execute();
    const cookie = await sessionCookieFor(customer.id);
    // The server stamps each incoming request with its id; Remix hands each loader its own copy.
    const page = () => request("/portal", { cookie, headers: { "X-Kohtaamo-Request-Id": "portal-page-1" } });

    const { value, statements } = await recordingStatements(() =>
      Promise.all([run(portalLayoutLoader, page()), run(portalHomeLoader, page())]),
    );
    expect(value.map(statusOf)).toEqual([200, 200]);
    expect(naming(statements, `"portal_access"`)).toHaveLength(1);
    // Opened (with the portal's role) in one statement, closed in one; the role ends with the transaction.
    expect(statements.filter((s) => /portal_scope|ROLE/.test(s))).toHaveLength(2);
    // The home counts the notices awaiting an answer: the recent re-plans only.
    expect(naming(statements, `"expectation_changes"`)).toHaveLength(1);
    // The shared timeline's invoice and case facts, in one statement.
    expect(naming(statements, `"touchpoint_invoices"`, `"touchpoint_support_cases"`)).toHaveLength(1);
  });

  it("account page: the stored scores and the health chart's days in one statement", async () => {
    const owner = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: owner.id });
    const dm = await createStakeholder(db(), { account_id: account.id, committee_role: "decision_maker" });
    await createExpectation(db(), {
      account_id: account.id,
      holder_stakeholder_id: dm.id,
      due_date: addDays(calendarDate(), -10),
    });
    await db()
      .transaction()
      .execute((trx) => refreshAccountScores(trx, account.id));
    const cookie = await sessionCookieFor(owner.id);

    const { value, statements } = await recordingStatements(() =>
      run(accountLoader, request(`/accounts/${account.id}`, { cookie }), { accountId: account.id }),
    );
    expect(statusOf(value)).toBe(200);
    const [chart, ...more] = naming(statements, `"health_snapshots"`);
    expect(more).toHaveLength(0);
    expect(chart).toContain(`"account_scores"`);
    const data = value.value as { health: { scores: { band: string } | null; trend: { day: string; band: string }[] } };
    expect(data.health.trend).toEqual([
      expect.objectContaining({ day: calendarDate(), band: data.health.scores!.band }),
    ]);
  });
});
