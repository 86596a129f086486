import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { calendarDate } from "#app/domain/time.ts";
import { createAccount, setAccountArchived, updateAccount } from "#app/models/account-changes.server.ts";
import {
  createStakeholder,
  markStakeholderLeft,
  setStakeholderRole,
  updateStakeholder,
} from "#app/models/stakeholder-changes.server.ts";
import { AccountCreateForm } from "#app/schemas/account.ts";
import { StakeholderCreateForm } from "#app/schemas/stakeholder.ts";
import { db, type Trx } from "#app/utils/db.server.ts";
import * as factories from "#tests/factories/index.ts";

// Every account and stakeholder write audits in the caller's transaction: when
// anything after the write fails — the audit row itself, or a later step —
// neither the change nor its audit row remains.

async function world() {
  const kam = await factories.createUser(db(), { role: "kam" });
  // Archiving is a director's (canArchiveAccount).
  const director = await factories.createUser(db(), { role: "director" });
  const account = await factories.createAccount(db(), { owner_id: kam.id, name: "Before Oy" });
  const person = await factories.createStakeholder(db(), { account_id: account.id, name: "Pia Person", committee_role: "champion" });
  return { kam, account, person, ctx: { actor: kam, ip: null }, directorCtx: { actor: director, ip: null } };
}
type W = Awaited<ReturnType<typeof world>>;

const accountInput = (name: string) =>
  AccountCreateForm.parse({ name, tier: "key", lifecycle_stage: "adoption", currency: "EUR" });
const personInput = (name: string) =>
  StakeholderCreateForm.parse({ name, influence: 3, stance: "neutral", committee_role: "user" });

/** The writes under test, each with the table row it changes. */
const WRITES: Record<string, (trx: Trx, w: W) => Promise<unknown>> = {
  "create account": (trx, w) => createAccount(trx, w.ctx, accountInput("Created Oy")),
  "update account": (trx, w) => updateAccount(trx, w.ctx, w.account.id, { ...accountInput("Renamed Oy"), version: 1 }),
  "archive account": (trx, w) => setAccountArchived(trx, w.directorCtx, w.account.id, true, 1),
  "create stakeholder": (trx, w) => createStakeholder(trx, w.ctx, w.account.id, personInput("New Person")),
  "update stakeholder": (trx, w) =>
    updateStakeholder(trx, w.ctx, w.account.id, w.person.id, { ...personInput("Renamed Person"), version: 1 }),
  "set role": (trx, w) => setStakeholderRole(trx, w.ctx, w.account.id, w.person.id, { committee_role: "blocker", version: 1 }),
  "mark left": (trx, w) =>
    markStakeholderLeft(trx, w.ctx, w.account.id, w.person.id, { version: 1, left_on: calendarDate(), note: "Moved on" }),
};

/** Everything these writes can touch, to compare before and after. */
async function state() {
  const [accounts, stakeholders, touchpoints, audits] = await Promise.all([
    db().selectFrom("accounts").select(["id", "name", "version", "archived_at"]).orderBy("name").execute(),
    db().selectFrom("stakeholders").select(["id", "name", "committee_role", "left_on", "version"]).orderBy("name").execute(),
    db().selectFrom("touchpoints").select("id").execute(),
    // In the order written (a heap returns rows in no set order: a test once saw the last first).
    db().selectFrom("audit_events").select(["entity", "action"]).orderBy("id").execute(),
  ]);
  return { accounts, stakeholders, touchpoints, audits };
}

describe("account and stakeholder writes audit in the same transaction", () => {
  for (const [name, write] of Object.entries(WRITES)) {
    it(`${name}: a failure after the write leaves neither the change nor its audit row`, async () => {
      const w = await world();
      const before = await state();
      expect(before.audits).toEqual([]);
      await expect(
        db()
          .transaction()
          .execute(async (trx) => {
            await write(trx, w);
            // Inside the transaction both are there…
            const audits = await trx.selectFrom("audit_events").select(["entity", "action"]).execute();
            expect(audits.length).toBeGreaterThan(0);
            throw new Error("a later step failed");
          }),
      ).rejects.toThrow("a later step failed");
      // …and after the rollback neither is.
      expect(await state()).toEqual(before);
    });

    it(`${name}: when the audit row cannot be written, the change is not kept`, async () => {
      const w = await world();
      const before = await state();
      await expect(
        db()
          .transaction()
          .execute(async (trx) => {
            // A trigger that refuses audit rows, created inside this transaction (and gone with it).
            await sql`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN RAISE EXCEPTION 'audit refused for the test'; END $$`.execute(trx);
            await sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_audit()`.execute(trx);
            await write(trx, w);
          }),
      ).rejects.toThrow(/audit refused/);
      expect(await state()).toEqual(before);
    });
  }

  it("keeps both when nothing fails", async () => {
    const w = await world();
    for (const name of ["create account", "update account", "set role"]) {
      await db().transaction().execute((trx) => WRITES[name]!(trx, w));
    }
    const after = await state();
    expect(after.accounts.map((a) => a.name)).toEqual(["Created Oy", "Renamed Oy"]);
    expect(after.stakeholders.map((s) => s.committee_role)).toEqual(["blocker"]);
    expect(after.audits.map((a) => `${a.entity}:${a.action}`)).toEqual(["account:create", "account:update", "stakeholder:set_role"]);
  });
});
