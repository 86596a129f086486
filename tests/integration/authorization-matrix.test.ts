import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { calendarDate } from "#app/domain/time.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { addProposedItem, createReview, moveReview } from "#app/models/business-reviews.server.ts";
import { createImportJob } from "#app/models/import/jobs.server.ts";
import { issuePasswordLink } from "#app/models/password-links.server.ts";
import { unsubscribeToken } from "#app/models/mail-preferences.server.ts";
import { createInvitation } from "#app/models/portal-access.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { addDays } from "#app/domain/dates.ts";
import { db } from "#app/utils/db.server.ts";
import { resetRateLimits } from "#app/web/rate-limit.server.ts";
import { createAccount, createExpectation, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";
import { seededOnce } from "#tests/setup/test-db.ts";

// Every route module × every role × own account / another account / a random
// uuid / a malformed id, on the URL and in form fields (tampered ids), with the
// status each must answer and a check that no response carries data it must
// not: another account's markers, or (for customers) internal-only ones.
//
// Accounts: "own" is account A (owned by kamOwner, used by customerOwn), "other"
// is account B (owned by kamOther, used by customerOther). Every row seeded for
// an account carries a marker: MKA-PUB-* may be shown to A's customers,
// MKA-INT-* only to staff, MKA-KAM names A's account manager.
//
// A route module without an entry in ROUTES fails the first test: a new route
// must say here who may do what with it.

const ROLES = ["anonymous", "customerOwn", "customerOther", "kamOther", "kamOwner", "director", "admin"] as const;
type Role = (typeof ROLES)[number];
type Variant = "own" | "other" | "random" | "malformed";
const VARIANTS: Variant[] = ["own", "other", "random", "malformed"];
type Expected = number | readonly number[];

interface AccountIds {
  account: string;
  kam: string;
  stakeholder: string;
  invitee: string;
  shared: string;
  internal: string;
  resolved: string;
  proposed: string;
  customer: string;
  revocable: string;
  token: string;
  invitation: string;
  signal: string;
  importJob: string;
  /** A one-time set-password link of the account's KAM. */
  passwordLink: string;
  /** The account's KAM's personal API token, named MKA-TOKEN / MKB-TOKEN. */
  apiToken: string;
  /** A private task of the account's KAM (MKA-INT-TASK / MKB-INT-TASK). */
  task: string;
  /** A published business review (MKA-PUB-QBR / MKB-PUB-QBR). */
  review: string;
  /** A planned meeting of the account (MKA-INT-PLAN / MKB-INT-PLAN). */
  plan: string;
  /** A re-plan the KAM says the customer was told of (a notice the portal asks about). */
  replan: string;
  /** A critical support case two days past its SLA (MKA-PUB-CASE: a review pack shows its customer the cases): the figures keep it from its KAM's deletion. */
  pastSlaCase: string;
  /** A webhook endpoint (administrators' only; not an account's, one per world side to have two). */
  webhook: string;
  /** A mail waiting in the account's KAM's inbox to be placed (mail in; MKA-INT-MAIL / MKB-INT-MAIL). */
  capturedMail: string;
}
interface World {
  own: AccountIds;
  other: AccountIds;
  cookies: Record<Role, string | undefined>;
}

interface Case {
  label: string;
  kind: "loader" | "action";
  path: string;
  params?: Record<string, string>;
  form?: Record<string, string>;
  /** Send the form as multipart/form-data (file uploads). */
  multipart?: boolean;
  expect: (role: Role) => Expected;
  /** Markers this role must not find in the response; defaults by role (see forbiddenFor). */
  forbidden?: (role: Role) => string[];
}

type Cases = (w: World) => Case[];

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUTES_DIR = path.resolve(here, "../../app/routes");
type RouteModule = { loader?: unknown; action?: unknown };
const loadRoute = (file: string): Promise<RouteModule> => import(/* @vite-ignore */ path.join(ROUTES_DIR, file));

const today = calendarDate();
const day = (n: number) => addDays(today, n);

// ---------------------------------------------------------------- ids and roles

const MALFORMED = ["1", "' or 1=1 --", "../etc/passwd", "00000000-0000-0000-0000-00000000000g", "null", "%00", "A".repeat(300)];
let malformedAt = 0;
const malformed = () => MALFORMED[malformedAt++ % MALFORMED.length]!;

function idOf(w: World, v: Variant, key: keyof AccountIds): string {
  if (v === "own" || v === "other") return w[v][key];
  const tokenLike = key === "token" || key === "passwordLink";
  return v === "random" ? (tokenLike ? randomBytes(32).toString("base64url") : randomUUID()) : malformed();
}
const real = (v: Variant): v is "own" | "other" => v === "own" || v === "other";
const flip = (v: "own" | "other"): "own" | "other" => (v === "own" ? "other" : "own");

const isCustomer = (r: Role) => r === "customerOwn" || r === "customerOther";
const isStaff = (r: Role) => r !== "anonymous" && !isCustomer(r);
/** canEditAccount: directors and admins everywhere, a KAM on their own account. */
const canEdit = (r: Role, v: Variant) =>
  r === "admin" || r === "director" || (r === "kamOwner" && v === "own") || (r === "kamOther" && v === "other");
/** canArchiveAccount (archiving and restoring): directors and admins; not even the account's own KAM. */
const canArchive = (r: Role) => r === "admin" || r === "director";
/** canDeleteTouchpoint of a case or an invoice the figures count: directors and admins, as for archiving; not its KAM. */
const canDeleteKept = (r: Role, v: Variant) => canEdit(r, v) && canArchive(r);
/** canManagePortalAccess: admins, and the account's own KAM. */
const canManage = (r: Role, v: Variant) => r === "admin" || (r === "kamOwner" && v === "own") || (r === "kamOther" && v === "other");
const kamOf = (r: Role): Variant | null => (r === "kamOwner" ? "own" : r === "kamOther" ? "other" : null);

/** Anonymous is sent to sign in, customers are refused; staff get `fn`. */
const staffOnly =
  (fn: (r: Role) => Expected) =>
  (r: Role): Expected =>
    r === "anonymous" ? 302 : isCustomer(r) ? 403 : fn(r);
/** Anonymous is sent to sign in, staff are refused; customers get `fn`. */
const customersOnly =
  (fn: (r: Role) => Expected) =>
  (r: Role): Expected =>
    r === "anonymous" ? 302 : isStaff(r) ? 403 : fn(r);
const everyone = (status: Expected) => () => status;

const ACCOUNT_MARKERS = { own: ["MKA-PUB", "MKA-INT"], other: ["MKB-PUB", "MKB-INT"] };
const INTERNAL_FIELDS = ['"internal_notes"', '"sentiment"', '"treatment"', '"stance"', '"influence"', '"delivery_note"', "password_hash", "token_hash", "MK-SECRET"];

/** Default leak rules: anonymous sees no marker; a customer nothing of another account nor anything internal. */
function forbiddenFor(role: Role, staffRule: string[]): string[] {
  if (role === "anonymous") return ["MKA-", "MKB-", ...INTERNAL_FIELDS];
  if (role === "customerOwn") return ["MKB-", "MKA-INT", ...INTERNAL_FIELDS];
  if (role === "customerOther") return ["MKA-", "MKB-INT", ...INTERNAL_FIELDS];
  return staffRule;
}
/** For a page about one account: staff see nothing of the other. */
const aboutAccount = (v: Variant) => (real(v) ? ACCOUNT_MARKERS[flip(v)] : [...ACCOUNT_MARKERS.own, ...ACCOUNT_MARKERS.other]);
/** A KAM's own-book views (portfolio, risks, export): nothing of the other KAM's accounts. */
const ownBook = (r: Role) => {
  const mine = kamOf(r);
  return mine && real(mine) ? ACCOUNT_MARKERS[flip(mine)] : [];
};

// ------------------------------------------------------------------ the table

const loaderCase = (label: string, p: string, params: Record<string, string>, expect: Case["expect"], staffRule: string[] | ((r: Role) => string[]) = []): Case => ({
  label,
  kind: "loader",
  path: p,
  params,
  expect,
  forbidden: (r) => forbiddenFor(r, typeof staffRule === "function" ? staffRule(r) : staffRule),
});
const actionCase = (
  label: string,
  p: string,
  params: Record<string, string>,
  form: Record<string, string>,
  expect: Case["expect"],
  staffRule: string[] | ((r: Role) => string[]) = [],
): Case => ({ ...loaderCase(label, p, params, expect, staffRule), kind: "action", form });

/** An internal page of one account, read by any member of staff (accountPage) or only by those who may edit it. */
function accountScoped(suffix: string, opts: { editOnly?: boolean } = {}): Cases {
  return (w) =>
    VARIANTS.map((v) => {
      const id = idOf(w, v, "account");
      return loaderCase(
        `GET ${v}`,
        `/accounts/${id}${suffix}`,
        { accountId: id },
        staffOnly((r) => (!real(v) ? 404 : opts.editOnly && !canEdit(r, v) ? 403 : 200)),
        aboutAccount(v),
      );
    });
}

/** URL account × child id (own, other, tampered across accounts, random, malformed). */
function childVariants(w: World, key: keyof AccountIds) {
  const pairs: { label: string; url: Variant; child: string; match: boolean }[] = [];
  for (const v of VARIANTS) {
    pairs.push({ label: `${v}/${v}`, url: v, child: idOf(w, v, key), match: real(v) });
  }
  pairs.push({ label: "own/other (tampered)", url: "own", child: w.other[key], match: false });
  pairs.push({ label: "other/own (tampered)", url: "other", child: w.own[key], match: false });
  return pairs.map((p) => ({ ...p, account: real(p.url) ? w[p.url].account : idOf(w, p.url, "account") }));
}

const ROUTES: Record<string, Cases> = {
  "_index.tsx": () => [loaderCase("GET", "/", {}, everyone(302))],
  "healthz.tsx": () => [loaderCase("GET", "/healthz", {}, everyone(200))],
  "livez.tsx": () => [loaderCase("GET", "/livez", {}, everyone(200))],
  "locale.tsx": () => [
    loaderCase("GET", "/locale", {}, everyone(302)),
    actionCase("POST en", "/locale", {}, { locale: "en", redirectTo: "/" }, everyone(302)),
    actionCase("POST bad", "/locale", {}, { locale: "sv" }, everyone(400)),
  ],
  "login.tsx": () => [
    loaderCase("GET", "/login", {}, (r) => (r === "anonymous" ? 200 : 302)),
    actionCase("POST wrong", "/login", {}, { email: "nobody@nowhere.example", password: "x" }, everyone([401, 429])),
  ],
  "logout.tsx": () => [loaderCase("GET", "/logout", {}, everyone(302)), actionCase("POST", "/logout", {}, {}, everyone(302))],

  "_app.tsx": () => [loaderCase("GET layout", "/accounts", {}, staffOnly(() => 200))],
  "_app.accounts._index.tsx": (w) => [
    loaderCase("GET", "/accounts", {}, staffOnly(() => 200), (r) => (r === "kamOwner" || r === "kamOther" ? ownBook(r) : [])),
    loaderCase("GET all", "/accounts?scope=all", {}, staffOnly(() => 200)),
    loaderCase("GET owner filter", `/accounts?owner=${w.other.kam}&scope=all`, {}, staffOnly(() => 200), ACCOUNT_MARKERS.own),
  ],
  "_app.accounts.new.tsx": () => [
    loaderCase("GET", "/accounts/new", {}, staffOnly(() => 200)),
    actionCase("POST empty", "/accounts/new", {}, {}, staffOnly(() => 400)),
  ],
  "_app.accounts.$accountId.tsx": (w) => [
    ...accountScoped("")(w),
    // Acknowledging a risk signal on the account page: the URL's account and the signal in the form each vary.
    ...VARIANTS.flatMap((u) =>
      VARIANTS.map((f) => {
        const id = idOf(w, u, "account");
        return actionCase(
          `POST acknowledge url=${u} field=${f}`,
          `/accounts/${id}`,
          { accountId: id },
          { intent: "acknowledge", signalId: idOf(w, f, "signal"), note: "Probe" },
          staffOnly((r) => (!real(u) ? 404 : !canEdit(r, u) ? 403 : f === "malformed" ? 400 : u === f ? 302 : 404)),
          aboutAccount(u),
        );
      }),
    ),
  ],
  "_app.accounts.$accountId_.timeline.tsx": accountScoped("/timeline"),
  "_app.accounts.$accountId_.experience.tsx": accountScoped("/experience"),
  "_app.accounts.$accountId_.edit.tsx": (w) => [
    ...accountScoped("/edit", { editOnly: true })(w),
    // Archiving or restoring takes the account out of (or back into) the portfolio and the risk inbox: directors and admins only.
    ...(["archive", "restore"] as const).flatMap((intent) =>
      VARIANTS.map((v) => {
        const id = idOf(w, v, "account");
        return actionCase(
          `POST ${intent} ${v} (stale)`,
          `/accounts/${id}/edit`,
          { accountId: id },
          { intent, version: "999" },
          staffOnly((r) => (!real(v) ? 404 : canArchive(r) ? 409 : 403)),
          aboutAccount(v),
        );
      }),
    ),
  ],
  "_app.accounts.$accountId_.expectations._index.tsx": (w) => [
    ...accountScoped("/expectations")(w),
    // Accepting a proposal named in the form: the URL's account and the field's id each vary.
    ...VARIANTS.flatMap((u) =>
      VARIANTS.map((f) => {
        const id = idOf(w, u, "account");
        return actionCase(
          `POST accept url=${u} field=${f}`,
          `/accounts/${id}/expectations`,
          { accountId: id },
          { intent: "accept", expectation_id: idOf(w, f, "proposed"), version: "999" },
          staffOnly((r) => (!real(u) || u !== f ? 404 : canEdit(r, u) ? 409 : 403)),
          aboutAccount(u),
        );
      }),
    ),
  ],
  "_app.accounts.$accountId_.expectations.$expectationId.tsx": (w) =>
    childVariants(w, "resolved").flatMap((p) => {
      const params = { accountId: p.account, expectationId: p.child };
      const url = `/accounts/${p.account}/expectations/${p.child}`;
      return [
        loaderCase(`GET ${p.label}`, url, params, staffOnly(() => (p.match ? 200 : 404)), aboutAccount(p.url)),
        actionCase(
          `POST accept ${p.label} (stale)`,
          url,
          params,
          { intent: "accept", version: "999" },
          staffOnly((r) => (!p.match ? 404 : canEdit(r, p.url) ? 409 : 403)),
          aboutAccount(p.url),
        ),
      ];
    }),
  "_app.accounts.$accountId_.expectations.new.tsx": (w) => [
    ...accountScoped("/expectations/new", { editOnly: true })(w),
    ...VARIANTS.flatMap((u) =>
      (["same", "cross"] as const).map((h) => {
        const id = idOf(w, u, "account");
        const holder = real(u) ? w[h === "same" ? u : flip(u)].stakeholder : randomUUID();
        return actionCase(
          `POST holder=${h} url=${u}`,
          `/accounts/${id}/expectations/new`,
          { accountId: id },
          { title: "Probe expectation", category: "delivery", source: "contract", importance: "2", due_date: day(30), holder_stakeholder_id: holder },
          staffOnly((r) => (!real(u) ? 404 : !canEdit(r, u) ? 403 : h === "same" ? 302 : 400)),
          aboutAccount(u),
        );
      }),
    ),
  ],
  // Logging a touchpoint is a write to the account (canLogTouchpoint = canEditAccount), as in the API and imports.
  "_app.accounts.$accountId_.touchpoints.new.tsx": (w) => [
    ...accountScoped("/touchpoints/new", { editOnly: true })(w),
    ...VARIANTS.map((v) => {
      const id = idOf(w, v, "account");
      return actionCase(`POST empty ${v}`, `/accounts/${id}/touchpoints/new`, { accountId: id }, {}, staffOnly(() => (v === "malformed" ? 404 : 400)), aboutAccount(v));
    }),
    ...VARIANTS.map((v) => {
      const id = idOf(w, v, "account");
      const call = { intent: "create", kind: "call", occurred_at: "2026-11-03T14:15", title: "Probe call" };
      return actionCase(`POST call ${v}`, `/accounts/${id}/touchpoints/new`, { accountId: id }, call, staffOnly((r) => (!real(v) ? 404 : canEdit(r, v) ? 302 : 403)), aboutAccount(v));
    }),
    // Recording a plan: the plan must be the URL account's (another's is not there, and nothing is logged).
    ...childVariants(w, "plan")
      .filter((p) => real(p.url))
      .map((p) => {
        const call = { intent: "create", kind: "call", occurred_at: "2026-11-03T14:15", title: "Probe call", records_plan: p.child };
        return actionCase(`POST call recording plan ${p.label}`, `/accounts/${p.account}/touchpoints/new`, { accountId: p.account }, call, staffOnly((r) => (!canEdit(r, p.url) ? 403 : !p.match ? 404 : [302, 400])), aboutAccount(p.url));
      }),
  ],
  "_app.accounts.$accountId_.touchpoints.$touchpointId.tsx": (w) =>
    childVariants(w, "shared").flatMap((p) => {
      const params = { accountId: p.account, touchpointId: p.child };
      const url = `/accounts/${p.account}/touchpoints/${p.child}`;
      return [
        loaderCase(`GET ${p.label}`, url, params, staffOnly((r) => (!p.match ? 404 : canEdit(r, p.url) ? 200 : 403)), aboutAccount(p.url)),
        actionCase(
          `POST delete ${p.label} (stale)`,
          url,
          params,
          { intent: "delete", confirm: "yes", version: "999" },
          staffOnly((r) => (!p.match ? 404 : canEdit(r, p.url) ? 409 : 403)),
          aboutAccount(p.url),
        ),
      ];
    }).concat(
      // A case past its SLA: refused to its KAM before the version is compared (the stale version never deletes it).
      childVariants(w, "pastSlaCase").map((p) =>
        actionCase(
          `POST delete past-SLA case ${p.label} (stale)`,
          `/accounts/${p.account}/touchpoints/${p.child}`,
          { accountId: p.account, touchpointId: p.child },
          { intent: "delete", confirm: "yes", version: "999" },
          staffOnly((r) => (!p.match ? 404 : canDeleteKept(r, p.url) ? 409 : 403)),
          aboutAccount(p.url),
        ),
      ),
    ),
  "_app.accounts.$accountId_.reviews._index.tsx": (w) => [
    ...accountScoped("/reviews")(w),
    ...VARIANTS.map((v) => {
      const id = idOf(w, v, "account");
      return actionCase(
        `POST create ${v}`,
        `/accounts/${id}/reviews`,
        { accountId: id },
        { title: "Probe review", period_start: day(-30), period_end: day(0) },
        staffOnly((r) => (!real(v) ? 404 : canEdit(r, v) ? 302 : 403)),
        aboutAccount(v),
      );
    }),
  ],
  "_app.accounts.$accountId_.reviews.$reviewId.tsx": (w) =>
    childVariants(w, "review").flatMap((p) => {
      const params = { accountId: p.account, reviewId: p.child };
      const url = `/accounts/${p.account}/reviews/${p.child}`;
      // Refused by the account's write rule before the review is looked up.
      const write = (r: Role) => (!real(p.url) ? 404 : !canEdit(r, p.url) ? 403 : p.match ? 409 : 404);
      return [
        loaderCase(`GET ${p.label}`, url, params, staffOnly(() => (p.match ? 200 : 404)), aboutAccount(p.url)),
        actionCase(`POST saveText ${p.label} (stale)`, url, params, { intent: "saveText", version: "999", title: "Probe" }, staffOnly(write), aboutAccount(p.url)),
        actionCase(`POST publish ${p.label} (stale)`, url, params, { intent: "publish", version: "999" }, staffOnly(write), aboutAccount(p.url)),
        actionCase(
          `POST record ${p.label} (stale)`,
          url,
          params,
          { intent: "record", version: "999", occurred_at: "2026-11-03T14:15" },
          staffOnly(write),
          aboutAccount(p.url),
        ),
      ];
    }),
  "_app.accounts.$accountId_.tasks.tsx": (w) => {
    // A KAM never sees another KAM's private task: kamOther not A's, kamOwner not B's.
    const privateOf = (r: Role, v: Variant) => (r === "kamOther" && v === "own" ? ["MKA-INT-TASK"] : r === "kamOwner" && v === "other" ? ["MKB-INT-TASK"] : []);
    return [
      ...VARIANTS.map((v) => {
        const id = idOf(w, v, "account");
        return loaderCase(`GET ${v}`, `/accounts/${id}/tasks`, { accountId: id }, staffOnly(() => (real(v) ? 200 : 404)), (r) => [...aboutAccount(v), ...privateOf(r, v)]);
      }),
      ...VARIANTS.map((v) => {
        const id = idOf(w, v, "account");
        return actionCase(
          `POST createTask ${v}`,
          `/accounts/${id}/tasks`,
          { accountId: id },
          { intent: "createTask", accountId: id, title: "Probe task", visibility: "account" },
          staffOnly((r) => (!real(v) ? 404 : canEdit(r, v) ? 302 : 403)),
          (r) => [...aboutAccount(v), ...privateOf(r, v)],
        );
      }),
      actionCase(
        "POST createTask tampered account in the form",
        `/accounts/${w.own.account}/tasks`,
        { accountId: w.own.account },
        { intent: "createTask", accountId: w.other.account, title: "Probe task", visibility: "account" },
        staffOnly(() => 400),
        ACCOUNT_MARKERS.other,
      ),
      ...childVariants(w, "task").map((p) =>
        actionCase(
          `POST completeTask ${p.label}`,
          `/accounts/${p.account}/tasks`,
          { accountId: p.account },
          { intent: "completeTask", accountId: p.account, taskId: p.child, version: "1" },
          // Not visible, not there or not of this account: "gone" (a flash), never done.
          staffOnly(() => (!real(p.url) ? 404 : p.label.endsWith("malformed") ? 400 : 302)),
          (r) => (real(p.url) ? [...aboutAccount(p.url), ...privateOf(r, p.url)] : []),
        ),
      ),
    ];
  },
  "_app.accounts.$accountId_.plans.tsx": (w) => [
    ...accountScoped("/plans")(w),
    ...VARIANTS.map((v) => {
      const id = idOf(w, v, "account");
      const fields = { intent: "plan", formId: "new", kind: "meeting", planned_for: `${addDays(calendarDate(), 3)}T10:00`, title: "Probe plan" };
      return actionCase(`POST plan ${v}`, `/accounts/${id}/plans`, { accountId: id }, fields, staffOnly((r) => (!real(v) ? 404 : canEdit(r, v) ? 302 : 403)), aboutAccount(v));
    }),
    ...childVariants(w, "plan").map((p) =>
      actionCase(
        `POST cancelPlan ${p.label} (stale)`,
        `/accounts/${p.account}/plans`,
        { accountId: p.account },
        { intent: "cancelPlan", planId: p.child, version: "999" },
        // Another account's plan is not there; a stale version is refused with a flash (302), never cancelled.
        staffOnly((r) => (!real(p.url) ? 404 : p.label.endsWith("malformed") ? 400 : !p.match ? 404 : canEdit(r, p.url) ? 302 : 403)),
        aboutAccount(p.url),
      ),
    ),
  ],
  "_app.accounts.$accountId_.plans_.$planId.tsx": (w) =>
    childVariants(w, "plan").flatMap((p) => {
      const params = { accountId: p.account, planId: p.child };
      const url = `/accounts/${p.account}/plans/${p.child}`;
      return [
        loaderCase(`GET ${p.label}`, url, params, staffOnly((r) => (!p.match ? 404 : canEdit(r, p.url) ? 200 : 403)), aboutAccount(p.url)),
        actionCase(
          `POST updatePlan ${p.label} (stale)`,
          url,
          params,
          { intent: "updatePlan", formId: "edit", planId: p.child, version: "999", kind: "call", planned_for: `${addDays(calendarDate(), 3)}T10:00`, title: "Probe" },
          staffOnly((r) => (!p.match ? 404 : canEdit(r, p.url) ? 400 : 403)),
          aboutAccount(p.url),
        ),
      ];
    }),
  "_app.accounts.$accountId_.portal-access.tsx": (w) => [
    ...accountScoped("/portal-access")(w),
    // Inviting, ending access and withdrawing invitations: URL account × the id in the form.
    ...(
      [
        ["invite", "stakeholder_id", "invitee", [200]],
        ["revoke", "user_id", "revocable", [302, 404]],
        ["revoke_invitation", "invitation_id", "invitation", [302, 404]],
        ["ask_nps", "stakeholder_id", "stakeholder", [302]],
      ] as const
    ).flatMap(([intent, field, key, ok]) =>
      VARIANTS.flatMap((u) =>
        VARIANTS.map((f) => {
          const id = idOf(w, u, "account");
          return actionCase(
            `POST ${intent} url=${u} field=${f}`,
            `/accounts/${id}/portal-access`,
            { accountId: id },
            { intent, [field]: idOf(w, f, key) },
            staffOnly((r) => (!real(u) ? 404 : !canManage(r, u) ? 403 : f === "malformed" ? 400 : u === f ? ok : 404)),
            aboutAccount(u),
          );
        }),
      ),
    ),
  ],
  "_app.accounts.$accountId_.committee._index.tsx": (w) => [
    ...accountScoped("/committee")(w),
    // Changing a role from the list: the URL's account and the person named in the form each vary.
    ...VARIANTS.flatMap((u) =>
      VARIANTS.map((f) => {
        const id = idOf(w, u, "account");
        return actionCase(
          `POST role url=${u} field=${f} (stale)`,
          `/accounts/${id}/committee`,
          { accountId: id },
          { intent: "role", stakeholder_id: idOf(w, f, "stakeholder"), committee_role: "champion", version: "999" },
          staffOnly((r) => (!real(u) || u !== f ? 404 : canEdit(r, u) ? 409 : 403)),
          aboutAccount(u),
        );
      }),
    ),
  ],
  "_app.accounts.$accountId_.committee.$stakeholderId.tsx": (w) =>
    childVariants(w, "stakeholder").flatMap((p) => {
      const params = { accountId: p.account, stakeholderId: p.child };
      const url = `/accounts/${p.account}/committee/${p.child}`;
      return [
        loaderCase(`GET ${p.label}`, url, params, staffOnly(() => (p.match ? 200 : 404)), aboutAccount(p.url)),
        actionCase(
          `POST rejoin ${p.label} (stale)`,
          url,
          params,
          { intent: "rejoin", version: "999" },
          staffOnly((r) => (!p.match ? 404 : canEdit(r, p.url) ? 409 : 403)),
          aboutAccount(p.url),
        ),
      ];
    }),
  "_app.accounts.$accountId_.committee.new.tsx": (w) => [
    ...accountScoped("/committee/new", { editOnly: true })(w),
    ...VARIANTS.map((v) => {
      const id = idOf(w, v, "account");
      return actionCase(`POST empty ${v}`, `/accounts/${id}/committee/new`, { accountId: id }, {}, staffOnly(() => (v === "malformed" ? 404 : 400)), aboutAccount(v));
    }),
  ],
  // Imports belong to whoever uploaded them (and administrators): anyone else gets a 404.
  "_app.import._index.tsx": () => [
    loaderCase("GET", "/import", {}, staffOnly(() => 200), (r) => (r === "director" ? ["MKA-INT", "MKB-INT"] : ownBook(r))),
    { ...actionCase("POST bad kind", "/import", {}, { kind: "nonsense", source: "probe", file: "a;b\n1;2\n" }, staffOnly(() => 400)), multipart: true },
  ],
  "_app.import.$jobId.tsx": (w) =>
    VARIANTS.flatMap((v) => {
      const id = idOf(w, v, "importJob");
      const sees = (r: Role) => r === "admin" || kamOf(r) === v;
      return [
        loaderCase(`GET ${v}`, `/import/${id}`, { jobId: id }, staffOnly((r) => (real(v) && sees(r) ? 200 : 404)), aboutAccount(v)),
        actionCase(`POST save ${v}`, `/import/${id}`, { jobId: id }, { intent: "save", source: "probe" }, staffOnly((r) => (real(v) && sees(r) ? 302 : 404)), aboutAccount(v)),
        // Cancel and retry: someone else's job is not there; one's own draft is neither running nor stopped (nothing changes).
        actionCase(`POST cancel ${v}`, `/import/${id}`, { jobId: id }, { intent: "cancel" }, staffOnly((r) => (real(v) && sees(r) ? 302 : 404)), aboutAccount(v)),
        actionCase(`POST retry ${v}`, `/import/${id}`, { jobId: id }, { intent: "retry" }, staffOnly((r) => (real(v) && sees(r) ? 302 : 404)), aboutAccount(v)),
      ];
    }),
  "import.$jobId.errors[.]csv.ts": (w) =>
    VARIANTS.map((v) => {
      const id = idOf(w, v, "importJob");
      const sees = (r: Role) => r === "admin" || kamOf(r) === v;
      return loaderCase(`GET ${v}`, `/import/${id}/errors.csv`, { jobId: id }, staffOnly((r) => (real(v) && sees(r) ? 200 : 404)), aboutAccount(v));
    }),
  "_app.log.tsx": (w) => [
    loaderCase("GET", "/log", {}, staffOnly(() => 200)),
    ...VARIANTS.map((v) => {
      const id = idOf(w, v, "account");
      return loaderCase(`GET account=${v}`, `/log?account=${encodeURIComponent(id)}`, {}, staffOnly((r) => (!real(v) ? 404 : canEdit(r, v) ? 200 : 403)), aboutAccount(v));
    }),
    ...VARIANTS.map((v) =>
      actionCase(`POST empty account_id=${v}`, "/log", {}, { account_id: idOf(w, v, "account") }, staffOnly(() => (v === "malformed" ? 404 : 400)), aboutAccount(v)),
    ),
    ...VARIANTS.map((v) =>
      actionCase(
        `POST call account_id=${v}`,
        "/log",
        {},
        { account_id: idOf(w, v, "account"), intent: "create", kind: "call", occurred_at: "2026-11-03T14:15", title: "Probe call" },
        staffOnly((r) => (v === "malformed" || v === "random" ? 404 : canEdit(r, v) ? 302 : 403)),
        aboutAccount(v),
      ),
    ),
  ],
  "_app.my-work.tsx": (w) => [
    loaderCase("GET", "/my-work", {}, staffOnly(() => 200), ownBook),
    // Inbox intents act on the signed-in person's own inbox: an item not in it is "gone" (a flash), never another's.
    ...VARIANTS.flatMap((v) => [
      // A malformed key is refused (400) when it is too long to be one, else it is simply not in the inbox.
      actionCase(`POST done ${v}`, "/my-work", {}, { intent: "done", key: `customer_expectation:${idOf(w, v, "proposed")}` }, staffOnly(() => (v === "malformed" ? [302, 400] : 302)), ownBook),
      actionCase(
        `POST snooze ${v}`,
        "/my-work",
        {},
        { intent: "snooze", key: `customer_expectation:${idOf(w, v, "proposed")}`, until: day(3) },
        staffOnly(() => (v === "malformed" ? [302, 400] : 302)),
        ownBook,
      ),
      actionCase(
        `POST hand over ${v}`,
        "/my-work",
        {},
        { intent: "handOver", key: `customer_expectation:${idOf(w, v, "proposed")}`, to: idOf(w, v, "kam") },
        // To oneself or to a customer is refused beside the field; to a colleague it goes (or the item is gone).
        staffOnly((r) => (v === "malformed" ? 400 : v === "random" ? 400 : kamOf(r) === v ? 400 : 302)),
        ownBook,
      ),
      // Mail in: a captured mail is only its receiver's to discard or place; anyone else finds it gone (a flash).
      actionCase(
        `POST discardMail ${v}`,
        "/my-work",
        {},
        { intent: "discardMail", mailId: idOf(w, v, "capturedMail"), version: "1" },
        staffOnly(() => (v === "malformed" ? 400 : 302)),
        ownBook,
      ),
      actionCase(
        `POST placeMail ${v}`,
        "/my-work",
        {},
        { intent: "placeMail", mailId: idOf(w, v, "capturedMail"), accountId: idOf(w, v, "account"), version: "1" },
        staffOnly(() => (v === "malformed" ? 400 : 302)),
        ownBook,
      ),
      actionCase(
        `POST createTask ${v}`,
        "/my-work",
        {},
        { intent: "createTask", accountId: idOf(w, v, "account"), title: "Probe task", visibility: "account" },
        staffOnly((r) => (v === "malformed" ? 400 : v === "random" ? 404 : canEdit(r, v) ? 302 : 403)),
        ownBook,
      ),
    ]),
    ...childVariants(w, "task").map((p) =>
      actionCase(
        `POST completeTask ${p.label}`,
        "/my-work",
        {},
        { intent: "completeTask", accountId: p.account, taskId: p.child, version: "1" },
        // The tasks are private: to anyone but their KAM, directors and admins they are not there ("gone", a flash).
        staffOnly(() => (p.url === "malformed" || p.label.endsWith("malformed") ? 400 : 302)),
        ownBook,
      ),
    ),
  ],
  "_app.portfolio._index.tsx": (w) => [
    loaderCase("GET", "/portfolio", {}, staffOnly(() => 200), ownBook),
    loaderCase("GET kam filter", `/portfolio?kam=${w.other.kam}`, {}, staffOnly(() => 200), ownBook),
  ],
  "_app.portfolio.trends.tsx": (w) => [
    loaderCase("GET", "/portfolio/trends", {}, staffOnly(() => 200), ownBook),
    loaderCase("GET kam filter", `/portfolio/trends?kam=${w.other.kam}`, {}, staffOnly(() => 200), ownBook),
  ],
  "_app.portfolio.surprises.tsx": (w) => [
    loaderCase("GET", "/portfolio/surprises", {}, staffOnly(() => 200), ownBook),
    ...VARIANTS.map((v) =>
      loaderCase(
        `GET kam ${v}`,
        `/portfolio/surprises?kam=${encodeURIComponent(idOf(w, v, "kam"))}`,
        {},
        // A KAM always gets their own; a director an unknown KAM's 404; a malformed filter is dropped.
        staffOnly((r) => (kamOf(r) || v !== "random" ? 200 : 404)),
        ownBook,
      ),
    ),
  ],
  "_app.portfolio.experience.tsx": (w) => [
    loaderCase("GET", "/portfolio/experience", {}, staffOnly(() => 200), ownBook),
    loaderCase("GET cell", "/portfolio/experience?cell=badly_resolved&kind=invoice&months=6", {}, staffOnly(() => 200), ownBook),
    ...VARIANTS.map((v) =>
      loaderCase(
        `GET kam ${v}`,
        `/portfolio/experience?kam=${encodeURIComponent(idOf(w, v, "kam"))}&cell=well_resolved`,
        {},
        // A KAM always gets their own; a director an unknown KAM's 404; a malformed filter is dropped.
        staffOnly((r) => (kamOf(r) || v !== "random" ? 200 : 404)),
        ownBook,
      ),
    ),
  ],
  "_app.portfolio.kams.$userId.tsx": (w) =>
    VARIANTS.map((v) => {
      const id = idOf(w, v, "kam");
      return loaderCase(
        `GET ${v}`,
        `/portfolio/kams/${id}`,
        { userId: id },
        staffOnly((r) => {
          if (v === "malformed") return 404;
          const mine = kamOf(r);
          if (mine) return v === mine ? 200 : 403;
          return real(v) ? 200 : 404;
        }),
        aboutAccount(v),
      );
    }),
  "_app.risks.tsx": (w) => [
    loaderCase("GET", "/risks", {}, staffOnly(() => 200), ownBook),
    ...[...VARIANTS, "own/other (tampered)" as const].map((v) => {
      const tampered = v === "own/other (tampered)";
      const accountId = tampered ? w.own.account : idOf(w, v, "account");
      const signalId = tampered ? w.other.signal : idOf(w, v, "signal");
      return actionCase(
        `POST acknowledge ${v}`,
        "/risks",
        {},
        { intent: "acknowledge", accountId, signalId, note: "Probe" },
        staffOnly((r) => (tampered || v === "random" ? 404 : v === "malformed" ? 400 : canEdit(r, v) ? 302 : 403)),
        tampered ? ACCOUNT_MARKERS.other : aboutAccount(v as Variant),
      );
    }),
    // Several at once (checkboxes "accountId:signalId" and one note): the same answer per signal.
    ...[...VARIANTS, "own/other (tampered)" as const].map((v) => {
      const tampered = v === "own/other (tampered)";
      const accountId = tampered ? w.own.account : idOf(w, v, "account");
      const signalId = tampered ? w.other.signal : idOf(w, v, "signal");
      return actionCase(
        `POST acknowledge_many ${v}`,
        "/risks",
        {},
        { intent: "acknowledge_many", signal: `${accountId}:${signalId}`, note: "Probe" },
        staffOnly((r) => (tampered || v === "random" ? 404 : v === "malformed" ? 400 : canEdit(r, v) ? 302 : 403)),
        tampered ? ACCOUNT_MARKERS.other : aboutAccount(v as Variant),
      );
    }),
  ],
  "_app.admin.inbox.tsx": () => [
    loaderCase("GET", "/admin/inbox", {}, staffOnly((r) => (r === "admin" ? 200 : 403))),
    actionCase("POST bad days", "/admin/inbox", {}, { escalationDays: "x", dueSoonDays: "7", surveyDays: "30" }, staffOnly((r) => (r === "admin" ? 400 : 403))),
  ],
  "_app.admin.scoring.tsx": () => [
    loaderCase("GET", "/admin/scoring", {}, staffOnly((r) => (r === "admin" ? 200 : 403))),
    actionCase("POST bad version", "/admin/scoring", {}, { version: "x" }, staffOnly((r) => (r === "admin" ? 400 : 403))),
  ],
  // Exports of one account: every member of staff may read them (as the pages they come from).
  "accounts.$accountId.committee[.]csv.ts": accountScoped("/committee.csv"),
  "accounts.$accountId.expectations[.]csv.ts": accountScoped("/expectations.csv"),
  "accounts.$accountId.export[.]json.ts": accountScoped("/export.json"),
  "accounts.$accountId.timeline[.]csv.ts": accountScoped("/timeline.csv"),
  "accounts.$accountId.experience[.]csv.ts": accountScoped("/experience.csv"),
  "accounts.$accountId.expected[.]csv.ts": accountScoped("/expected.csv"),
  "portfolio.experience[.]csv.ts": (w) => [
    loaderCase("GET", "/portfolio/experience.csv?months=24", {}, staffOnly(() => 200), ownBook),
    ...VARIANTS.map((v) =>
      loaderCase(
        `GET kam ${v}`,
        `/portfolio/experience.csv?kam=${encodeURIComponent(idOf(w, v, "kam"))}`,
        {},
        staffOnly((r) => (kamOf(r) || v !== "random" ? 200 : 404)),
        ownBook,
      ),
    ),
  ],
  "accounts[.]csv.ts": () => [
    loaderCase("GET", "/accounts.csv", {}, staffOnly(() => 200), ownBook),
    loaderCase("GET all", "/accounts.csv?scope=all", {}, staffOnly(() => 200)),
  ],
  // The API answers bearer tokens only: no session, staff or customer, opens it.
  "api.v1.accounts.ts": () => apiCases("/api/v1/accounts", {}),
  "api.v1.accounts.$externalId.ts": (w) => VARIANTS.flatMap((v) => apiCases(`/api/v1/accounts/${v}`, { externalId: idOf(w, v, "account") })),
  "api.v1.accounts.$externalId.expectations.ts": (w) =>
    VARIANTS.flatMap((v) => apiCases(`/api/v1/accounts/${v}/expectations`, { externalId: idOf(w, v, "account") })),
  "api.v1.accounts.$externalId.stakeholders.ts": (w) =>
    VARIANTS.flatMap((v) => apiCases(`/api/v1/accounts/${v}/stakeholders`, { externalId: idOf(w, v, "account") })),
  "api.v1.accounts.$externalId.expectations.$expectationId.replans.ts": (w) =>
    VARIANTS.flatMap((v) =>
      apiCases(`/api/v1/accounts/${v}/expectations/E-1/replans`, { externalId: idOf(w, v, "account"), expectationId: "E-1" }),
    ),
  "api.v1.accounts.$externalId.expectations.$expectationId.delivery.ts": (w) =>
    VARIANTS.flatMap((v) =>
      apiCases(`/api/v1/accounts/${v}/expectations/E-1/delivery`, { externalId: idOf(w, v, "account"), expectationId: "E-1" }),
    ),
  "api.v1.accounts.$externalId.survey-answers.ts": (w) =>
    VARIANTS.flatMap((v) => apiCases(`/api/v1/accounts/${v}/survey-answers`, { externalId: idOf(w, v, "account") })),
  "api.v1.accounts.$externalId.touchpoints.ts": (w) =>
    VARIANTS.flatMap((v) => apiCases(`/api/v1/accounts/${v}/touchpoints`, { externalId: idOf(w, v, "account") })),
  "api.v1.accounts.$externalId.scores.ts": (w) =>
    VARIANTS.flatMap((v) => apiCases(`/api/v1/accounts/${v}/scores`, { externalId: idOf(w, v, "account") })),
  // Any other /api/ path: a JSON 404 for everyone, whatever the method; nothing is read.
  "api.$.ts": () => [
    loaderCase("GET unknown", "/api/v1/nothing", { "*": "v1/nothing" }, everyone(404), ["MKA-", "MKB-"]),
    actionCase("POST unknown", "/api/v1/nothing", { "*": "v1/nothing" }, { name: "Probe" }, everyone(404), ["MKA-", "MKB-"]),
  ],
  // The API's description: public, and it holds no data.
  // (It names the fields, internal ones included, so only the account markers are checked.)
  "api.v1.accounts.$externalId.tasks.ts": (w) =>
    VARIANTS.flatMap((v) => apiCases(`/api/v1/accounts/${v}/tasks`, { externalId: idOf(w, v, "account") })),
  "api.v1.inbox.ts": () => apiCases("/api/v1/inbox", {}),
  "api.v1.openapi[.]json.ts": () => [{ ...loaderCase("GET", "/api/v1/openapi.json", {}, everyone(200)), forbidden: () => ["MKA-", "MKB-"] }],
  // Every token is the administrator's to manage; nobody else reaches this page.
  "_app.admin.api-tokens.tsx": (w) => [
    loaderCase("GET", "/admin/api-tokens", {}, staffOnly((r) => (r === "admin" ? 200 : 403))),
    actionCase("POST empty", "/admin/api-tokens", {}, {}, staffOnly((r) => (r === "admin" ? 400 : 403))),
    ...VARIANTS.map((v) =>
      actionCase(`POST personal for ${v} KAM`, "/admin/api-tokens", {}, { name: "Probe", scope: "read", owner: idOf(w, v, "kam") }, staffOnly((r) => (r !== "admin" ? 403 : real(v) ? 200 : 400))),
    ),
    actionCase("POST personal for a customer", "/admin/api-tokens", {}, { name: "Probe", scope: "read", owner: w.own.customer }, staffOnly((r) => (r === "admin" ? 400 : 403))),
    ...VARIANTS.map((v) =>
      actionCase(`POST revoke ${v}`, "/admin/api-tokens", {}, { intent: "revoke", id: idOf(w, v, "apiToken") }, staffOnly((r) => (r === "admin" ? 302 : 403))),
    ),
  ],
  // The outbox: administrators only (it holds everyone's mail); unknown messages are 404 to them.
  "_app.admin.outbox.tsx": () => [
    loaderCase("GET", "/admin/outbox", {}, staffOnly((r) => (r === "admin" ? 200 : 403))),
    loaderCase("GET an unknown message", `/admin/outbox?message=${randomUUID()}`, {}, staffOnly((r) => (r === "admin" ? 404 : 403))),
    loaderCase("GET a malformed message id", "/admin/outbox?message=nope", {}, staffOnly((r) => (r === "admin" ? 404 : 403))),
    actionCase("POST empty", "/admin/outbox", {}, {}, staffOnly((r) => (r === "admin" ? 400 : 403))),
    actionCase("POST resend unknown", "/admin/outbox", {}, { intent: "resend", id: randomUUID() }, staffOnly((r) => (r === "admin" ? 404 : 403))),
  ],
  // Webhooks: administrators only (every account's events go out through them); unknown or malformed endpoints are 404 to them.
  "_app.admin.webhooks._index.tsx": () => [
    loaderCase("GET", "/admin/webhooks", {}, staffOnly((r) => (r === "admin" ? 200 : 403))),
    actionCase("POST empty", "/admin/webhooks", {}, {}, staffOnly((r) => (r === "admin" ? 400 : 403))),
    actionCase("POST http to another host", "/admin/webhooks", {}, { url: "http://hooks.example/x", events: "touchpoint.logged" }, staffOnly((r) => (r === "admin" ? 400 : 403))),
    actionCase("POST dismiss the notice", "/admin/webhooks", {}, { intent: "dismiss" }, staffOnly((r) => (r === "admin" ? 302 : 403))),
  ],
  "_app.admin.webhooks.$endpointId.tsx": (w) =>
    VARIANTS.flatMap((v) => {
      const id = idOf(w, v, "webhook");
      const expect = (ok: number) => staffOnly((r) => (r !== "admin" ? 403 : real(v) ? ok : 404));
      return [
        loaderCase(`GET ${v}`, `/admin/webhooks/${id}`, { endpointId: id }, expect(200)),
        actionCase(`POST test ${v}`, `/admin/webhooks/${id}`, { endpointId: id }, { intent: "test" }, expect(302)),
        actionCase(`POST disable ${v}`, `/admin/webhooks/${id}`, { endpointId: id }, { intent: "disable" }, expect(302)),
        actionCase(
          `POST update ${v} (stale)`,
          `/admin/webhooks/${id}`,
          { endpointId: id },
          { intent: "update", url: "https://hooks.example/new", events: "signal.raised", version: "999" },
          expect(409),
        ),
        actionCase(`POST resend unknown delivery ${v}`, `/admin/webhooks/${id}`, { endpointId: id }, { intent: "resend", delivery: randomUUID() }, expect(404)),
      ];
    }),
  // One's own personal tokens: another's are neither listed nor revocable (404).
  "_app.settings.api-tokens.tsx": (w) => {
    const othersTokens = (r: Role) => (kamOf(r) === "own" ? ["MKB-TOKEN"] : kamOf(r) === "other" ? ["MKA-TOKEN"] : ["MKA-TOKEN", "MKB-TOKEN"]);
    return [
      loaderCase("GET", "/settings/api-tokens", {}, staffOnly(() => 200), othersTokens),
      actionCase("POST empty", "/settings/api-tokens", {}, {}, staffOnly(() => 400), othersTokens),
      ...VARIANTS.map((v) =>
        actionCase(
          `POST revoke ${v}`,
          "/settings/api-tokens",
          {},
          { intent: "revoke", id: idOf(w, v, "apiToken") },
          staffOnly((r) => (real(v) && kamOf(r) === v ? 302 : 404)),
          othersTokens,
        ),
      ),
    ];
  },
  // One's own calendar feed: nobody manages another's (the page names no id); an unknown intent is refused.
  "_app.settings.calendar.tsx": () => [
    loaderCase("GET", "/settings/calendar", {}, staffOnly(() => 200)),
    actionCase("POST unknown intent", "/settings/calendar", {}, { intent: "share" }, staffOnly(() => 400)),
    actionCase("POST revoke (none)", "/settings/calendar", {}, { intent: "revoke" }, staffOnly(() => 302)),
  ],
  // The feed needs no sign-in: its secret token is the key (tested with real tokens in calendar.test.ts); anything else is 404 for everyone.
  "calendar.$token.ts": () =>
    (["random", "malformed"] as const).map((v) => {
      const token = v === "random" ? `kc_${randomBytes(32).toString("base64url")}.ics` : malformed();
      return { ...loaderCase(`GET ${v}`, `/calendar/${encodeURIComponent(token)}`, { token }, everyone(404)), forbidden: () => ["MKA-", "MKB-", ...INTERNAL_FIELDS] };
    }),
  "portfolio[.]csv.ts": () => [loaderCase("GET", "/portfolio.csv", {}, staffOnly(() => 200), ownBook)],
  // The audit log and user management: administrators only; the log is read only (no action).
  "_app.admin.audit.tsx": (w) => [
    loaderCase("GET", "/admin/audit", {}, staffOnly((r) => (r === "admin" ? 200 : 403))),
    ...VARIANTS.map((v) =>
      loaderCase(
        `GET account=${v}`,
        `/admin/audit?account=${encodeURIComponent(idOf(w, v, "account"))}`,
        {},
        staffOnly((r) => (r !== "admin" ? 403 : v === "malformed" ? 400 : 200)),
      ),
    ),
    loaderCase("GET bad dates", "/admin/audit?from=2026-02-30&to=x", {}, staffOnly((r) => (r === "admin" ? 400 : 403))),
  ],
  "_app.admin.users._index.tsx": () => [
    loaderCase("GET", "/admin/users", {}, staffOnly((r) => (r === "admin" ? 200 : 403))),
    actionCase("POST empty", "/admin/users", {}, {}, staffOnly((r) => (r === "admin" ? 400 : 403))),
  ],
  "_app.admin.users.$userId.tsx": (w) =>
    VARIANTS.flatMap((v) => {
      const id = idOf(w, v, "kam");
      return [
        loaderCase(`GET kam ${v}`, `/admin/users/${id}`, { userId: id }, staffOnly((r) => (r !== "admin" ? 403 : real(v) ? 200 : 404))),
        actionCase(
          `POST role ${v} (stale)`,
          `/admin/users/${id}`,
          { userId: id },
          { intent: "role", role: "director", version: "999" },
          staffOnly((r) => (r !== "admin" ? 403 : real(v) ? 409 : 404)),
        ),
        actionCase(
          `POST disable ${v} (stale)`,
          `/admin/users/${id}`,
          { userId: id },
          { intent: "disable", version: "999" },
          staffOnly((r) => (r !== "admin" ? 403 : real(v) ? 409 : 404)),
        ),
      ];
    }).concat(
      // A customer is not an internal user: not found here.
      (["own", "other"] as const).map((v) =>
        loaderCase(`GET customer ${v}`, `/admin/users/${w[v].customer}`, { userId: w[v].customer }, staffOnly((r) => (r === "admin" ? 404 : 403))),
      ),
    ),
  // Any signed-in user changes their own password; nobody else's.
  "password.tsx": () => [
    loaderCase("GET", "/password", {}, (r) => (r === "anonymous" ? 302 : 200)),
    actionCase("POST wrong current", "/password", {}, { current_password: "not it at all", password: "a brand new passphrase", confirm: "a brand new passphrase" }, (r) =>
      r === "anonymous" ? 302 : 400,
    ),
  ],
  // Any signed-in user, staff or customer, chooses their own mail; nobody else's.
  "settings.mail.tsx": () => [
    loaderCase("GET", "/settings/mail", {}, (r) => (r === "anonymous" ? 302 : 200)),
    actionCase("POST a choice not offered", "/settings/mail", {}, { dispute_alert: "sometimes" }, (r) => (r === "anonymous" ? 302 : 400)),
    // A capture address for mail in is staff's only.
    actionCase("POST make a capture address", "/settings/mail", {}, { intent: "captureAddress" }, staffOnly(() => 302)),
  ],
  // The unsubscribe link needs no sign-in: its signed token names the person and the kind; anything else is 404.
  "unsubscribe.$token.tsx": (w) =>
    VARIANTS.flatMap((v) => {
      const token = real(v) ? unsubscribeToken(w[v].kam, "detractor_alert") : v === "random" ? `${randomUUID()}.detractor_alert.${randomBytes(32).toString("base64url")}` : malformed();
      const forbidden = () => ["MKA-", "MKB-", ...INTERNAL_FIELDS];
      return [
        { ...loaderCase(`GET ${v}`, `/unsubscribe/${encodeURIComponent(token)}`, { token }, everyone(real(v) ? 200 : 404)), forbidden },
        { ...actionCase(`POST ${v}`, `/unsubscribe/${encodeURIComponent(token)}`, { token }, { "List-Unsubscribe": "One-Click" }, everyone(real(v) ? 200 : 404)), forbidden },
      ];
    }),
  "set-password.$token.tsx": (w) =>
    VARIANTS.flatMap((v) => {
      const token = idOf(w, v, "passwordLink");
      // The link's page greets its own user (the account's KAM): nothing of the other account.
      const forbidden = () => [...(v === "own" ? ["MKB-"] : v === "other" ? ["MKA-"] : ["MKA-", "MKB-"]), ...INTERNAL_FIELDS];
      return [
        { ...loaderCase(`GET ${v}`, `/set-password/${encodeURIComponent(token)}`, { token }, everyone(real(v) ? 200 : 404)), forbidden },
        {
          ...actionCase(`POST mismatch ${v}`, `/set-password/${encodeURIComponent(token)}`, { token }, { password: "long enough password", confirm: "something else" }, everyone(real(v) ? 400 : 404)),
          forbidden,
        },
      ];
    }),

  "portal.tsx": () => [loaderCase("GET layout", "/portal", {}, customersOnly(() => 200))],
  // The portal takes its account from the session only: ids in the query or the form are ignored or refused.
  "portal._index.tsx": (w) =>
    VARIANTS.map((v) => loaderCase(`GET ?accountId=${v}`, `/portal?accountId=${encodeURIComponent(idOf(w, v, "account"))}`, {}, customersOnly(() => 200))),
  "portal.commitments.tsx": (w) => [
    ...VARIANTS.map((v) =>
      loaderCase(`GET ?accountId=${v}`, `/portal/commitments?accountId=${encodeURIComponent(idOf(w, v, "account"))}`, {}, customersOnly(() => 200)),
    ),
    ...VARIANTS.map((v) =>
      actionCase(
        `POST dispute ${v}`,
        "/portal/commitments",
        {},
        { expectation_id: idOf(w, v, "resolved"), version: "1", response: "disputed_partly", comment: "Probe", account_id: idOf(w, v, "account") },
        customersOnly((r) => (v === "malformed" ? 400 : (r === "customerOwn" && v === "own") || (r === "customerOther" && v === "other") ? 302 : 404)),
      ),
    ),
    ...VARIANTS.map((v) =>
      actionCase(
        `POST confirm open ${v}`,
        "/portal/commitments",
        {},
        { expectation_id: idOf(w, v, "proposed"), version: "1", response: "confirmed" },
        customersOnly((r) => (v === "malformed" ? 400 : (r === "customerOwn" && v === "own") || (r === "customerOther" && v === "other") ? 400 : 404)),
      ),
    ),
    // Answering a re-plan's notice: only a portal user of the re-plan's own account.
    ...VARIANTS.flatMap((v) =>
      (["confirmed", "contested"] as const).map((answer) =>
        actionCase(
          `POST notice ${answer} ${v}`,
          "/portal/commitments",
          {},
          { intent: "notice", replan_id: idOf(w, v, "replan"), answer, note: "Probe", account_id: idOf(w, v, "account") },
          customersOnly((r) => (v === "malformed" ? 400 : (r === "customerOwn" && v === "own") || (r === "customerOther" && v === "other") ? 302 : 404)),
        ),
      ),
    ),
  ],
  "portal.commitments_.new.tsx": (w) => [
    loaderCase("GET", "/portal/commitments/new", {}, customersOnly(() => 200)),
    ...VARIANTS.map((v) =>
      actionCase(
        `POST propose, tampered ids ${v}`,
        "/portal/commitments/new",
        {},
        {
          title: "Probe wish",
          category: "delivery",
          due_date: day(30),
          account_id: idOf(w, v, "account"),
          holder_stakeholder_id: idOf(w, v, "stakeholder"),
          source: "contract",
          status: "open",
        },
        customersOnly(() => 302),
      ),
    ),
  ],
  "portal.feedback.tsx": (w) => [
    loaderCase("GET", "/portal/feedback", {}, customersOnly(() => 200)),
    ...VARIANTS.map((v) =>
      actionCase(
        `POST csat ${v}`,
        "/portal/feedback",
        {},
        { intent: "csat", touchpoint_id: idOf(w, v, "shared"), score: "4" },
        customersOnly((r) => (v === "malformed" ? 400 : (r === "customerOwn" && v === "own") || (r === "customerOther" && v === "other") ? 302 : 404)),
      ),
    ),
    ...(["own", "other"] as const).map((v) =>
      actionCase(
        `POST csat unshared ${v}`,
        "/portal/feedback",
        {},
        { intent: "csat", touchpoint_id: w[v].internal, score: "1" },
        customersOnly(() => 404),
      ),
    ),
    ...VARIANTS.map((v) =>
      actionCase(
        `POST nps, tampered ids ${v}`,
        "/portal/feedback",
        {},
        { intent: "nps", score: "7", stakeholder_id: idOf(w, v, "stakeholder"), account_id: idOf(w, v, "account") },
        // The first answer is taken, the next ones within 90 days refused.
        customersOnly(() => [302, 400]),
      ),
    ),
  ],
  "portal.reviews.tsx": () => [loaderCase("GET", "/portal/reviews", {}, customersOnly(() => 200))],
  // The review's account is the session's: another account's review is not found.
  "portal.reviews_.$reviewId.tsx": (w) =>
    VARIANTS.flatMap((v) => {
      const id = idOf(w, v, "review");
      const params = { reviewId: id };
      const url = `/portal/reviews/${encodeURIComponent(id)}`;
      const theirs = (r: Role) => (r === "customerOwn" && v === "own") || (r === "customerOther" && v === "other");
      return [
        loaderCase(`GET ${v}`, url, params, customersOnly((r) => (theirs(r) ? 200 : 404))),
        actionCase(`POST comment ${v}`, url, params, { intent: "comment", item_key: "general", body: "Probe comment", account_id: idOf(w, v, "account") }, customersOnly((r) => (theirs(r) ? 302 : 404))),
        actionCase(
          `POST expectation ${v}`,
          url,
          params,
          { intent: "addExpectation", title: "Probe wish", due_date: day(40), stakeholder_id: idOf(w, v, "stakeholder") },
          customersOnly((r) => (theirs(r) ? 302 : 404)),
        ),
      ];
    }),
  "portal_.invite.$token.tsx": (w) =>
    VARIANTS.flatMap((v) => {
      const token = idOf(w, v, "token");
      const rule = real(v) ? [...ACCOUNT_MARKERS[flip(v)], `MK${v === "own" ? "A" : "B"}-INT`] : ["MKA-", "MKB-"];
      const forbidden = () => [...rule, ...INTERNAL_FIELDS];
      return [
        { ...loaderCase(`GET ${v}`, `/portal/invite/${encodeURIComponent(token)}`, { token }, everyone(real(v) ? 200 : 404)), forbidden },
        {
          ...actionCase(`POST mismatch ${v}`, `/portal/invite/${encodeURIComponent(token)}`, { token }, { password: "long enough password", confirm: "something else" }, everyone(real(v) ? 400 : 404)),
          forbidden,
        },
        {
          ...actionCase(`POST short ${v}`, `/portal/invite/${encodeURIComponent(token)}`, { token }, { password: "short", confirm: "short" }, everyone(real(v) ? 400 : 404)),
          forbidden,
        },
      ];
    }),
};

function apiCases(p: string, params: Record<string, string>): Case[] {
  return [
    loaderCase(`GET ${p}`, p, params, everyone(401), ["MKA-", "MKB-"]),
    // A method the route does not take is refused (405) before authentication; nothing is read either way.
    actionCase(`POST ${p}`, p, params, { name: "Probe" }, everyone([401, 405]), ["MKA-", "MKB-"]),
  ];
}

// -------------------------------------------------------------------- the world

async function seedAccount(prefix: "MKA" | "MKB", kamId: string, staffId: string): Promise<Omit<AccountIds, "kam">> {
  const account = await createAccount(db(), { owner_id: kamId, name: `Account ${prefix}-PUB-ACC` });
  const stakeholder = await createStakeholder(db(), {
    account_id: account.id,
    name: `Stake ${prefix}-PUB-STK`,
    email: `stk-${prefix.toLowerCase()}@customer.example`,
    stance: "opponent",
  });
  const invitee = await createStakeholder(db(), { account_id: account.id, name: `Invitee ${prefix}-PUB-INV`, email: `inv-${prefix.toLowerCase()}@customer.example` });
  const leaver = await createStakeholder(db(), { account_id: account.id, name: `Leaver ${prefix}-PUB-REV`, email: `rev-${prefix.toLowerCase()}@customer.example` });
  const shared = await createTouchpoint(db(), {
    account_id: account.id,
    title: `Shared ${prefix}-PUB-TP`,
    shared_with_customer: true,
    internal_notes: `${prefix}-INT-NOTE MK-SECRET`,
    sentiment: -2,
    occurred_at: new Date(Date.now() - 3 * 86_400_000),
  });
  const internal = await createTouchpoint(db(), { account_id: account.id, title: `Internal ${prefix}-INT-TP`, internal_notes: `${prefix}-INT-NOTE2` });
  await db().insertInto("touchpoint_users").values({ account_id: account.id, touchpoint_id: internal.id, user_id: staffId }).execute();
  const caseOpened = new Date(Date.now() - 2 * 86_400_000);
  const pastSlaCase = await createTouchpoint(db(), { account_id: account.id, kind: "support_case", title: `Case ${prefix}-PUB-CASE`, occurred_at: caseOpened });
  await db()
    .insertInto("touchpoint_support_cases")
    .values({ account_id: account.id, touchpoint_id: pastSlaCase.id, severity: "critical", status: "open", opened_at: caseOpened, sla_due_at: new Date(caseOpened.getTime() + 4 * 3_600_000) })
    .execute();
  const resolved = await createExpectation(db(), {
    account_id: account.id,
    title: `Done ${prefix}-PUB-EXP`,
    description: `${prefix}-INT-DESC`,
    delivery_note: `${prefix}-INT-DELIVERY`,
    due_date: day(-10),
    status: "resolved",
    outcome: "kept",
    delivered_on: day(-11),
  });
  const proposed = await createExpectation(db(), {
    account_id: account.id,
    title: `Wish ${prefix}-PUB-PROP`,
    status: "proposed",
    source: "customer",
    holder_stakeholder_id: stakeholder.id,
  });
  const late = await createExpectation(db(), { account_id: account.id, title: `Late ${prefix}-PUB-LATE`, due_date: day(-5), importance: 3, description: `${prefix}-INT-DESC2` });
  const replan = await db()
    .insertInto("expectation_changes")
    .values({
      account_id: account.id,
      expectation_id: late.id,
      kind: "replanned",
      from_due_date: day(-8),
      to_due_date: day(-5),
      reason: `Moved ${prefix}-PUB-REPLAN`,
      customer_notified: true,
      replanned_on: day(-12),
      customer_notified_on: day(-12),
      actor_id: kamId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const customer = await createUser(db(), { role: "customer", name: `Customer ${prefix}-PUB-CUST`, email: `cust-${prefix.toLowerCase()}@customer.example` });
  await db().insertInto("portal_access").values({ account_id: account.id, user_id: customer.id, stakeholder_id: stakeholder.id }).execute();
  const revocable = await createUser(db(), { role: "customer", name: `Revocable ${prefix}-PUB-RCUST` });
  await db().insertInto("portal_access").values({ account_id: account.id, user_id: revocable.id, stakeholder_id: leaver.id }).execute();
  const { token, invitation } = await db()
    .transaction()
    .execute(async (trx) => {
      const created = await createInvitation(trx, { actor: { id: kamId, role: "kam" } }, account.id, invitee.id);
      await refreshAccountScores(trx, account.id);
      return created;
    });
  const signal = await db().selectFrom("risk_signals").select("id").where("account_id", "=", account.id).orderBy("id").executeTakeFirstOrThrow();
  const importJob = await createImportJob(db(), { id: kamId, role: "kam" }, {
    kind: "accounts",
    source: `probe-${prefix}`,
    fileName: `${prefix}-INT-FILE.csv`,
    text: `name;industry\n${prefix}-INT-IMPORTROW;logistics\n`,
  });
  const passwordLink = await db()
    .transaction()
    .execute((trx) => issuePasswordLink(trx, kamId, "reset", staffId));
  const apiToken = await db()
    .transaction()
    .execute((trx) => createApiToken(trx, { id: kamId, role: "kam" }, { name: `Token ${prefix}-TOKEN`, scope: "read", userId: kamId }));
  const task = await db()
    .insertInto("tasks")
    .values({ account_id: account.id, title: `Plan ${prefix}-INT-TASK`, owner_id: kamId, created_by: kamId, visibility: "private" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const webhook = await db()
    .insertInto("webhook_endpoints")
    .values({ url: `https://hooks.example/${prefix}-INT-HOOK`, events: ["touchpoint.logged"], secret_ciphertext: "v1.x.x.x", created_by: kamId })
    .returning("id")
    .executeTakeFirstOrThrow();
  const review = await db()
    .transaction()
    .execute(async (trx) => {
      const created = await createReview(trx, { actor: { id: kamId, role: "kam" } }, account.id, {
        title: `Review ${prefix}-PUB-QBR`,
        period_start: day(-90),
        period_end: day(0),
      });
      await addProposedItem(trx, { actor: { id: kamId, role: "kam" } }, account.id, created.id, {
        intent: "addItem",
        title: `Steering ${prefix}-PUB-ITEM`,
        description: "",
        importance: 2,
        due_date: day(60),
      });
      return moveReview(trx, { actor: { id: kamId, role: "kam" } }, account.id, created.id, "published", created.version, {
        today,
        now: new Date(),
      });
    });
  const plan = await db()
    .insertInto("planned_touchpoints")
    .values({ account_id: account.id, kind: "meeting", planned_for: new Date(Date.now() + 2 * 86_400_000), title: `Meet ${prefix}-INT-PLAN`, owner_id: kamId, created_by: kamId })
    .returning("id")
    .executeTakeFirstOrThrow();
  const capturedMail = await db()
    .insertInto("captured_mails")
    .values({
      user_id: kamId,
      message_id: `<${prefix}@probe.example>`,
      sent_at: new Date(),
      from_address: "kam@pohjola.example",
      subject: `Mail ${prefix}-INT-MAIL`,
      text_body: `Text ${prefix}-INT-MAILTEXT`,
      status: "waiting",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    capturedMail: capturedMail.id,
    webhook: webhook.id,
    review: review.id,
    replan: replan.id,
    task: task.id,
    plan: plan.id,
    passwordLink: passwordLink.token,
    apiToken: apiToken.id,
    account: account.id,
    stakeholder: stakeholder.id,
    invitee: invitee.id,
    shared: shared.id,
    internal: internal.id,
    pastSlaCase: pastSlaCase.id,
    resolved: resolved.id,
    proposed: proposed.id,
    customer: customer.id,
    revocable: revocable.id,
    token,
    invitation: invitation.id,
    signal: signal.id,
    importJob,
  };
}

/** Seeded once per worker and put back for each route file's test (tests/setup/test-db.ts). */
const seedWorld = seededOnce("authorization_matrix", seedMatrixWorld);

async function seedMatrixWorld(): Promise<World> {
  const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
  const director = await createUser(db(), { role: "director", name: "Dana Director" });
  const kamOwner = await createUser(db(), { role: "kam", name: "Kim MKA-KAM" });
  const kamOther = await createUser(db(), { role: "kam", name: "Kai MKB-KAM" });
  const own = { ...(await seedAccount("MKA", kamOwner.id, kamOther.id)), kam: kamOwner.id };
  const other = { ...(await seedAccount("MKB", kamOther.id, kamOwner.id)), kam: kamOther.id };
  const cookies: World["cookies"] = {
    anonymous: undefined,
    customerOwn: await sessionCookieFor(own.customer),
    customerOther: await sessionCookieFor(other.customer),
    kamOther: await sessionCookieFor(kamOther.id),
    kamOwner: await sessionCookieFor(kamOwner.id),
    director: await sessionCookieFor(director.id),
    admin: await sessionCookieFor(admin.id),
  };
  return { own, other, cookies };
}

// ------------------------------------------------------------------- running it

async function bodyText(value: unknown): Promise<string> {
  if (value instanceof Response) return value.clone().text().catch(() => "");
  if (value && typeof value === "object" && (value as { type?: unknown }).type === "DataWithResponseInit") {
    return JSON.stringify((value as { data: unknown }).data) ?? "";
  }
  return JSON.stringify(value) ?? "";
}

let requests = 0;

function multipart(fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (k === "file") body.append("file", new Blob([v], { type: "text/csv" }), "probe.csv");
    else body.append(k, v);
  }
  return body;
}

async function runCase(
  mod: { loader?: unknown; action?: unknown },
  c: Case,
  role: Role,
  cookie: string | undefined,
): Promise<string | null> {
  const handler = (c.kind === "loader" ? mod.loader : mod.action) as ((args: LoaderFunctionArgs | ActionFunctionArgs) => unknown) | undefined;
  if (!handler) return `${c.kind} missing`;
  const req =
    c.kind === "loader"
      ? request(c.path, { cookie })
      : c.multipart
        ? request(c.path, { method: "POST", body: multipart(c.form ?? {}), cookie })
        : formRequest(c.path, c.form ?? {}, cookie);
  requests += 1;
  // Rate limits are tested on their own (login-limits, invitation-limits); here every request is a first try.
  resetRateLimits();
  const res = await run(handler, req, c.params ?? {});
  if (!(res.value instanceof Response) && res.thrown && !(res.value && typeof res.value === "object" && "init" in res.value)) {
    return `threw ${res.value instanceof Error ? res.value.stack : String(res.value)}`;
  }
  const status = statusOf(res);
  const expected = c.expect(role);
  const allowed = typeof expected === "number" ? [expected] : expected;
  const problems: string[] = [];
  if (!allowed.includes(status)) problems.push(`status ${status}, expected ${allowed.join(" or ")}`);
  if (role === "anonymous" && status === 302 && res.value instanceof Response) {
    const to = res.value.headers.get("Location") ?? "";
    if (!(to === "/" || to.startsWith("/login"))) problems.push(`anonymous sent to ${to}`);
  }
  const text = await bodyText(res.value);
  for (const marker of c.forbidden?.(role) ?? forbiddenFor(role, [])) {
    if (text.includes(marker)) problems.push(`leaks "${marker}"`);
  }
  return problems.length ? problems.join("; ") : null;
}

/** Whatever the requests did, no customer's action landed in another account. */
async function assertNoCrossAccountWrites() {
  const crossTouchpoints = await sql<{ n: number }>`
    select count(*)::int as n from touchpoints t
    join portal_access pa on pa.user_id = t.author_id
    where t.source = 'portal' and t.account_id <> pa.account_id`.execute(db());
  const crossChanges = await sql<{ n: number }>`
    select count(*)::int as n from expectation_changes c
    join portal_access pa on pa.user_id = c.actor_id
    where c.account_id <> pa.account_id`.execute(db());
  const crossAudit = await sql<{ n: number }>`
    select count(*)::int as n from audit_events e
    join portal_access pa on pa.user_id = e.actor_id
    where e.account_id is not null and e.account_id <> pa.account_id`.execute(db());
  const customerProposals = await sql<{ n: number }>`
    select count(*)::int as n from expectations e
    join expectation_changes c on c.account_id = e.account_id and c.expectation_id = e.id and c.kind = 'created'
    join portal_access pa on pa.user_id = c.actor_id
    where e.holder_stakeholder_id is distinct from pa.stakeholder_id or e.source <> 'customer'`.execute(db());
  const surveys = await sql<{ n: number }>`
    select count(*)::int as n from survey_responses s
    where not exists (select 1 from portal_access pa where pa.account_id = s.account_id and pa.stakeholder_id = s.stakeholder_id)`.execute(db());
  expect({
    crossTouchpoints: crossTouchpoints.rows[0]!.n,
    crossChanges: crossChanges.rows[0]!.n,
    crossAudit: crossAudit.rows[0]!.n,
    customerProposals: customerProposals.rows[0]!.n,
    surveys: surveys.rows[0]!.n,
  }).toEqual({ crossTouchpoints: 0, crossChanges: 0, crossAudit: 0, customerProposals: 0, surveys: 0 });
}

describe("authorization matrix", () => {
  it("has an entry for every route module, and a case for every loader and action it exports", async () => {
    const files = fs
      .readdirSync(ROUTES_DIR)
      .filter((f) => /\.(ts|tsx)$/.test(f))
      .sort();
    expect(files.filter((f) => !(f in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((f) => !files.includes(f))).toEqual([]);
    const placeholder: World = {
      own: new Proxy({} as AccountIds, { get: () => randomUUID() }),
      other: new Proxy({} as AccountIds, { get: () => randomUUID() }),
      cookies: {} as World["cookies"],
    };
    for (const file of files) {
      const mod = await loadRoute(file);
      const kinds = new Set(ROUTES[file]!(placeholder).map((c) => c.kind));
      for (const kind of ["loader", "action"] as const) {
        expect([file, kind, Boolean(mod[kind])]).toEqual([file, kind, kinds.has(kind)]);
      }
    }
  });

  const entries = Object.entries(ROUTES).sort(([a], [b]) => a.localeCompare(b));
  it.each(entries)("%s", async (file, cases) => {
    const mod = await loadRoute(file);
    const w = await seedWorld();
    const failures: string[] = [];
    for (const c of cases(w)) {
      for (const role of ROLES) {
        const problem = await runCase(mod, c, role, w.cookies[role]);
        if (problem) failures.push(`${c.kind} ${c.label} as ${role}: ${problem}`);
      }
    }
    await assertNoCrossAccountWrites();
    expect(failures).toEqual([]);
  }, 180_000);

  it("made thousands of requests", () => {
    // Runs after the routes above (same file, in order).
    expect(requests).toBeGreaterThan(1000);
    console.log(`authorization matrix: ${requests} requests`);
  });
});
