import { describe, expect, it } from "vitest";
import { updateStakeholder } from "#app/models/stakeholder-changes.server.ts";
import { action as detailAction } from "#app/routes/_app.accounts.$accountId_.committee.$stakeholderId.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createUser } from "#tests/factories/index.ts";
import { formRequest, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Two re-links of the reports-to chain at once, on a real server: the first holds
// its transaction open while the second arrives. (PGlite is one connection, so
// writes never overlap there; this file runs only with TEST_DATABASE_URL, see
// tests/vitest.config.ts.) Zed → Ann would close Zed → Ann → Eve → Zed once
// Ann → Eve is saved; the row locks alone would not stop it (the second locks
// only Zed and waits on Ann's key after its check), the account lock does.

async function world() {
  const owner = await createUser(db(), { role: "kam", name: "Olli Owner" });
  const director = await createUser(db(), { role: "director", name: "Dana Director" });
  const account = await createAccount(db(), { owner_id: owner.id, name: "Kestilä Logistics Oy" });
  const analyst = await createStakeholder(db(), {
    account_id: account.id,
    name: "Ann Analyst",
    committee_role: "influencer",
    influence: 2,
  });
  return { owner, director, account, analyst };
}

async function act(userId: string, accountId: string, stakeholderId: string, fields: Record<string, string>) {
  return run(
    detailAction,
    formRequest(`/accounts/${accountId}/committee/${stakeholderId}`, fields, await sessionCookieFor(userId)),
    {
      accountId,
      stakeholderId,
    },
  );
}

const row = (id: string) => db().selectFrom("stakeholders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
type Reply = { result: { error?: Record<string, string[] | null> } };
const body = (res: { value: unknown }) => (res.value as { data: Reply }).data;

describe("two concurrent re-links of the committee", () => {
  it("makes the second wait for the first, then sees the loop it would close", async () => {
    const { owner, director, account, analyst } = await world();
    const zed = await createStakeholder(db(), { account_id: account.id, name: "Zed Zenith", committee_role: "user" });
    const eve = await createStakeholder(db(), {
      account_id: account.id,
      name: "Eve Evaluator",
      reports_to_id: zed.id,
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let linked!: () => void;
    const hasLinked = new Promise<void>((resolve) => (linked = resolve));
    const first = db()
      .transaction()
      .execute(async (trx) => {
        await updateStakeholder(trx, { actor: owner }, account.id, analyst.id, {
          name: "Ann Analyst",
          title: "Director",
          committee_role: "influencer",
          influence: 2,
          stance: "neutral",
          reports_to_id: eve.id,
          version: 1,
        });
        linked();
        await held;
      });
    await hasLinked;
    const second = act(director.id, account.id, zed.id, {
      intent: "edit",
      version: "1",
      name: "Zed Zenith",
      title: "Director",
      committee_role: "user",
      influence: "3",
      stance: "neutral",
      reports_to_id: analyst.id,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await first;
    const res = await second;
    expect(statusOf(res)).toBe(400);
    expect(body(res).result.error!.reports_to_id![0]).toMatch(/loop/);
    expect(await row(zed.id)).toMatchObject({ reports_to_id: null, version: 1 });
  });
});
