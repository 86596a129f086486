import fc from "fast-check";
import { sql } from "kysely";
import { expect } from "vitest";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { createImportJob } from "#app/models/import/jobs.server.ts";
import { createInvitation } from "#app/models/portal-access.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { db } from "#app/utils/db.server.ts";
import {
  createAccount,
  createExpectation,
  createStakeholder,
  createTouchpoint,
  createUser,
} from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { HTML_INJECTION, spec, type FieldSpec } from "#tests/setup/hostile.ts";
import { request, sessionCookieFor } from "#tests/setup/requests.ts";
import { seededOnce } from "#tests/setup/test-db.ts";

// The world the HTTP-level hostile-input tests (tests/integration/hostile-*.test.ts)
// run in: two accounts, A (acted on) and B (the other one), each with people,
// touchpoints, expectations, a customer, a signal, an import and an invitation;
// snapshots of an account's rows; and requests through the whole app with the
// checks every response gets.

export interface Side {
  account: string;
  externalId: string;
  kam: string;
  stakeholder: string;
  leaver: string;
  touchpoint: string;
  supportCase: string;
  expectation: string;
  resolved: string;
  proposed: string;
  customer: string;
  signal: string;
  importJob: string;
  invitation: string;
  invitationToken: string;
}
export interface World {
  a: Side;
  b: Side;
  admin: string;
  apiToken: string;
  cookies: Record<"admin" | "director" | "kamA" | "kamB" | "customerA" | "customerB", string>;
}

async function seedSide(tag: "A" | "B", kamId: string): Promise<Side> {
  const account = await createAccount(db(), { owner_id: kamId, name: `Hostile ${tag} Oy`, external_id: `ext-${tag}` });
  const stakeholder = await createStakeholder(db(), {
    account_id: account.id,
    email: `s-${tag}@c.example`,
    external_id: `st-${tag}`,
  });
  const leaver = await createStakeholder(db(), { account_id: account.id, email: `l-${tag}@c.example` });
  const invitee = await createStakeholder(db(), { account_id: account.id, email: `i-${tag}@c.example` });
  const touchpoint = await createTouchpoint(db(), {
    account_id: account.id,
    shared_with_customer: true,
    sentiment: 1,
    occurred_at: new Date(Date.now() - 2 * 86_400_000),
    external_id: `tp-${tag}`,
  });
  const opened = new Date(Date.now() - 86_400_000);
  const supportCase = await createTouchpoint(db(), {
    account_id: account.id,
    kind: "support_case",
    occurred_at: opened,
  });
  await db()
    .insertInto("touchpoint_support_cases")
    .values({
      account_id: account.id,
      touchpoint_id: supportCase.id,
      opened_at: opened,
      sla_due_at: new Date(opened.getTime() + 8 * 3_600_000),
    })
    .execute();
  const expectation = await createExpectation(db(), {
    account_id: account.id,
    holder_stakeholder_id: stakeholder.id,
    external_id: `ex-${tag}`,
  });
  const resolved = await createExpectation(db(), {
    account_id: account.id,
    due_date: "2025-01-10",
    status: "resolved",
    outcome: "kept",
    delivered_on: "2025-01-09",
  });
  const proposed = await createExpectation(db(), {
    account_id: account.id,
    status: "proposed",
    source: "customer",
    holder_stakeholder_id: stakeholder.id,
  });
  const customer = await createUser(db(), { role: "customer", email: `c-${tag}@c.example` });
  await db()
    .insertInto("portal_access")
    .values({ account_id: account.id, user_id: customer.id, stakeholder_id: stakeholder.id })
    .execute();
  const { token, invitation } = await db()
    .transaction()
    .execute(async (trx) => {
      const created = await createInvitation(trx, { actor: { id: kamId, role: "kam" } }, account.id, invitee.id);
      await refreshAccountScores(trx, account.id);
      return created;
    });
  const signal = await db()
    .selectFrom("risk_signals")
    .select("id")
    .where("account_id", "=", account.id)
    .executeTakeFirstOrThrow();
  const importJob = await createImportJob(
    db(),
    { id: kamId, role: "kam" },
    {
      kind: "accounts",
      source: `src-${tag}`,
      fileName: `${tag}.csv`,
      text: `external_id;name\nx-${tag};Imported ${tag}\n`,
    },
  );
  return {
    account: account.id,
    externalId: `ext-${tag}`,
    kam: kamId,
    stakeholder: stakeholder.id,
    leaver: leaver.id,
    touchpoint: touchpoint.id,
    supportCase: supportCase.id,
    expectation: expectation.id,
    resolved: resolved.id,
    proposed: proposed.id,
    customer: customer.id,
    signal: signal.id,
    importJob,
    invitation: invitation.id,
    invitationToken: token,
  };
}

/** The two accounts, seeded once per worker and put back for each test (tests/setup/test-db.ts). */
export const seedWorld = seededOnce("hostile_world", seedHostileWorld);

async function seedHostileWorld(): Promise<World> {
  const admin = await createUser(db(), { role: "admin" });
  const director = await createUser(db(), { role: "director" });
  const kamA = await createUser(db(), { role: "kam" });
  const kamB = await createUser(db(), { role: "kam" });
  const a = await seedSide("A", kamA.id);
  const b = await seedSide("B", kamB.id);
  const token = await db()
    .transaction()
    .execute((trx) => createApiToken(trx, { id: admin.id, role: "admin" }, { name: "hostile", scope: "read_write" }));
  return {
    a,
    b,
    admin: admin.id,
    apiToken: token.token,
    cookies: {
      admin: await sessionCookieFor(admin.id),
      director: await sessionCookieFor(director.id),
      kamA: await sessionCookieFor(kamA.id),
      kamB: await sessionCookieFor(kamB.id),
      customerA: await sessionCookieFor(a.customer),
      customerB: await sessionCookieFor(b.customer),
    },
  };
}

// ------------------------------------------------------------- snapshots

const ACCOUNT_TABLES = [
  "stakeholders",
  "touchpoints",
  "touchpoint_stakeholders",
  "touchpoint_users",
  "touchpoint_invoices",
  "touchpoint_support_cases",
  "expectations",
  "expectation_changes",
  "survey_responses",
  "portal_access",
  "portal_invitations",
  "audit_events",
];
/** Rewritten by re-scoring, which saving the scoring settings does for every account. */
const DERIVED_TABLES = ["account_scores", "health_snapshots", "risk_signals"];

/** Every row of one account, in a stable order, as JSON. */
export async function snapshot(accountId: string, { derived = true } = {}): Promise<string> {
  const parts: Record<string, unknown> = {
    accounts: await db().selectFrom("accounts").selectAll().where("id", "=", accountId).execute(),
  };
  for (const table of [...ACCOUNT_TABLES, ...(derived ? DERIVED_TABLES : [])]) {
    // A refused request is recorded in the audit log (entity 'request'): that is
    // the refusal working, not a change to the account's data.
    const notRefusals = table === "audit_events" ? sql`and entity <> 'request'` : sql``;
    const { rows } = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} where account_id = ${accountId} ${notRefusals}`.execute(db());
    parts[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(parts);
}

// -------------------------------------------------------------- requests

export type Entries = [string, string][];
export type Role = keyof World["cookies"] | "anonymous";

/** A placeholder a body generator may use; replaced with the record's current version before sending. */
export const CURRENT = "@current-version";
export const versionSpec: FieldSpec = {
  ...spec.int(1, 2_147_483_647),
  valid: fc.oneof({ weight: 3, arbitrary: fc.constant(CURRENT) }, { weight: 1, arbitrary: spec.int(1, 5).valid }),
};

export function idsOf(w: World): fc.Arbitrary<string> {
  const all = [w.a, w.b].flatMap((s) => [
    s.account,
    s.stakeholder,
    s.leaver,
    s.touchpoint,
    s.supportCase,
    s.expectation,
    s.resolved,
    s.proposed,
    s.customer,
    s.signal,
    s.invitation,
    s.kam,
  ]);
  return fc.oneof(fc.constantFrom(...all), fc.uuid());
}

export const versionOf =
  (table: "accounts" | "stakeholders" | "touchpoints" | "expectations", key: keyof Side) => async (s: Side) => {
    const row = await db().selectFrom(table).select("version").where("id", "=", s[key]).executeTakeFirst();
    return row?.version ?? 1;
  };

export const acc = (s: Side) => `/accounts/${s.account}`;

/** The pages that show stored values, and who sees them. */
export const PAGES = {
  account: (s: Side) => [acc(s), "kamA"],
  accounts: () => ["/accounts?scope=all", "director"],
  portfolio: () => ["/portfolio", "director"],
  touchpoint: (s: Side) => [`${acc(s)}/touchpoints/${s.touchpoint}`, "kamA"],
  supportCase: (s: Side) => [`${acc(s)}/touchpoints/${s.supportCase}`, "kamA"],
  committee: (s: Side) => [`${acc(s)}/committee`, "kamA"],
  stakeholder: (s: Side) => [`${acc(s)}/committee/${s.stakeholder}`, "kamA"],
  ledger: (s: Side) => [`${acc(s)}/expectations`, "kamA"],
  expectation: (s: Side) => [`${acc(s)}/expectations/${s.expectation}`, "kamA"],
  portalAccess: (s: Side) => [`${acc(s)}/portal-access`, "kamA"],
  risks: () => ["/risks", "kamA"],
  myWork: () => ["/my-work", "kamA"],
  importJob: (s: Side) => [`/import/${s.importJob}`, "kamA"],
  imports: () => ["/import", "kamA"],
  tokens: () => ["/admin/api-tokens", "admin"],
  scoring: () => ["/admin/scoring", "admin"],
  feedback: () => ["/portal/feedback", "customerA"],
  commitments: () => ["/portal/commitments", "customerA"],
} satisfies Record<string, (s: Side) => [string, Role]>;
export type PageKey = keyof typeof PAGES;
export function formPost(path: string, entries: Entries, cookie?: string): Request {
  return request(path, {
    method: "POST",
    body: new URLSearchParams(entries),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    cookie,
  });
}

/** Script tags the app did not put there (the app's own carry this request's nonce), and raw payload markup. */
export function injectedMarkup(html: string): string[] {
  const found = (html.match(/<script\b[^>]*>/gi) ?? []).filter((tag) => !/\snonce="/.test(tag));
  for (const payload of HTML_INJECTION) if (payload.includes("<") && html.includes(payload)) found.push(payload);
  for (const raw of ["<img src=x", "<svg onload", "<SCRIPT", "<scr<script>"]) if (html.includes(raw)) found.push(raw);
  return found;
}

export async function send(req: Request): Promise<{ status: number; html: string }> {
  counter.requests += 1;
  const res = await handle(req);
  const type = res.headers.get("Content-Type") ?? "";
  const html = type.includes("html") ? await res.text() : "";
  if (res.status >= 300 && res.status < 400) {
    // A redirect never leaves the site, whatever the body asked for.
    const to = new URL(res.headers.get("Location") ?? "/", "http://localhost");
    expect(to.origin).toBe("http://localhost");
  }
  return { status: res.status, html };
}

export function cookieOf(w: World, role: Role): string | undefined {
  return role === "anonymous" ? undefined : w.cookies[role];
}

export async function assertPagesClean(w: World, keys: PageKey[]) {
  for (const [path, role] of keys.map((k) => PAGES[k](w.a))) {
    const { status, html } = await send(request(path, { cookie: cookieOf(w, role) }));
    // 404: the record was deleted; 302: the customer's access ended (their stakeholder left).
    expect([path, [200, 302, 404].includes(status)]).toEqual([path, true]);
    expect([path, injectedMarkup(html)]).toEqual([path, []]);
  }
}

/** Requests sent through send(), for the tests' closing count. */
export const counter = { requests: 0 };
