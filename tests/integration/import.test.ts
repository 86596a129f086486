import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { ColumnMapping } from "#app/domain/import/fields.ts";
import {
  createImportJob,
  getImportJob,
  previewImport,
  saveImportMapping,
} from "#app/models/import/jobs.server.ts";
import { processNextImportJob } from "#app/models/import/worker.server.ts";
import { action as jobAction, loader as jobLoader } from "#app/routes/_app.import.$jobId.tsx";
import { action as uploadAction } from "#app/routes/_app.import._index.tsx";
import { loader as errorsLoader } from "#app/routes/import.$jobId.errors[.]csv.ts";
import { db } from "#app/utils/db.server.ts";
import { importTranslator } from "#app/models/import/messages.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { createAccount, createExpectation, createStakeholder, createUser } from "#tests/factories/index.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

const t = importTranslator("en");

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM", locale: "fi" });
  const otherKam = await createUser(db(), { role: "kam", name: "Olli Other" });
  const director = await createUser(db(), { role: "director", name: "Dana Director" });
  const acme = await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-100" });
  const beta = await createAccount(db(), { owner_id: kam.id, name: "Beta Ab", external_id: "C-200" });
  const foreign = await createAccount(db(), { owner_id: otherKam.id, name: "Vieras Oy", external_id: "C-900" });
  return { kam, otherKam, director, acme, beta, foreign };
}

const BOM = "\uFEFF";

/** An ERP export the way Finnish Excel writes it: BOM, semicolons, comma decimals, d.m.yyyy dates, CRLF. */
function invoiceFile(rows: string[][], header = ["Asiakasnumero", "Laskunumero", "Laskun pvm", "Eräpäivä", "Summa", "Maksettu", "Kuvaus"]) {
  const quote = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return BOM + [header, ...rows].map((r) => r.map(quote).join(";")).join("\r\n") + "\r\n";
}

/** The file line of invoiceRows()[i]: every 50th row has a description on two lines. */
const lineOf = (i: number) => i + 2 + Math.ceil(i / 50);

function invoiceRows(count: number, account = "C-100", paid = (i: number) => (i % 3 === 0 ? `${(i % 28) + 1}.2.2025` : "")) {
  return Array.from({ length: count }, (_, i) => [
    account,
    `INV-${1000 + i}`,
    `${(i % 28) + 1}.1.2025`,
    `${(i % 28) + 1}.2.2025`,
    `${1000 + i} ${String(i % 1000).padStart(3, "0")},${String(i % 100).padStart(2, "0")}`,
    paid(i),
    i % 50 === 0 ? `Laskutus "projekti" ${i};\nrivi kaksi` : `Lasku ${i}`,
  ]);
}

const invoiceMapping: ColumnMapping = { kind: "=invoice", external_id: "Laskunumero", summary: "Kuvaus" };

async function snapshot() {
  const [touchpoints, invoices, audits] = await Promise.all([
    db()
      .selectFrom("touchpoints")
      .select(["account_id", "external_id", "version", "updated_at", "title", "summary", "occurred_at", "kind", "source"])
      .orderBy("external_id")
      .execute(),
    db().selectFrom("touchpoint_invoices").selectAll().orderBy("number").execute(),
    db().selectFrom("audit_events").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return { touchpoints, invoices, audits: audits.n };
}

describe("CSV import of touchpoints", () => {
  it("imports thousands of invoice rows from a Finnish Excel file, and again changes nothing", async () => {
    const { kam, acme } = await world();
    const rows = invoiceRows(2500);
    const job = await runImport(kam, "touchpoints", invoiceFile(rows), { mapping: invoiceMapping, source: "ERP" });
    expect(job).toMatchObject({ status: "done", total: 2500, inserted: 2500, updated: 0, unchanged: 0, rejected: 0, errors: [] });

    const stored = await db()
      .selectFrom("touchpoints as t")
      .innerJoin("touchpoint_invoices as i", (j) => j.onRef("i.account_id", "=", "t.account_id").onRef("i.touchpoint_id", "=", "t.id"))
      .select(["t.external_id", "t.kind", "t.source", "t.title", "t.summary", "t.occurred_at", "t.author_id", "i.amount", "i.due_date", "i.paid_on", "i.number", "i.currency"])
      .where("t.account_id", "=", acme.id)
      .execute();
    expect(stored).toHaveLength(2500);
    const byId = new Map(stored.map((s) => [s.external_id, s]));
    // Every row's fate, field by field.
    rows.forEach((r, i) => {
      const s = byId.get(r[1]!)!;
      expect(s.kind).toBe("invoice");
      expect(s.source).toBe("import");
      expect(s.author_id).toBe(kam.id);
      expect(s.number).toBe(r[1]);
      expect(s.amount).toBe(`${1000 + i}${String(i % 1000).padStart(3, "0")}.${String(i % 100).padStart(2, "0")}`);
      expect(s.due_date).toBe(`2025-02-${String((i % 28) + 1).padStart(2, "0")}`);
      expect(s.paid_on).toBe(i % 3 === 0 ? `2025-02-${String((i % 28) + 1).padStart(2, "0")}` : null);
      expect(s.summary).toBe(r[6]);
      expect(s.currency).toBe("EUR");
      // Finnish dates are Helsinki days: midnight in Helsinki is 22:00 UTC the day before in winter.
      expect(new Date(s.occurred_at).toISOString()).toBe(
        new Date(Date.UTC(2025, 0, (i % 28) + 1) - 2 * 3_600_000).toISOString(),
      );
    });
    expect(byId.get("INV-1000")!.title).toBe("Lasku INV-1000");
    expect(byId.get("INV-1000")!.summary).toContain('"projekti" 0;\nrivi kaksi');

    // The same file again: nothing changes, not even versions or the audit log.
    const before = await snapshot();
    const again = await runImport(kam, "touchpoints", invoiceFile(rows), { mapping: invoiceMapping, source: "ERP" });
    expect(again.errors.slice(0, 1)).toEqual([]);
    expect(again).toMatchObject({ status: "done", inserted: 0, updated: 0, unchanged: 2500, rejected: 0 });
    expect(await snapshot()).toEqual(before);

    // An updated file: the invoices paid since are updated, the rest stay as they were.
    const paidNow = invoiceRows(2500, "C-100", (i) => (i % 3 === 0 || i % 5 === 0 ? `${(i % 28) + 1}.2.2025` : ""));
    const updated = await runImport(kam, "touchpoints", invoiceFile(paidNow), { mapping: invoiceMapping, source: "ERP" });
    const newlyPaid = paidNow.filter((_, i) => i % 5 === 0 && i % 3 !== 0).length;
    expect(updated).toMatchObject({ status: "done", inserted: 0, updated: newlyPaid, unchanged: 2500 - newlyPaid });
    const bumped = await db()
      .selectFrom("touchpoints")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("account_id", "=", acme.id)
      .where("version", "=", 2)
      .executeTakeFirstOrThrow();
    expect(bumped.n).toBe(newlyPaid);
  });

  it("remembers the mapping of a source for its next file", async () => {
    const { kam } = await world();
    await runImport(kam, "touchpoints", invoiceFile(invoiceRows(3)), { mapping: invoiceMapping, source: "ERP" });
    const next = await createImportJob(db(), kam, { kind: "touchpoints", source: "ERP", fileName: "feb.csv", text: invoiceFile(invoiceRows(2)) });
    const job = await getImportJob(db(), kam, next);
    expect(job.mapping).toMatchObject({ kind: "=invoice", external_id: "Laskunumero", summary: "Kuvaus", invoice_amount: "Summa" });
  });

  it("all-or-nothing: one bad row leaves the database as it was, and every bad row is listed", async () => {
    const { kam } = await world();
    const rows = invoiceRows(300);
    rows[10]![4] = "12,3,4"; // not a number
    rows[20]![3] = "31.2.2025"; // no such day
    rows[30]![0] = "C-404"; // no such account
    rows[40]![1] = "INV-1000"; // the same invoice as the first row
    const before = await snapshot();
    const job = await runImport(kam, "touchpoints", invoiceFile(rows), { mapping: invoiceMapping });
    expect(job).toMatchObject({ status: "rejected", inserted: 0, updated: 0, rejected: 4 });
    expect(job.errors).toEqual([
      { line: lineOf(10), field: "invoice_amount", column: "Summa", reason: t("validation.number") },
      { line: lineOf(20), field: "invoice_due_date", column: "Eräpäivä", reason: t("import.invalidDate") },
      { line: lineOf(30), field: "account", column: "Asiakasnumero", reason: t("import.accountNotFound") },
      { line: lineOf(40), field: "external_id", column: "Laskunumero", reason: t("import.duplicateRow", { line: 2 }) },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("valid rows only: writes the good rows and lists the others", async () => {
    const { kam } = await world();
    const rows = invoiceRows(50);
    rows[5]![2] = "eilen";
    const job = await runImport(kam, "touchpoints", invoiceFile(rows), { mapping: invoiceMapping, mode: "valid_rows" });
    expect(job).toMatchObject({ status: "done", inserted: 49, rejected: 1 });
    expect(job.errors).toMatchObject([{ line: lineOf(5), field: "occurred_at", column: "Laskun pvm" }]);
    const count = await db().selectFrom("touchpoints").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    expect(count.n).toBe(49);
  });

  it("a KAM cannot import into another KAM's account; a director can", async () => {
    const { kam, director } = await world();
    const rows = [...invoiceRows(2, "C-100"), ...invoiceRows(2, "C-900").map((r) => [r[0]!, `X-${r[1]}`, ...r.slice(2)])];
    const refused = await runImport(kam, "touchpoints", invoiceFile(rows), { mapping: invoiceMapping, mode: "valid_rows" });
    expect(refused).toMatchObject({ status: "done", inserted: 2, rejected: 2 });
    // Lines 2–4 are Acme's two invoices (the first spans two lines), 5–7 the other KAM's.
    expect(refused.errors.map((e) => [e.line, e.field])).toEqual([
      [5, "account"],
      [7, "account"],
    ]);
    expect(refused.errors[0]!.reason).toBe(t("import.notYourAccount"));
    const byDirector = await runImport(director, "touchpoints", invoiceFile(rows), { mapping: invoiceMapping, mode: "valid_rows" });
    expect(byDirector).toMatchObject({ status: "done", inserted: 2, unchanged: 2, rejected: 0 });
  });

  it("reads comma files with quoted line breaks, support cases, meetings and their participants", async () => {
    const { kam, acme, beta } = await world();
    const chris = await createStakeholder(db(), { account_id: acme.id, external_id: "P-1", name: "Chris" });
    const bea = await createStakeholder(db(), { account_id: acme.id, external_id: "P-2", name: "Bea" });
    const file = [
      "account,id,type,date,subject,notes,participants,sentiment,severity,status,sla,resolved at,emotions",
      'C-100,M-1,meeting,2025-03-04 10:00,Kick-off,"Went well,\nthey want more",P-1;P-2,2,,,,,"delighted, valued"',
      "Acme Oy,T-1,support case,5.3.2025 8.00,Login broken,,P-1,-1,high,resolved,8,5.3.2025 12.30,frustrated",
      "beta ab,T-2,Tukipyyntö,2025-03-06T09:00:00Z,Slow reports,,,,korkea,avoin,\"0,5\",,",
      "C-100,T-3,support_case,2025-03-07,No SLA,,,,,,,,",
      "C-100,M-2,meeting,2025-03-08,With a stranger,,P-9,,,,,,",
    ].join("\n");
    const job = await runImport(kam, "touchpoints", file, { mode: "valid_rows", mapping: { stakeholders: "participants", summary: "notes" } });
    expect(job).toMatchObject({ status: "done", inserted: 3, rejected: 2 });
    expect(job.errors.map((e) => [e.line, e.field])).toEqual([
      [6, "case_sla_hours"],
      [7, "stakeholders"],
    ]);
    const meeting = await db().selectFrom("touchpoints").selectAll().where("external_id", "=", "M-1").executeTakeFirstOrThrow();
    expect(meeting).toMatchObject({ summary: "Went well,\nthey want more", sentiment: 2, emotion_tags: ["delighted", "valued"] });
    const people = await db().selectFrom("touchpoint_stakeholders").select("stakeholder_id").where("touchpoint_id", "=", meeting.id).execute();
    expect(people.map((p) => p.stakeholder_id).sort()).toEqual([chris.id, bea.id].sort());
    const cases = await db()
      .selectFrom("touchpoint_support_cases as c")
      .innerJoin("touchpoints as t", (j) => j.onRef("t.account_id", "=", "c.account_id").onRef("t.id", "=", "c.touchpoint_id"))
      .select(["t.external_id", "t.account_id", "c.severity", "c.status", "c.opened_at", "c.sla_due_at", "c.resolved_at"])
      .orderBy("t.external_id")
      .execute();
    expect(cases).toEqual([
      {
        external_id: "T-1",
        account_id: acme.id,
        severity: "high",
        status: "resolved",
        opened_at: new Date("2025-03-05T06:00:00Z"),
        sla_due_at: new Date("2025-03-05T14:00:00Z"),
        resolved_at: new Date("2025-03-05T10:30:00Z"),
      },
      {
        external_id: "T-2",
        account_id: beta.id,
        severity: "high",
        status: "open",
        opened_at: new Date("2025-03-06T09:00:00Z"),
        sla_due_at: new Date("2025-03-06T09:30:00Z"),
        resolved_at: null,
      },
    ]);
    // Scores were refreshed for the accounts the import touched.
    const scored = await db().selectFrom("account_scores").select("account_id").execute();
    expect(scored.map((s) => s.account_id).sort()).toEqual([acme.id, beta.id].sort());
  });

  it("previews the first rows with the checks the import makes, writing nothing", async () => {
    const { kam } = await world();
    const rows = invoiceRows(30);
    rows[1]![0] = "C-900";
    rows[2]![4] = "paljon";
    const id = await createImportJob(db(), kam, { kind: "touchpoints", source: "", fileName: "x.csv", text: invoiceFile(rows) });
    await saveImportMapping(db(), kam, id, { mapping: { ...(await getImportJob(db(), kam, id)).mapping, ...invoiceMapping }, mode: "all_or_nothing", source: "" });
    const preview = await previewImport(db(), kam, await getImportJob(db(), kam, id), t);
    expect(preview).toHaveLength(20);
    expect(preview.map((p) => p.errors.map((e) => e.field))).toEqual([[], ["account"], ["invoice_amount"], ...Array(17).fill([])]);
    expect(preview[0]!.cells).toMatchObject({ account: "C-100", external_id: "INV-1000", kind: "invoice" });
    const count = await db().selectFrom("touchpoints").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    expect(count.n).toBe(0);
  });
});

describe("CSV import of accounts, stakeholders and expectations", () => {
  it("creates and updates accounts by external id; a KAM owns what they import", async () => {
    const { kam, otherKam, director } = await world();
    const file = [
      "Customer number;Name;Tier;Stage;Contract value;Renewal;Owner",
      "C-100;Acme Oyj;strategic;expansion;250 000,00;30.6.2027;",
      "C-300;Gamma Oy;key;onboarding;1 000;2027-01-31;",
      `C-400;Delta Oy;growth;adoption;;;${otherKam.email}`,
    ].join("\n");
    const byKam = await runImport(kam, "accounts", file, { mode: "valid_rows", mapping: { owner_email: "Owner" } });
    expect(byKam).toMatchObject({ status: "done", inserted: 1, updated: 1, rejected: 1 });
    expect(byKam.errors).toMatchObject([{ line: 4, field: "owner_email" }]);
    const acme = await db().selectFrom("accounts").selectAll().where("external_id", "=", "C-100").executeTakeFirstOrThrow();
    expect(acme).toMatchObject({ name: "Acme Oyj", tier: "strategic", contract_value: "250000.00", renewal_date: "2027-06-30", version: 2, owner_id: kam.id });
    const gamma = await db().selectFrom("accounts").selectAll().where("external_id", "=", "C-300").executeTakeFirstOrThrow();
    expect(gamma).toMatchObject({ owner_id: kam.id, lifecycle_stage: "onboarding", currency: "EUR" });
    const byDirector = await runImport(director, "accounts", file, { mapping: { owner_email: "Owner" } });
    // Rows without an owner keep theirs; Delta goes to the KAM named.
    expect(byDirector).toMatchObject({ status: "done", inserted: 1, updated: 0, unchanged: 2 });
    const delta = await db().selectFrom("accounts").select("owner_id").where("external_id", "=", "C-400").executeTakeFirstOrThrow();
    expect(delta.owner_id).toBe(otherKam.id);
  });

  it("imports a committee with reporting lines, then expectations held by its members", async () => {
    const { kam, acme } = await world();
    const committee = [
      "account;id;name;title;role;influence;stance;reports to;email",
      "C-100;P-1;Maija Meikäläinen;CEO;decision maker;5;supporter;;maija@acme.example",
      "C-100;P-2;Pekka Puu;CFO;economic_buyer;4;neutral;P-1;",
      "C-100;P-3;Liisa Lehto;IT;champion;3;advocate;P-2;",
      "C-100;P-4;Ville Virhe;;wizard;9;;P-77;",
    ].join("\n");
    const people = await runImport(kam, "stakeholders", committee, { mode: "valid_rows" });
    expect(people).toMatchObject({ status: "done", inserted: 3, rejected: 1 });
    expect(people.errors.map((e) => e.field)).toEqual(["committee_role", "influence"]);
    const rows = await db().selectFrom("stakeholders").select(["id", "external_id", "reports_to_id", "committee_role"]).where("account_id", "=", acme.id).execute();
    const id = (ext: string) => rows.find((r) => r.external_id === ext)!.id;
    expect(rows.find((r) => r.external_id === "P-3")!.reports_to_id).toBe(id("P-2"));
    expect(rows.find((r) => r.external_id === "P-2")!.reports_to_id).toBe(id("P-1"));
    const again = await runImport(kam, "stakeholders", committee, { mode: "valid_rows" });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejected: 1 });

    const ledger = [
      "account;id;title;due date;holder;importance;outcome;delivered on",
      "C-100;E-1;Monthly report;31.1.2025;P-2;3;kept;30.1.2025",
      "C-100;E-2;Response within 4 h;2025-12-31;;2;;",
      "C-100;E-3;Kept without a date;2025-12-31;;2;kept;",
    ].join("\n");
    const promised = await runImport(kam, "expectations", ledger, { mode: "valid_rows" });
    expect(promised).toMatchObject({ status: "done", inserted: 2, rejected: 1 });
    const e1 = await db().selectFrom("expectations").selectAll().where("external_id", "=", "E-1").executeTakeFirstOrThrow();
    expect(e1).toMatchObject({ status: "resolved", outcome: "kept", delivered_on: "2025-01-30", holder_stakeholder_id: id("P-2"), importance: 3, original_due_date: "2025-01-31" });
    const history = await db().selectFrom("expectation_changes").select(["kind", "details"]).where("expectation_id", "=", e1.id).execute();
    expect(history).toEqual([{ kind: "created", details: { import_job: promised.id } }]);
  });

  it("names a row the ledger's rules refuse; all-or-nothing then writes nothing", async () => {
    const { kam, acme } = await world();
    // Confirmed by the customer: it cannot be reopened by a file without an outcome (only on its page).
    // (The database would refuse it too, expectations_check1; the ledger's rule refuses it first.)
    await createExpectation(db(), { account_id: acme.id, external_id: "E-9", status: "resolved", outcome: "kept", delivered_on: "2025-01-01", customer_response: "confirmed", due_date: "2025-01-01" });
    const ledger = ["account;id;title;due date;outcome", "C-100;E-8;New one;2025-12-31;", "C-100;E-9;Reopened;2025-01-01;"].join("\n");
    const strict = await runImport(kam, "expectations", ledger);
    expect(strict).toMatchObject({ status: "rejected", inserted: 0, rejected: 1 });
    // Named in words at the field to fix.
    expect(strict.errors[0]).toMatchObject({ line: 3, field: "outcome", column: "outcome" });
    expect(strict.errors[0]!.reason).toBe(
      "This expectation is not open: only an open expectation is re-planned or delivered. A delivered one is reopened first on its page to change what became of it (the history keeps what was taken back).",
    );
    expect(await db().selectFrom("expectations").select("external_id").execute()).toEqual([{ external_id: "E-9" }]);
    const lenient = await runImport(kam, "expectations", ledger, { mode: "valid_rows" });
    expect(lenient).toMatchObject({ status: "done", inserted: 1, rejected: 1 });
  });
});

describe("the import pages", () => {
  const upload = (cookie: string, file: Blob | null, fields: Record<string, string> = { kind: "touchpoints", source: "ERP" }) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file) form.set("file", file, "laskut.csv");
    return request("/import", { method: "POST", body: form, cookie });
  };
  const replyError = (res: { value: unknown }) => (res.value as { data: { error: string } }).data.error;

  it("refuses what is not a UTF-8 CSV file, with a message saying what to do", async () => {
    const { kam } = await world();
    const cookie = await sessionCookieFor(kam.id);
    const en = (key: string) => importTranslator("en")(key);
    const xlsx = new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])]);
    const latin1 = new Blob([new Uint8Array([0x4e, 0x69, 0x6d, 0x69, 0x3b, 0x4b, 0xe4, 0x79, 0x6e, 0x74, 0x69, 0x0a])]);
    const cases: [Blob | null, string][] = [
      [xlsx, "import.fileError.binary"],
      [latin1, "import.fileError.encoding"],
      [new Blob(["Asiakas;Summa\n"]), "import.fileError.noRows"],
      [null, "import.fileError.missing"],
      [new Blob([new Uint8Array(21 * 1024 * 1024).fill(0x61)]), "import.fileError.tooLarge"],
    ];
    for (const [file, key] of cases) {
      const res = await run(uploadAction, upload(cookie, file));
      expect(statusOf(res)).toBe(400);
      expect(replyError(res)).toBe(en(key));
    }
    const malformed = await run(uploadAction, upload(cookie, new Blob(['a;b\n1;"auki\n2;3\n'])));
    expect(replyError(malformed)).toMatch(/line 3/);
    expect(await db().selectFrom("import_jobs").select("id").execute()).toEqual([]);
  });

  it("gives a fixed errors file refused again its line, field and reason afresh, not twice", async () => {
    const { kam } = await world();
    const header = ["Asiakasnumero", "Laskunumero", "Laskun pvm", "Eräpäivä", "Summa", "Maksettu", "Kuvaus", "Import line", "Import field", "Import error"];
    const rows = invoiceRows(2).map((r, i) => [...r.map((v) => v.replace(/\n/g, " ")), String(7 + i), "Invoice amount (Summa)", "Enter a number."]);
    rows[1]![4] = "12,5,0";
    const job = await runImport(kam, "touchpoints", invoiceFile(rows, header), { mapping: invoiceMapping });
    expect(job).toMatchObject({ status: "rejected", rejected: 1 });
    const response = (await run(errorsLoader, request(`/import/${job.id}/errors.csv`, { cookie: await sessionCookieFor(kam.id) }), { jobId: job.id })).value as Response;
    const [head, row, ...rest] = (await response.text()).trim().split("\r\n");
    expect(head).toBe("Asiakasnumero;Laskunumero;Laskun pvm;Eräpäivä;Summa;Maksettu;Kuvaus;Import line;Import field;Import error");
    expect(row).toBe("C-100;INV-1001;2.1.2025;2.2.2025;12,5,0;;Lasku 1;3;Invoice amount (Summa);Enter a number, such as 125000 or 125 000,50.");
    expect(rest).toEqual([]);
  });

  it("uploads, maps, previews, imports and offers the rejected rows to fix", async () => {
    const { kam } = await world();
    const cookie = await sessionCookieFor(kam.id);
    const rows = invoiceRows(5);
    rows[2]![4] = "1.234.567,8,9";
    rows[3]![3] = "31.4.2025";
    const uploaded = await run(uploadAction, upload(cookie, new Blob([invoiceFile(rows)])));
    const location = locationOf(uploaded)!;
    expect(location).toMatch(/^\/import\/[0-9a-f-]{36}$/);
    const jobId = location.split("/").pop()!;

    const draft = await run(jobLoader, request(location, { cookie }), { jobId });
    const page = draft.value as Awaited<ReturnType<typeof jobLoader>>;
    expect(page.job.status).toBe("draft");
    expect(page.job.mapping).toMatchObject({ account: "Asiakasnumero", invoice_number: "Laskunumero", invoice_amount: "Summa" });
    expect(page.preview?.map((p) => p.errors.map((e) => e.field))).toEqual([["kind", "external_id"], ["kind", "external_id"], ["kind", "external_id"], ["kind", "external_id"], ["kind", "external_id"]].map(() => expect.any(Array)));

    const mapFields: Record<string, string> = { intent: "start", mode: "all_or_nothing", source: "ERP" };
    for (const [field, column] of Object.entries({ ...page.job.mapping, ...invoiceMapping })) mapFields[`map.${field}`] = column!;
    const started = await run(jobAction, formRequest(location, mapFields, cookie), { jobId });
    expect(locationOf(started)).toBe(location);
    const queued = await run(jobLoader, request(location, { cookie }), { jobId });
    expect((queued.value as Awaited<ReturnType<typeof jobLoader>>).job.status).toBe("queued");
    expect(await processNextImportJob()).toBe(jobId);

    const result = (await run(jobLoader, request(location, { cookie }), { jobId })).value as Awaited<ReturnType<typeof jobLoader>>;
    expect(result.job).toMatchObject({ status: "rejected", rejected: 2 });
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [lineOf(2), "invoice_amount"],
      [lineOf(3), "invoice_due_date"],
    ]);

    // The rejected rows as a file: the original columns and values, the same separator, then the line, field and reason.
    const csv = (await run(errorsLoader, request(`${location}/errors.csv`, { cookie }), { jobId })).value as Response;
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    // (Response.text() would drop the byte-order mark: decode keeping it.)
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.startsWith("\uFEFFAsiakasnumero;Laskunumero;Laskun pvm;Eräpäivä;Summa;Maksettu;Kuvaus;Import line;Import field;Import error\r\n")).toBe(true);
    const lines = text.trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^C-100;INV-1002;3\\.1\\.2025;3\\.2\\.2025;1\\.234\\.567,8,9;;Lasku 2;${lineOf(2)};Invoice amount \\(Summa\\);Enter a number`));
    expect(lines[2]).toMatch(new RegExp(`^C-100;INV-1003;4\\.1\\.2025;31\\.4\\.2025;.*;${lineOf(3)};Invoice due date \\(Eräpäivä\\);Enter a date such as 31\\.12\\.2025`));

    // Then the valid rows only, from the result page.
    await run(jobAction, formRequest(location, { intent: "valid" }, cookie), { jobId });
    expect(await processNextImportJob()).toBe(jobId);
    const valid = (await run(jobLoader, request(location, { cookie }), { jobId })).value as Awaited<ReturnType<typeof jobLoader>>;
    expect(valid.job).toMatchObject({ status: "done", inserted: 3, rejected: 2 });

    // The errors file, fixed, imports as it is: the source's mapping applies and the added columns are left unmapped.
    const fixed = text.replace("1.234.567,8,9", "1 234,50").replace("31.4.2025", "30.4.2025");
    const again = locationOf(await run(uploadAction, upload(cookie, new Blob([fixed]))))!;
    const againId = again.split("/").pop()!;
    const againDraft = (await run(jobLoader, request(again, { cookie }), { jobId: againId })).value as Awaited<ReturnType<typeof jobLoader>>;
    expect(Object.values(againDraft.job.mapping)).not.toContain("Import line");
    expect(againDraft.job.mapping).toMatchObject({ kind: "=invoice", external_id: "Laskunumero", invoice_amount: "Summa" });
    expect(againDraft.preview?.every((p) => p.errors.length === 0)).toBe(true);
    await run(jobAction, formRequest(again, { intent: "start", mode: "all_or_nothing", source: "ERP", ...Object.fromEntries(Object.entries(againDraft.job.mapping).map(([f, c]) => [`map.${f}`, c!])) }, cookie), { jobId: againId });
    expect(await processNextImportJob()).toBe(againId);
    const fixedResult = await getImportJob(db(), kam, againId);
    expect(fixedResult).toMatchObject({ status: "done", inserted: 2, rejected: 0 });
    const amount = await db().selectFrom("touchpoint_invoices").select("amount").where("number", "=", "INV-1002").executeTakeFirstOrThrow();
    expect(amount.amount).toBe("1234.50");

    // Another user does not see this import.
    const other = await createUser(db(), { role: "kam" });
    const hidden = await run(jobLoader, request(location, { cookie: await sessionCookieFor(other.id) }), { jobId });
    expect(statusOf(hidden)).toBe(404);
  });
});

