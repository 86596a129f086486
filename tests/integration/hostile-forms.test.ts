import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EMOTION_TAGS,
  EXPECTATION_CATEGORIES,
  LOGGABLE_TOUCHPOINT_KINDS,
  STANCES,
  TIERS,
} from "#app/domain/vocabulary.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { formBody, hostileString, spec, type Fields } from "#tests/setup/hostile.ts";
import {
  acc,
  assertPagesClean,
  cookieOf,
  counter,
  CURRENT,
  formPost,
  idsOf,
  injectedMarkup,
  seedWorld,
  send,
  snapshot,
  versionOf,
  versionSpec,
  PAGES,
  type PageKey,
  type Role,
  type Side,
  type World,
} from "#tests/setup/hostile-world.ts";
import { request } from "#tests/setup/requests.ts";

// Hostile form bodies POSTed through the whole app (routing, loaders, actions,
// error boundaries, server rendering; tests/setup/app-handler.ts) to every form
// action: as a user of the right role on their own account (A), and as one of
// another account (B) on A. No response is a 500 and no redirect leaves the
// site; neither the re-rendered form nor the pages that show the stored values
// carry a script from the payload; and no row of the other account changes.

/** Runs per endpoint: as the account's own user, and as an outsider. */
const OWN_RUNS = 24;
const FOREIGN_RUNS = 8;

interface Endpoint {
  name: string;
  path: (s: Side) => string;
  /** Who may use it on account A, and who of account B tries the same. */
  own: Role;
  foreign: Role;
  /** Where the outsider posts, when not to the same path. */
  foreignPath?: (s: Side) => string;
  fields: (w: World) => Fields;
  fixed?: Record<string, string>;
  /** The current version of the record the form edits, for CURRENT. */
  version?: (s: Side) => Promise<number>;
  /** The pages that show what it stores (see PAGES). */
  shows: PageKey[];
  /** Re-scoring every account is this endpoint's job: scores of the other account may change. */
  rescoresAll?: boolean;
}

/** Ids a field may name: the own account's, the other account's (tampering), unknown ones. */
const text = (max: number, min = 0) => spec.text(max, { min });
const wall = spec.instant();
const accountFields: Fields = {
  name: text(200, 1),
  industry: text(100),
  tier: spec.choice(TIERS),
  lifecycle_stage: spec.choice(["onboarding", "adoption", "renewal"]),
  relationship_start: spec.date(),
  contract_value: spec.money(),
  currency: spec.currency(),
  renewal_date: spec.date(),
};
const touchpointFields = (w: World): Fields => ({
  kind: spec.choice(LOGGABLE_TOUCHPOINT_KINDS),
  occurred_at: wall,
  title: text(300, 1),
  summary: text(10_000),
  internal_notes: text(10_000),
  stakeholder_ids: spec.list(spec.uuid(idsOf(w)), 200),
  user_ids: spec.list(spec.uuid(idsOf(w)), 200),
  sentiment: spec.int(-2, 2),
  treatment: spec.int(1, 5),
  emotion_tags: spec.list(spec.choice(EMOTION_TAGS), 3),
  shared_with_customer: spec.bool(),
  invoice_number: text(100, 1),
  invoice_amount: spec.money(),
  invoice_due_date: spec.date(),
  case_severity: spec.choice(["low", "normal", "high"]),
  case_status: spec.choice(["open", "resolved"]),
  case_opened_at: wall,
  case_sla_hours: spec.number(0.25, 8760),
});
const expectationFields = (w: World): Fields => ({
  title: text(300, 1),
  description: text(10_000),
  category: spec.choice(EXPECTATION_CATEGORIES),
  holder_stakeholder_id: spec.uuid(idsOf(w)),
  source: spec.choice(["contract", "internal", "touchpoint"]),
  source_touchpoint_id: spec.uuid(idsOf(w)),
  importance: spec.int(1, 3),
  due_date: spec.date(),
});
const stakeholderFields = (w: World): Fields => ({
  name: text(200, 1),
  title: text(200),
  email: spec.email(),
  phone: spec.phone(40),
  committee_role: spec.choice(["decision_maker", "champion", "user"]),
  influence: spec.int(1, 5),
  stance: spec.choice(STANCES),
  reports_to_id: spec.uuid(idsOf(w)),
});

const ENDPOINTS: Endpoint[] = [
  {
    name: "new account",
    shows: ["accounts", "portfolio"],
    path: () => "/accounts/new",
    own: "kamA",
    foreign: "customerB",
    fields: () => accountFields,
  },
  {
    name: "edit account",
    shows: ["account", "accounts"],
    path: (s) => `${acc(s)}/edit`,
    own: "kamA",
    foreign: "kamB",
    fields: () => ({ ...accountFields, version: versionSpec }),
    version: versionOf("accounts", "account"),
  },
  {
    name: "archive account",
    shows: ["account", "accounts"],
    path: (s) => `${acc(s)}/edit`,
    // A director's or an admin's (canArchiveAccount), not the account's KAM's.
    own: "director",
    foreign: "kamB",
    fields: () => ({ intent: spec.choice(["archive", "restore"]), version: versionSpec }),
    version: versionOf("accounts", "account"),
  },
  {
    name: "acknowledge a signal (account page)",
    shows: ["account", "risks"],
    path: acc,
    own: "kamA",
    foreign: "kamB",
    fields: (w) => ({
      signalId: spec.uuid(fc.oneof(fc.constantFrom(w.a.signal, w.b.signal), fc.uuid())),
      note: text(1000),
    }),
    fixed: { intent: "acknowledge" },
  },
  {
    name: "acknowledge a signal (risk inbox)",
    shows: ["account", "risks"],
    path: () => "/risks",
    own: "kamA",
    foreign: "kamB",
    fields: (w) => ({
      accountId: spec.uuid(fc.constantFrom(w.a.account, w.a.account, w.b.account)),
      signalId: spec.uuid(fc.constantFrom(w.a.signal, w.b.signal)),
      note: text(1000),
    }),
    fixed: { intent: "acknowledge" },
  },
  // Any member of staff may log a touchpoint on any account: the outsider is a customer.
  {
    name: "log a touchpoint",
    shows: ["account", "myWork"],
    path: (s) => `${acc(s)}/touchpoints/new`,
    own: "kamA",
    foreign: "customerB",
    fields: touchpointFields,
  },
  {
    name: "quick log",
    shows: ["account"],
    path: (s) => `/log?account=${s.account}`,
    own: "kamA",
    foreign: "customerB",
    fields: touchpointFields,
  },
  {
    name: "edit a touchpoint",
    shows: ["touchpoint", "account", "feedback"],
    path: (s) => `${acc(s)}/touchpoints/${s.touchpoint}`,
    own: "kamA",
    foreign: "kamB",
    fields: (w) => ({ ...touchpointFields(w), version: versionSpec }),
    version: versionOf("touchpoints", "touchpoint"),
  },
  {
    name: "update a support case",
    shows: ["supportCase", "account"],
    path: (s) => `${acc(s)}/touchpoints/${s.supportCase}`,
    own: "kamA",
    foreign: "kamB",
    fields: () => ({
      case_status: spec.choice(["open", "waiting", "resolved", "closed"]),
      case_resolved_at: wall,
      version: versionSpec,
    }),
    fixed: { intent: "update-case" },
    version: versionOf("touchpoints", "supportCase"),
  },
  {
    name: "delete a touchpoint",
    shows: ["account"],
    path: (s) => `${acc(s)}/touchpoints/${s.touchpoint}`,
    own: "kamA",
    foreign: "kamB",
    fields: () => ({ confirm: spec.literal("yes"), version: versionSpec }),
    fixed: { intent: "delete" },
    version: versionOf("touchpoints", "touchpoint"),
  },
  {
    name: "new expectation",
    shows: ["ledger", "commitments"],
    path: (s) => `${acc(s)}/expectations/new`,
    own: "kamA",
    foreign: "kamB",
    fields: expectationFields,
  },
  {
    name: "expectation intents",
    shows: ["expectation", "ledger", "commitments"],
    path: (s) => `${acc(s)}/expectations/${s.expectation}`,
    own: "kamA",
    foreign: "kamB",
    fields: (w) => ({
      ...expectationFields(w),
      intent: spec.choice(["edit", "replan", "deliver", "reopen", "decline"]),
      reason: text(2000, 1),
      customer_notified: spec.bool(),
      outcome: spec.choice(["kept", "late", "missed", "withdrawn"]),
      delivered_on: spec.date(),
      delivery_note: text(2000),
      version: versionSpec,
    }),
    version: versionOf("expectations", "expectation"),
  },
  {
    name: "accept or decline a proposal",
    shows: ["ledger"],
    path: (s) => `${acc(s)}/expectations`,
    own: "kamA",
    foreign: "kamB",
    fields: (w) => ({
      intent: spec.choice(["accept", "decline"]),
      expectation_id: spec.uuid(fc.constantFrom(w.a.proposed, w.b.proposed)),
      reason: text(2000, 1),
      version: versionSpec,
    }),
    version: versionOf("expectations", "proposed"),
  },
  {
    name: "new stakeholder",
    shows: ["committee"],
    path: (s) => `${acc(s)}/committee/new`,
    own: "kamA",
    foreign: "kamB",
    fields: stakeholderFields,
  },
  {
    name: "stakeholder intents",
    shows: ["committee", "stakeholder"],
    path: (s) => `${acc(s)}/committee/${s.stakeholder}`,
    own: "kamA",
    foreign: "kamB",
    fields: (w) => ({
      ...stakeholderFields(w),
      intent: spec.choice(["edit", "leave", "rejoin"]),
      left_on: spec.date(),
      note: text(2000),
      mistake: spec.bool(),
      version: versionSpec,
    }),
    version: versionOf("stakeholders", "stakeholder"),
  },
  {
    name: "change a committee role",
    shows: ["committee"],
    path: (s) => `${acc(s)}/committee`,
    own: "kamA",
    foreign: "kamB",
    fields: (w) => ({
      stakeholder_id: spec.uuid(fc.constantFrom(w.a.stakeholder, w.b.stakeholder)),
      committee_role: spec.choice(["champion", "blocker"]),
      version: versionSpec,
    }),
    fixed: { intent: "role" },
    version: versionOf("stakeholders", "stakeholder"),
  },
  {
    name: "portal access",
    shows: ["portalAccess"],
    path: (s) => `${acc(s)}/portal-access`,
    own: "kamA",
    foreign: "kamB",
    fields: (w) => ({
      intent: spec.choice(["invite", "revoke", "revoke_invitation"]),
      stakeholder_id: spec.uuid(idsOf(w)),
      user_id: spec.uuid(idsOf(w)),
      invitation_id: spec.uuid(idsOf(w)),
    }),
  },
  {
    name: "import mapping",
    shows: ["importJob", "imports"],
    path: (s) => `/import/${s.importJob}`,
    own: "kamA",
    foreign: "kamB",
    fields: () => ({
      intent: spec.choice(["save", "start"]),
      mode: spec.choice(["all_or_nothing", "valid_rows"]),
      source: text(100),
      "map.external_id": spec.choice(["external_id", "=fixed", "nope"]),
      "map.name": spec.choice(["name", "=Constant name", "external_id"]),
      // A constant typed for every row ("=value"), hostile or not.
      "map.industry": { ...text(100), valid: fc.oneof(fc.string(), hostileString).map((v) => `=${v}`) },
    }),
  },
  {
    name: "API token",
    shows: ["tokens"],
    path: () => "/admin/api-tokens",
    own: "admin",
    foreign: "kamB",
    fields: (w) => ({
      intent: spec.choice(["create", "revoke"]),
      name: text(100, 1),
      scope: spec.choice(["read", "read_write"]),
      id: spec.uuid(idsOf(w)),
    }),
  },
  {
    name: "scoring settings",
    shows: ["scoring"],
    path: () => "/admin/scoring",
    own: "admin",
    foreign: "kamB",
    fields: () => ({
      version: spec.choice(["0", "1"]),
      "weights.predictability": spec.number(0, 1000),
      "weights.nps": spec.number(0, 1000),
      "bands.healthyFrom": spec.number(0, 100),
      "bands.watchFrom": spec.number(0, 100),
      dmContactDays: spec.int(1, 3650),
      sentimentFallingPenalty: spec.number(0, 1),
      highInfluenceFrom: spec.int(1, 5),
    }),
    rescoresAll: true,
  },
  {
    name: "portal: answer a delivery",
    shows: ["commitments", "expectation"],
    path: () => "/portal/commitments",
    own: "customerA",
    foreign: "customerB",
    fields: (w) => ({
      expectation_id: spec.uuid(fc.constantFrom(w.a.resolved, w.b.resolved, w.a.expectation)),
      response: spec.choice(["confirmed", "disputed_partly", "disputed_not_delivered"]),
      comment: text(2000),
      version: versionSpec,
    }),
    version: versionOf("expectations", "resolved"),
  },
  {
    name: "portal: propose an expectation",
    shows: ["commitments", "ledger"],
    path: () => "/portal/commitments/new",
    own: "customerA",
    foreign: "customerB",
    fields: (w) => ({
      title: text(300, 1),
      description: text(4000),
      category: spec.choice(EXPECTATION_CATEGORIES),
      due_date: {
        ...spec.date(),
        valid: fc
          .integer({ min: 0, max: 400 })
          .map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)),
      },
      account_id: spec.uuid(fc.constantFrom(w.a.account, w.b.account)),
    }),
  },
  {
    name: "portal: NPS and CSAT",
    shows: ["feedback", "account"],
    path: () => "/portal/feedback",
    own: "customerA",
    foreign: "customerB",
    fields: (w) => ({
      intent: spec.choice(["nps", "csat"]),
      score: spec.int(0, 10),
      comment: text(2000),
      touchpoint_id: spec.uuid(fc.constantFrom(w.a.touchpoint, w.b.touchpoint)),
      account_id: spec.uuid(fc.constantFrom(w.a.account, w.b.account)),
    }),
  },
  {
    name: "portal: accept an invitation",
    shows: ["portalAccess"],
    path: (s) => `/portal/invite/${encodeURIComponent(s.invitationToken)}`,
    own: "anonymous",
    // The invitation's token is its holder's authority: the outsider holds a tampered one.
    foreign: "customerB",
    foreignPath: (s) => `/portal/invite/${encodeURIComponent(`${s.invitationToken.slice(0, -2)}xy`)}`,
    fields: () => ({
      password: { ...text(200, 12), valid: fc.constantFrom("a long enough password", "<script>alert(1)</script>xx") },
      confirm: { ...text(200, 1), valid: fc.constantFrom("a long enough password") },
    }),
  },
  {
    name: "sign in",
    shows: [],
    path: () => "/login",
    own: "anonymous",
    foreign: "customerB",
    fields: () => ({
      email: spec.email(),
      password: text(1000, 1),
      redirectTo: { ...text(300), valid: fc.constantFrom("/accounts", "//evil.example", "/\t/evil.example", "/ä") },
    }),
  },
  {
    name: "language",
    shows: [],
    path: () => "/locale",
    own: "kamA",
    foreign: "anonymous",
    fields: () => ({
      locale: spec.choice(["en", "fi"]),
      redirectTo: { ...text(300), valid: fc.constantFrom("/accounts", "//evil.example", "/\n/evil.example") },
    }),
  },
];

async function postHostile(w: World, e: Endpoint, side: Side, role: Role, runs: number, path = e.path) {
  const fields = e.fields(w);
  await fc.assert(
    fc.asyncProperty(formBody(fields, e.fixed), async (entries) => {
      const version = e.version ? String(await e.version(side)) : "1";
      const body = entries.map(([k, v]) => [k, v === CURRENT ? version : v] as [string, string]);
      const { status, html } = await send(formPost(path(side), body, cookieOf(w, role)));
      expect(status, `${e.name} as ${role}`).toBeLessThan(500);
      expect(injectedMarkup(html)).toEqual([]);
    }),
    { numRuns: runs },
  );
}

describe("hostile form bodies through the whole app", () => {
  it.each(ENDPOINTS.map((e) => [e.name, e] as const))(
    "%s",
    async (_name, e) => {
      const w = await seedWorld();
      const otherBefore = await snapshot(w.b.account, { derived: !e.rescoresAll });
      await postHostile(w, e, w.a, e.own, OWN_RUNS);
      expect(await snapshot(w.b.account, { derived: !e.rescoresAll }), "the other account's rows").toBe(otherBefore);

      const ownBefore = await snapshot(w.a.account, { derived: !e.rescoresAll });
      await postHostile(w, e, w.a, e.foreign, FOREIGN_RUNS, e.foreignPath);
      expect(
        await snapshot(w.a.account, { derived: !e.rescoresAll }),
        "rows of the account acted on by an outsider",
      ).toBe(ownBefore);

      await assertPagesClean(w, e.shows);
    },
    120_000,
  );

  it("sent every generated body", () => {
    // Runs after the tests above (same file, in order).
    const bodies = ENDPOINTS.length * (OWN_RUNS + FOREIGN_RUNS);
    expect(counter.requests).toBeGreaterThanOrEqual(bodies);
    console.log(`hostile form bodies: ${bodies} generated, ${counter.requests} requests with the page checks`);
  });
});

// ---------------------------------------------------- hostile query strings

/** Every query parameter a page or export reads (and a few it does not). */
const QUERY_PARAMS = [
  "q", "scope", "stage", "tier", "owner", "renewal", "archived", "cursor", "kind", "group", "kam", "band", "sort", "dir",
  "months", "signals", "acknowledged", "left", "account", "ack", "from", "to", "person", "rule", "sentiment", "shared",
  "size", "status", "touchpoint", "redirectTo", "limit", "page", "nothing",
];
/** Other control characters and a lone surrogate's bytes, all parameters at once. */
const CONTROL_QUERY = QUERY_PARAMS.map((name) => `${name}=%01%1F%7F%ED%A0%80`).join("&");

const chunks = <T,>(list: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));

describe("hostile query strings through the whole app", () => {
  it("answers NUL bytes and control characters in any query parameter or path without a 500", async () => {
    const w = await seedWorld();
    const exports: [string, Role][] = [
      ["/accounts.csv", "kamA"],
      ["/portfolio.csv", "director"],
      [`${acc(w.a)}/timeline.csv`, "kamA"],
      [`${acc(w.a)}/expectations.csv`, "kamA"],
      [`${acc(w.a)}/committee.csv`, "kamA"],
      [`/import/${w.a.importJob}/errors.csv`, "kamA"],
    ];
    const targets = [...Object.values(PAGES).map((page) => page(w.a)), ...exports];
    for (const [path, role] of targets) {
      const join = path.includes("?") ? "&" : "?";
      // NUL (which PostgreSQL text cannot hold) in one parameter at a time, and in the middle of a value.
      // The search and the cursor alone (a filter refused as a whole would hide them), the rest four at a time.
      const groups = [["q"], ["cursor"], ...chunks(QUERY_PARAMS.filter((n) => n !== "q" && n !== "cursor"), 4)];
      const urls = [
        ...groups.map((names) => `${path}${join}${names.map((name) => `${name}=%00`).join("&")}`),
        `${path}${join}q=a%00b`,
        `${path}${join}${CONTROL_QUERY}`,
      ];
      for (const url of urls) {
        const res = await handle(request(url, { cookie: cookieOf(w, role) }));
        await res.arrayBuffer(); // a streamed export fails while it streams, if at all
        expect(res.status, url).toBeLessThan(500);
      }
    }
    for (const path of ["/accounts/%00", "/accounts%00", `${acc(w.a)}/touchpoints/%00`, "/import/%00/errors.csv", "/api/v1/accounts/%00"]) {
      const res = await handle(request(path, { cookie: cookieOf(w, "kamA") }));
      await res.arrayBuffer();
      expect(res.status, path).toBeLessThan(500);
    }
  }, 300_000);
});
