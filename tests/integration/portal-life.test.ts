import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { acceptInvitation, createInvitation } from "#app/models/portal-access.server.ts";
import { respondToDelivery } from "#app/models/portal-actions.server.ts";
import { withPortalWrite } from "#app/models/portal-scope.server.ts";
import { loader as accessLoader } from "#app/routes/_app.accounts.$accountId_.portal-access.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor } from "#tests/setup/requests.ts";

// Portal life on the account's portal-access page: per portal user, invited /
// last signed in / actions taken; per account, deliveries awaiting the
// customer's confirmation and since when.

const today = calendarDate();
const day = (n: number) => addDays(today, n);

describe("portal life, for the KAM", () => {
  it("shows each portal user's invitation, last sign-in and actions, and the deliveries awaiting confirmation", async () => {
    const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
    const account = await createAccount(db(), { owner_id: kam.id, name: "Aalto Freight Oy" });
    const invitee = await createStakeholder(db(), { account_id: account.id, name: "Iris Invited", email: "iris@aalto.example" });
    const quiet = await createStakeholder(db(), { account_id: account.id, name: "Quentin Quiet" });
    const quietUser = await createPortalUser(db(), account.id, quiet.id);
    const delivered = (title: string, deliveredOn: string) =>
      createExpectation(db(), { account_id: account.id, title, due_date: deliveredOn, status: "resolved", outcome: "kept", delivered_on: deliveredOn });
    const first = await delivered("Route planner", day(-20));
    await delivered("Driver training", day(-6));
    await delivered("Dock sensors", day(-3));

    // Iris is invited and accepts (a session: her sign-in), then confirms one delivery.
    const { token } = await db()
      .transaction()
      .execute((trx) => createInvitation(trx, { actor: { id: kam.id, role: "kam" } }, account.id, invitee.id));
    const accepted = await db()
      .transaction()
      .execute((trx) => acceptInvitation(trx, token, "a long enough portal passphrase", { locale: "en" }));
    const irisId = accepted.userId;
    await withPortalWrite(account.id, (trx) =>
      respondToDelivery(trx, { userId: irisId, accountId: account.id, stakeholderId: invitee.id }, {
        expectation_id: first.id,
        version: first.version,
        response: "confirmed",
        comment: "",
      }),
    );

    const page = await run(accessLoader, request(`/accounts/${account.id}/portal-access`, { cookie: await sessionCookieFor(kam.id) }), {
      accountId: account.id,
    });
    const data = page.value as {
      life: { user_id: string; invited_at: unknown; last_sign_in_at: unknown; actions: number; last_action: string | null; last_action_at: unknown }[];
      awaiting: { count: number; oldest: string | null };
    };
    // Two deliveries still wait; the oldest since six days ago.
    expect(data.awaiting).toEqual({ count: 2, oldest: day(-6) });
    const iris = data.life.find((l) => l.user_id === irisId)!;
    expect(iris.invited_at).not.toBeNull();
    expect(iris.last_sign_in_at).not.toBeNull();
    expect(iris).toMatchObject({ actions: 1, last_action: "portalTouchpoint.confirmed" });
    expect(iris.last_action_at).not.toBeNull();
    const q = data.life.find((l) => l.user_id === quietUser.id)!;
    expect(q).toMatchObject({ invited_at: null, last_sign_in_at: null, actions: 0, last_action: null, last_action_at: null });
  });
});
