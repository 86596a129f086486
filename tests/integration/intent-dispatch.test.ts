import { describe, expect, it } from "vitest";
import { action as expectationAction } from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as stakeholderAction } from "#app/routes/_app.accounts.$accountId_.committee.$stakeholderId.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createStakeholder, createUser } from "#tests/factories/index.ts";
import { formRequest, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Forms with several intents look the intent up in a table. A name every object
// has (valueOf, constructor, __proto__…) is no intent: a clear 400, never a 500.
// Found by the property-based tests (tests/integration/hostile-forms.test.ts).
const INHERITED = ["valueOf", "constructor", "__proto__", "toString", "hasOwnProperty"];

describe("intent names", () => {
  it("answers an inherited property name with 400 and changes nothing", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id });
    const person = await createStakeholder(db(), { account_id: account.id });
    const promise = await createExpectation(db(), { account_id: account.id });
    const cookie = await sessionCookieFor(kam.id);
    for (const intent of INHERITED) {
      const fields = { intent, version: "1", name: "X", title: "Y" };
      const onPerson = await run(stakeholderAction, formRequest(`/accounts/${account.id}/committee/${person.id}`, fields, cookie), {
        accountId: account.id,
        stakeholderId: person.id,
      });
      expect([intent, statusOf(onPerson)]).toEqual([intent, 400]);
      const onPromise = await run(expectationAction, formRequest(`/accounts/${account.id}/expectations/${promise.id}`, fields, cookie), {
        accountId: account.id,
        expectationId: promise.id,
      });
      expect([intent, statusOf(onPromise)]).toEqual([intent, 400]);
    }
    const events = await db().selectFrom("audit_events").select("id").where("actor_id", "=", kam.id).where("entity", "<>", "request").execute();
    expect(events).toEqual([]);
  });
});
