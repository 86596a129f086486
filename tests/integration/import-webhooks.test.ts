import { describe, expect, it } from "vitest";
import { createWebhookEndpoint } from "#app/models/webhooks.server.ts";
import { db } from "#app/utils/db.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { createAccount, createUser } from "#tests/factories/index.ts";

// A CSV import sends the webhook events the forms send for the same changes,
// written by the import's own transaction: a touchpoint the file adds is
// logged; an expectation it resolves is delivered; a re-plan it carries is a re-plan.
// Rows that change nothing send nothing.

async function world() {
  const admin = await createUser(db(), { role: "admin" });
  const kam = await createUser(db(), { role: "kam" });
  const acme = await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-100" });
  await db()
    .transaction()
    .execute((trx) =>
      createWebhookEndpoint(trx, { actor: admin }, {
        url: "https://crm.example/hooks",
        description: "CRM",
        events: ["touchpoint.logged", "expectation.delivered", "expectation.replanned"],
      }),
    );
  return { admin, kam, acme };
}

const events = async () =>
  (await db().selectFrom("webhook_deliveries").select(["event_type", "payload"]).orderBy("created_at").orderBy("id").execute()).map((d) => ({
    type: d.event_type,
    payload: d.payload as { account: { external_id: string }; data: Record<string, Record<string, unknown>> },
  }));

describe("CSV imports and webhooks", () => {
  it("logs each touchpoint the file adds, once", async () => {
    const { kam } = await world();
    const file = ["account;id;kind;date;title", "C-100;T-1;meeting;2.11.2026;Kickoff", "C-100;T-2;call;3.11.2026;Follow-up"].join("\n");
    expect(await runImport(kam, "touchpoints", file)).toMatchObject({ status: "done", inserted: 2 });
    const sent = await events();
    expect(sent.map((e) => e.type)).toEqual(["touchpoint.logged", "touchpoint.logged"]);
    expect(sent.map((e) => e.payload.data.touchpoint!.external_id).sort()).toEqual(["T-1", "T-2"]);
    expect(sent[0]!.payload.account.external_id).toBe("C-100");
    // The same file again changes nothing and sends nothing.
    expect(await runImport(kam, "touchpoints", file)).toMatchObject({ status: "done", inserted: 0 });
    expect(await events()).toHaveLength(2);
  });

  it("delivers an expectation the file resolves, and only when it was open", async () => {
    const { kam } = await world();
    const open = ["account;id;title;due date;outcome;delivered on", "C-100;E-1;Monthly report;31.1.2025;;", "C-100;E-2;Kept at once;31.1.2025;kept;30.1.2025"].join("\n");
    expect(await runImport(kam, "expectations", open)).toMatchObject({ status: "done", inserted: 2 });
    expect((await events()).map((e) => [e.type, e.payload.data.expectation!.external_id])).toEqual([["expectation.delivered", "E-2"]]);
    const resolved = ["account;id;title;due date;outcome;delivered on", "C-100;E-1;Monthly report;31.1.2025;late;2.2.2025", "C-100;E-2;Kept at once;31.1.2025;kept;30.1.2025"].join("\n");
    await runImport(kam, "expectations", resolved);
    const sent = await events();
    expect(sent.map((e) => [e.type, e.payload.data.expectation!.external_id])).toEqual([
      ["expectation.delivered", "E-2"],
      ["expectation.delivered", "E-1"],
    ]);
    expect(sent[1]!.payload.data.delivery).toEqual({ outcome: "late", delivered_on: "2025-02-02", note: "" });
  });

  it("re-plans an expectation the file moves with a reason", async () => {
    const { kam } = await world();
    await runImport(kam, "expectations", ["account;id;title;due date", "C-100;E-1;Steel delivery;2099-03-31"].join("\n"));
    const moved = await runImport(
      kam,
      "expectations",
      ["account;id;title;due date;replan reason", "C-100;E-1;Steel delivery;2099-04-30;Supplier late"].join("\n"),
      { mapping: { replan_reason: "replan reason" } },
    );
    expect(moved).toMatchObject({ status: "done", updated: 1 });
    const sent = await events();
    expect(sent.map((e) => e.type)).toEqual(["expectation.replanned"]);
    expect(sent[0]!.payload.data.replan).toMatchObject({ from_due_date: "2099-03-31", to_due_date: "2099-04-30", reason: "Supplier late" });
  });
});
