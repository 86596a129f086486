import { describe, expect, it } from "vitest";
import { listCommittee } from "#app/models/stakeholders.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";

// A person's last portal activity (app/models/portal-activity.server.ts) is read
// from the account's portal touchpoints the person took part in: these pin which
// touchpoints count, since the read starts from the portal ones (an index).

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 12));

async function linked(accountId: string, stakeholderId: string, source: "portal" | "internal", at: Date) {
  const t = await createTouchpoint(db(), { account_id: accountId, source, occurred_at: at });
  await db()
    .insertInto("touchpoint_stakeholders")
    .values({ account_id: accountId, touchpoint_id: t.id, stakeholder_id: stakeholderId, occurred_at: at })
    .execute();
}

describe("a person's last portal activity", () => {
  it("is their latest portal touchpoint, not a later internal one nor a colleague's", async () => {
    const owner = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: owner.id });
    const other = await createAccount(db(), { owner_id: owner.id });
    const anna = await createStakeholder(db(), { account_id: account.id, name: "Anna" });
    const ben = await createStakeholder(db(), { account_id: account.id, name: "Ben" });
    const stranger = await createStakeholder(db(), { account_id: other.id, name: "Cecilia" });
    await linked(account.id, anna.id, "portal", day(3));
    await linked(account.id, anna.id, "portal", day(9));
    await linked(account.id, anna.id, "internal", day(20));
    await linked(account.id, ben.id, "portal", day(25)); // Ben's, not Anna's
    await linked(account.id, ben.id, "internal", day(26));
    await linked(other.id, stranger.id, "portal", day(28)); // another account's
    await createTouchpoint(db(), { account_id: account.id, source: "portal", occurred_at: day(27) }); // nobody's

    const rows = await listCommittee(db(), account.id, { npsSince: day(1), now: day(30) });
    const activity = (id: string) => {
      const value = rows.find((r) => r.id === id)!.last_portal_activity;
      return value == null ? null : new Date(value).toISOString();
    };
    expect(activity(anna.id)).toBe(day(9).toISOString());
    expect(activity(ben.id)).toBe(day(25).toISOString());

    const none = await createStakeholder(db(), { account_id: account.id, name: "Dora" });
    await linked(account.id, none.id, "internal", day(10));
    const again = await listCommittee(db(), account.id, { npsSince: day(1), now: day(30) });
    expect(again.find((r) => r.id === none.id)!.last_portal_activity).toBeNull();
  });
});
