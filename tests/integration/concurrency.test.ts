import { describe, expect, it } from "vitest";
import { action as editAction } from "#app/routes/_app.accounts.$accountId_.edit.tsx";
import { PoolBusyError } from "#db/connection.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createUser } from "#tests/factories/index.ts";
import { formRequest, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

const form = {
  intent: "save",
  industry: "logistics",
  tier: "key",
  lifecycle_stage: "adoption",
  relationship_start: "2021-05-01",
  contract_value: "125000",
  currency: "EUR",
  renewal_date: "2027-04-30",
};

describe("fifty people saving the same version at once", () => {
  it("lets exactly one save win, tells every other of the conflict, and loses nothing", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id, name: "Original Oy" });
    const cookie = await sessionCookieFor(kam.id);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        run(editAction, formRequest(`/accounts/${account.id}/edit`, { ...form, name: `Save ${i} Oy`, version: "1" }, cookie), {
          accountId: account.id,
        }),
      ),
    );
    const statuses = results.map(statusOf);
    // On a server the pool has 10 connections and lets at most twice that many
    // requests wait for one; the rest are refused at once as busy (a 503 "try
    // again" through the server's wrapper), writing nothing. Every other save
    // that lost is told of the conflict.
    const busy = results.map((r) => r.thrown && r.value instanceof PoolBusyError);
    expect(results.filter((r, i) => r.thrown && !busy[i])).toEqual([]);
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s, i) => s === 409 && !busy[i]).length + busy.filter(Boolean).length).toBe(49);

    const winner = statuses.indexOf(302);
    const saved = await db().selectFrom("accounts").select(["name", "version"]).where("id", "=", account.id).executeTakeFirstOrThrow();
    expect(saved).toEqual({ name: `Save ${winner} Oy`, version: 2 });
    // Every loser still has what they typed, and is told the version to save over deliberately.
    for (const [i, r] of results.entries()) {
      if (i === winner || busy[i]) continue;
      const body = (r.value as { data: { result: { initialValue: Record<string, string> }; conflict: { version: number } } }).data;
      expect(body.result.initialValue.name).toBe(`Save ${i} Oy`);
      expect(body.conflict.version).toBe(2);
    }
    const audits = await db()
      .selectFrom("audit_events")
      .select("action")
      .where("entity", "=", "account")
      .where("entity_id", "=", account.id)
      .where("action", "=", "update")
      .execute();
    expect(audits).toHaveLength(1);
  });
});
