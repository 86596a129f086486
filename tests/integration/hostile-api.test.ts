import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TIERS } from "#app/domain/vocabulary.ts";
import { db } from "#app/utils/db.server.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { hostileString, jsonBody, spec, type Fields } from "#tests/setup/hostile.ts";
import {
  assertPagesClean,
  type World,
  counter,
  formPost,
  injectedMarkup,
  seedWorld,
  send,
  snapshot,
} from "#tests/setup/hostile-world.ts";
import { request } from "#tests/setup/requests.ts";

// Hostile JSON bodies and account ids through the token API, and hostile CSV
// files through the upload and the import worker, the whole app in between
// (tests/setup/app-handler.ts). No response is a 500, every refusal says what is
// wrong, and no row of the other account changes.

/** Runs per API endpoint; the CSV upload gets twice as many. */
const RUNS = 24;

// ------------------------------------------------------------------ the API

interface ApiEndpoint {
  name: string;
  method: "POST" | "PUT";
  path: (ext: string) => string;
  fields: (w: World) => Fields;
}

/** External ids a body may name: this account's, the other account's (tampering), new and hostile ones. */
const extIds = (own: string[], other: string[]) => spec.choice([...own, ...other, "new-1", "new-2"]);
const apiText = (max: number, min = 0) => spec.text(max, { min, trimmed: false });
const API_ENDPOINTS: ApiEndpoint[] = [
  {
    name: "API: upsert an account",
    method: "POST",
    path: () => "/api/v1/accounts",
    fields: () => ({
      external_id: spec.choice(["ext-A", "new-acc-1", "new-acc-2"]),
      name: apiText(200, 1),
      industry: apiText(100),
      tier: spec.choice(TIERS),
      relationship_start: spec.date(),
      contract_value: spec.money(),
      currency: spec.currency(),
      renewal_date: spec.date(),
    }),
  },
  {
    name: "API: put an account",
    method: "PUT",
    path: (ext) => `/api/v1/accounts/${ext}`,
    fields: () => ({
      name: apiText(200, 1),
      industry: apiText(100),
      contract_value: spec.money(),
      renewal_date: spec.date(),
    }),
  },
  {
    name: "API: upsert a stakeholder",
    method: "POST",
    path: (ext) => `/api/v1/accounts/${ext}/stakeholders`,
    fields: () => ({
      external_id: extIds(["st-A"], ["st-B"]),
      name: apiText(200, 1),
      title: apiText(200),
      email: spec.email(),
      phone: apiText(50),
      influence: spec.int(1, 5),
      reports_to: extIds(["st-A"], ["st-B"]),
      left_on: spec.date(),
    }),
  },
  {
    name: "API: upsert a touchpoint",
    method: "POST",
    path: (ext) => `/api/v1/accounts/${ext}/touchpoints`,
    fields: () => ({
      external_id: extIds(["tp-A"], ["tp-B"]),
      kind: spec.choice(["meeting", "call", "invoice"]),
      occurred_at: spec.instant("iso"),
      title: apiText(300, 1),
      summary: apiText(10_000),
      sentiment: spec.int(-2, 2),
      stakeholders: spec.list(extIds(["st-A"], ["st-B"]), 200),
      invoice_number: apiText(100, 1),
      invoice_amount: spec.money({ negative: true }),
      invoice_due_date: spec.date(),
    }),
  },
  {
    name: "API: upsert an expectation",
    method: "POST",
    path: (ext) => `/api/v1/accounts/${ext}/expectations`,
    fields: () => ({
      external_id: extIds(["ex-A"], ["ex-B"]),
      title: apiText(300, 1),
      description: apiText(10_000),
      due_date: spec.date(),
      holder: extIds(["st-A"], ["st-B"]),
      outcome: spec.choice(["kept", "missed"]),
      delivered_on: spec.date(),
    }),
  },
];

/** A path segment; a lone surrogate goes as the bytes of one (not UTF-8), as a hostile client may send. */
function pathSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `${encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, ""))}%ED%A0%80`;
  }
}

/** Bodies: JSON objects with hostile fields, JSON of the wrong shape, and what is not JSON at all. */
function apiBodies(fields: Fields): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: jsonBody(fields).map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: hostileString },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"name": "\\u0000"}',
        '{"name": "\\ud800"}',
        "[]",
        "null",
        '{"__proto__": {"admin": true}}',
        "{".repeat(5000),
      ),
    },
  );
}

describe("hostile JSON bodies through the API", () => {
  it.each(API_ENDPOINTS.map((e) => [e.name, e] as const))(
    "%s",
    async (_name, e) => {
      const w = await seedWorld();
      const otherBefore = await snapshot(w.b.account);
      // The account in the path: this one, or a hostile external id.
      const paths = fc.oneof(
        { weight: 4, arbitrary: fc.constant("ext-A") },
        { weight: 1, arbitrary: hostileString.map(pathSegment) },
      );
      await fc.assert(
        fc.asyncProperty(apiBodies(e.fields(w)), paths, async (body, ext) => {
          const res = await handle(
            request(e.path(ext), {
              method: e.method,
              body,
              headers: { Authorization: `Bearer ${w.apiToken}`, "Content-Type": "application/json" },
            }),
          );
          counter.requests += 1;
          expect(res.status, `${e.method} ${e.path(ext).slice(0, 80)}`).toBeLessThan(500);
          if (!(res.headers.get("Content-Type") ?? "").includes("json")) {
            // A path that is not UTF-8 (400) or has an empty segment (404) never reaches the API: the router refuses it.
            expect([400, 404]).toContain(res.status);
          } else if (res.status >= 400) {
            // One error shape: what is wrong, by field.
            const json = (await res.json()) as { status: number; errors: unknown[] };
            expect(json.status).toBe(res.status);
            expect(json.errors.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: RUNS },
      );
      expect(await snapshot(w.b.account), "the other account's rows").toBe(otherBefore);
      await assertPagesClean(w, ["account", "committee", "ledger", "touchpoint"]);
    },
    120_000,
  );
});

// ---------------------------------------------------------------- CSV upload

const IMPORT_HEADER = "external_id;name;industry;tier;contract_value;renewal_date";
/** Files: hostile cells under a real header, binary bytes, NUL late in the file, bad encodings and quoting. */
const csvFiles: fc.Arbitrary<Uint8Array> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(
        fc.array(fc.oneof(hostileString, fc.constantFrom("x-1", "Oy Ab", "key", "1 000,50", "31.12.2027")), {
          minLength: 6,
          maxLength: 7,
        }),
        {
          minLength: 1,
          maxLength: 5,
        },
      )
      .map((rows) =>
        new TextEncoder().encode(
          [IMPORT_HEADER, ...rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(";"))].join("\n"),
        ),
      ),
  },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 3000 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      new TextEncoder().encode(`${IMPORT_HEADER}\n${"x-1;Name;;;;\n".repeat(800)}bad\u0000row;x\n`),
      new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xe4, 0xf6, 0x0a]), // Latin-1 "ä ö"
      new TextEncoder().encode(`${IMPORT_HEADER}\n"unterminated;x\n`),
      new TextEncoder().encode("\uFEFF"),
      new TextEncoder().encode(" \n\n \n"),
      new TextEncoder().encode(`${IMPORT_HEADER}\n`),
      new TextEncoder().encode(`external_id;${"c;".repeat(3000)}\n1;2\n`),
    ),
  },
);

describe("hostile CSV uploads", () => {
  it("are refused with a message or imported all-or-nothing, never a 500, never touching another account", async () => {
    const w = await seedWorld();
    const { processNextImportJob } = await import("#app/models/import/worker.server.ts");
    const otherBefore = await snapshot(w.b.account);
    const outcomes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        csvFiles,
        fc.oneof(fc.constantFrom("accounts", "stakeholders"), hostileString),
        hostileString,
        async (file, kind, source) => {
          const form = new FormData();
          form.append("kind", kind);
          form.append("source", source);
          form.append("file", new Blob([new Uint8Array(file)], { type: "text/csv" }), "upload.csv");
          const { status, html } = await send(
            request("/import", { method: "POST", body: form, cookie: w.cookies.kamA }),
          );
          outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
          expect([302, 400]).toContain(status);
          expect(injectedMarkup(html)).toEqual([]);
          if (status === 400) expect(html).toMatch(/role="alert"[^>]*>[^<]+/);
        },
      ),
      { numRuns: RUNS * 2 },
    );
    // Whatever was uploaded and mapped, the worker takes it to an end (no crash, no half-written job).
    const jobs = await db()
      .selectFrom("import_jobs")
      .select("id")
      .where("status", "=", "draft")
      .where("created_by", "=", w.a.kam)
      .execute();
    for (const job of jobs) {
      const { status } = await send(
        formPost(
          `/import/${job.id}`,
          [
            ["intent", "start"],
            ["mode", "all_or_nothing"],
          ],
          w.cookies.kamA,
        ),
      );
      expect(status).toBeLessThan(500);
    }
    while (await processNextImportJob()) {
      // runs every queued job
    }
    const ended = await db()
      .selectFrom("import_jobs")
      .select(["status", "failure"])
      .where("created_by", "=", w.a.kam)
      .execute();
    expect(ended.filter((j) => j.status === "failed" || j.status === "running")).toEqual([]);
    expect(await snapshot(w.b.account), "the other account's rows").toBe(otherBefore);
    expect(outcomes.get(400) ?? 0, "some files refused").toBeGreaterThan(0);
    await assertPagesClean(w, ["imports", "accounts"]);
  }, 120_000);

  it("answers unknown API paths, cross-site posts to them and NUL bytes with a 4xx, never a 500", async () => {
    const w = await seedWorld();
    const auth = { Authorization: `Bearer ${w.apiToken}` };
    const crossSite = { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded" };
    const paths = ["/api/v1/nothing", "/api/nothing", "/api/", "/api/v2/accounts", "/api/v1/accounts/ext-A/nothing", "/api/v1/%00"];
    for (const path of paths) {
      for (const [method, headers] of [
        ["POST", crossSite],
        ["POST", { ...crossSite, ...auth }],
        ["PUT", auth],
        ["DELETE", {}],
        ["GET", auth],
      ] as const) {
        counter.requests += 1;
        const res = await handle(request(path, { method, headers, body: method === "GET" ? undefined : "name=Probe" }));
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(await res.json(), `${method} ${path}`).toMatchObject({ status: 404, errors: [{ reason: expect.stringContaining("No such API endpoint") }] });
      }
    }
    for (const path of ["/api/v1/accounts?cursor=%00", "/api/v1/accounts?limit=%00", "/api/v1/accounts/%00", "/api/v1/accounts/a%00b/touchpoints", "/api/v1/accounts/ext-A/stakeholders?cursor=a%00b"]) {
      counter.requests += 1;
      const res = await handle(request(path, { headers: auth }));
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    // NUL inside a JSON body's text.
    counter.requests += 1;
    const res = await handle(
      request("/api/v1/accounts", { method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify({ external_id: "nul-1", name: "a\u0000b" }) }),
    );
    expect(res.status).toBe(422);
  });

  it("made the requests it says", () => {
    // Runs after the tests above (same file, in order).
    const bodies = API_ENDPOINTS.length * RUNS + RUNS * 2;
    expect(counter.requests).toBeGreaterThanOrEqual(bodies);
    console.log(
      `hostile API bodies and CSV files: ${bodies} generated, ${counter.requests} requests with the page checks`,
    );
  });
});
