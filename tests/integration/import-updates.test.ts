import { describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { createAccount, createStakeholder, createUser } from "#tests/factories/index.ts";

// An updated file changes what it says, and only that: a touchpoint that is no
// longer an invoice loses its invoice, a case's new status is written, the
// participants are the file's; each changed touchpoint is a new version once.

const HEADER = "account;id;kind;when;title;participants;amount;due date;number;sla hours;status;resolved at";

describe("importing an updated touchpoints file", () => {
  it("changes kinds, facts and participants where the file says, and counts each row's fate", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id, external_id: "C-1" });
    const p1 = await createStakeholder(db(), { account_id: account.id, external_id: "P-1" });
    const p2 = await createStakeholder(db(), { account_id: account.id, external_id: "P-2" });
    const first = [
      HEADER,
      "C-1;T-1;meeting;3.1.2025;Review;;;;;;;",
      "C-1;T-2;support_case;4.1.2025 9.00;Login;P-1;;;;8;open;",
      "C-1;T-3;meeting;5.1.2025 10.00;Kick-off;P-1,P-2;;;;;;",
      "C-1;T-4;invoice;6.1.2025;Lasku 4;;50,00;5.2.2025;INV-4;;;",
    ].join("\n");
    expect(await runImport(kam, "touchpoints", first)).toMatchObject({ status: "done", inserted: 4, errors: [] });
    // As if the first file had come on 4 Jan 2025 at 10.00: the second may resolve T-2 at 15.00 that day
    // (never before the file that recorded it open: app/domain/support-case-rules.ts).
    await db().updateTable("touchpoints").set({ updated_at: new Date("2025-01-04T08:00:00Z") }).execute();

    const second = [
      HEADER,
      // A meeting may become an invoice; an invoice or a case never becomes anything else (touchpoint-fact-rules.ts).
      "C-1;T-1;invoice;3.1.2025;Lasku 1;;100,00;2.2.2025;INV-1;;;",
      "C-1;T-2;support_case;4.1.2025 9.00;Login;P-1;;;;8;resolved;4.1.2025 15.00",
      "C-1;T-3;meeting;5.1.2025 10.00;Kick-off;P-2;;;;;;",
      "C-1;T-4;invoice;6.1.2025;Lasku 4;;50,00;5.2.2025;INV-4;;;",
    ].join("\n");
    const updated = await runImport(kam, "touchpoints", second);
    expect(updated).toMatchObject({ status: "done", inserted: 0, updated: 3, unchanged: 1, errors: [] });

    const rows = await db().selectFrom("touchpoints").select(["id", "external_id", "kind", "title", "version"]).orderBy("external_id").execute();
    expect(rows.map(({ external_id, kind, title, version }) => ({ external_id, kind, title, version }))).toEqual([
      { external_id: "T-1", kind: "invoice", title: "Lasku 1", version: 2 },
      // Only its case changed: a new version all the same (an open editor must not overwrite it).
      { external_id: "T-2", kind: "support_case", title: "Login", version: 2 },
      // Only its participants changed.
      { external_id: "T-3", kind: "meeting", title: "Kick-off", version: 2 },
      { external_id: "T-4", kind: "invoice", title: "Lasku 4", version: 1 },
    ]);
    const id = (ext: string) => rows.find((r) => r.external_id === ext)!.id;
    const invoices = await db().selectFrom("touchpoint_invoices").select(["touchpoint_id", "number"]).orderBy("number").execute();
    expect(invoices).toEqual([
      { touchpoint_id: id("T-1"), number: "INV-1" },
      { touchpoint_id: id("T-4"), number: "INV-4" },
    ]);
    const cases = await db().selectFrom("touchpoint_support_cases").select(["touchpoint_id", "status", "resolved_at"]).execute();
    expect(cases).toEqual([{ touchpoint_id: id("T-2"), status: "resolved", resolved_at: new Date("2025-01-04T13:00:00Z") }]);
    const people = await db().selectFrom("touchpoint_stakeholders").select(["touchpoint_id", "stakeholder_id"]).execute();
    expect(people.map((p) => `${p.touchpoint_id}:${p.stakeholder_id}`).sort()).toEqual(
      [`${id("T-2")}:${p1.id}`, `${id("T-3")}:${p2.id}`].sort(),
    );
    const audit = await db().selectFrom("audit_events").select(["action", "after"]).where("entity_id", "=", updated.id).execute();
    expect(audit).toEqual([{ action: "import_touchpoints", after: { file_name: "touchpoints.csv", inserted: 0, updated: 3 } }]);
  });
});
