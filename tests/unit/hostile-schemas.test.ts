import { parseWithZod } from "@conform-to/zod/v4";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { IMPORT_KINDS } from "#app/domain/import/fields.ts";
import {
  accountRowSchema,
  expectationRowSchema,
  stakeholderRowSchema,
  touchpointRowSchema,
  validateRow,
  type Cells,
} from "#app/domain/import/records.ts";
import { HEALTH_FACTOR_KEYS } from "#app/domain/scoring-settings.ts";
import { RISK_RULES } from "#app/domain/risk-rules.ts";
import {
  COMMITTEE_ROLES,
  DELIVERY_OUTCOMES,
  EMOTION_TAGS,
  EXPECTATION_CATEGORIES,
  EXPECTATION_SOURCES,
  LIFECYCLE_STAGES,
  LOGGABLE_TOUCHPOINT_KINDS,
  POLARITIES,
  RESOLVED_VALUES,
  SEVERITIES,
  STANCES,
  SUPPORT_STATUSES,
  TIERS,
  TOUCHPOINT_KINDS,
} from "#app/domain/vocabulary.ts";
import { calendarDate, TIME_ZONE } from "#app/domain/time.ts";
import { formatters, LOCALES } from "#app/i18n/index.ts";
import { zodErrorMap } from "#app/i18n/validation.ts";
import { toCells } from "#app/models/api.server.ts";
import { importErrors, importTranslator } from "#app/models/import/messages.server.ts";
import { ApiTokenCreateForm } from "#app/schemas/api-tokens.ts";
import { UploadFields } from "#app/schemas/import.ts";
import { loginSchema } from "#app/schemas/login.ts";
import { ScoringSettingsSchema, SettingsForm } from "#app/schemas/scoring-settings.ts";
import { LocaleForm } from "#app/schemas/locale.ts";
import { AccountCreateForm, AccountEditForm, ArchiveForm } from "#app/schemas/account.ts";
import { AccountCreateBody, ExpectationBody, StakeholderBody, TouchpointBody } from "#app/schemas/api.ts";
import {
  AcceptForm,
  DeclineForm,
  DeliveryForm,
  ExpectationCreateForm,
  ExpectationEditForm,
  parseLedgerQuery,
  ReopenForm,
  ReplanForm,
} from "#app/schemas/expectation.ts";
import { AcknowledgeSignalForm } from "#app/schemas/health.ts";
import {
  AcceptInvitationForm,
  CsatForm,
  CUSTOMER_ANSWERS,
  DeliveryResponseForm,
  InviteForm,
  NpsForm,
  ProposeExpectationForm,
  RevokeAccessForm,
  RevokeInvitationForm,
} from "#app/schemas/portal.ts";
import {
  AcknowledgeSchema,
  HEALTH_BANDS,
  parsePortfolioView,
  parseRiskInboxFilters,
  PORTFOLIO_SORTS,
} from "#app/schemas/portfolio.ts";
import {
  LeaveForm,
  RejoinForm,
  RoleForm,
  StakeholderCreateForm,
  StakeholderEditForm,
} from "#app/schemas/stakeholder.ts";
import { parseTimelineFilters } from "#app/schemas/timeline.ts";
import { QUADRANTS } from "#app/domain/experience.ts";
import {
  LogQuery,
  SupportCaseUpdateForm,
  TouchpointCreateForm,
  TouchpointDeleteForm,
  TouchpointEditForm,
} from "#app/schemas/touchpoint.ts";
import { safeRedirect } from "#app/web/session.server.ts";
import { PLANNED_KINDS } from "#app/domain/planned-touchpoints.ts";
import { CancelPlanForm, CreatePlanForm, UpdatePlanForm } from "#app/schemas/planned-touchpoint.ts";
import { CreateTaskForm, TASK_VISIBILITIES, TaskStateForm, UpdateTaskForm } from "#app/schemas/task.ts";
import {
  formBody,
  hostileString,
  hostileValue,
  jsonBody,
  outputIssues,
  SCHEMA_RUNS,
  spec,
  textIssues,
  type Fields,
} from "#tests/setup/hostile.ts";

// Every form, API body, import row and URL filter schema, driven with generated
// hostile values: parsing never throws, and whatever it accepts keeps the
// schema's promises (lengths, ranges, choices, storable dates, no control
// characters or lone surrogates, nothing undeclared). Each schema also has to be
// seen both accepting and refusing, so a property cannot pass by refusing all.

const t = formatters("en").t;
const errorMap = zodErrorMap(t);
const importMap = importErrors(importTranslator("en")).errorMap;

type Parsed = { ok: true; value: unknown } | { ok: false };
type Extra = (value: Record<string, unknown>) => string | null;

function toFormData(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return form;
}

const viaConform =
  (schema: z.ZodType) =>
  (entries: [string, string][]): Parsed => {
    const submission = parseWithZod(toFormData(entries), { schema, error: errorMap });
    return submission.status === "success" ? { ok: true, value: submission.value } : { ok: false };
  };
/** As routes that read Object.fromEntries(formData) do. */
const viaEntries =
  (schema: z.ZodType) =>
  (entries: [string, string][]): Parsed => {
    const parsed = schema.safeParse(Object.fromEntries(toFormData(entries)), { error: errorMap });
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
  };
const viaSafeParse =
  (schema: z.ZodType) =>
  (input: unknown): Parsed => {
    const parsed = schema.safeParse(input, { error: errorMap });
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
  };

interface Counts {
  accepted: number;
  refused: number;
}

/** Asserts the property and returns how often the schema accepted and refused. */
function check<I>(
  arb: fc.Arbitrary<I>,
  parse: (input: I) => Parsed,
  fields: Fields,
  optional: readonly string[],
  extra?: Extra,
): Counts {
  const counts = { accepted: 0, refused: 0 };
  fc.assert(
    fc.property(arb, (input) => {
      const result = parse(input); // throwing fails the property
      if (!result.ok) {
        counts.refused += 1;
        return;
      }
      counts.accepted += 1;
      const issues = outputIssues(result.value, fields, optional);
      const more = extra?.(result.value as Record<string, unknown>);
      if (more) issues.push(more);
      if (issues.length) throw new Error(issues.join("; "));
    }),
    { numRuns: SCHEMA_RUNS },
  );
  return counts;
}

function expectBothOutcomes(counts: Counts) {
  expect(counts.accepted, "runs accepted").toBeGreaterThan(SCHEMA_RUNS / 100);
  expect(counts.refused, "runs refused").toBeGreaterThan(SCHEMA_RUNS / 100);
}

interface FormCase {
  schema: z.ZodType;
  fields: Fields;
  optional?: readonly string[];
  /** How the route reads it: conform's parseWithZod (default) or safeParse of Object.fromEntries. */
  read?: "conform" | "entries";
  fixed?: Record<string, string>;
  /** The fields of the output, when they are not the form's (nested names). */
  output?: Fields;
  extra?: Extra;
}

/** A form schema: once with form bodies as browsers send them, once with values of any type. */
function formProperty(name: string, c: FormCase) {
  it(`${name}: form bodies`, () => {
    const parse = (c.read === "entries" ? viaEntries : viaConform)(c.schema);
    expectBothOutcomes(check(formBody(c.fields, c.fixed), parse, c.output ?? c.fields, c.optional ?? [], c.extra));
  });
  it(`${name}: values of any type`, () => {
    const counts = check(
      jsonBody(c.fields, c.fixed),
      viaSafeParse(c.schema),
      c.output ?? c.fields,
      c.optional ?? [],
      c.extra,
    );
    expect(counts.refused).toBeGreaterThan(0);
  });
}

// -------------------------------------------------------------- shared specs

const version = spec.int(1, 2_147_483_647);
const uuid = spec.uuid();
const ids = spec.list(uuid, 200);
const afterStart = (v: Record<string, unknown>) =>
  v.relationship_start && v.renewal_date && !((v.renewal_date as string) > (v.relationship_start as string))
    ? "renewal not after start"
    : null;

const accountFields: Fields = {
  name: spec.text(200, { min: 1 }),
  industry: spec.text(100),
  tier: spec.choice(TIERS),
  lifecycle_stage: spec.choice(LIFECYCLE_STAGES),
  relationship_start: spec.date(),
  contract_value: spec.money(),
  currency: spec.currency(),
  renewal_date: spec.date(),
  owner_id: uuid,
};
const expectationFields: Fields = {
  title: spec.text(300, { min: 1 }),
  description: spec.text(10_000),
  category: spec.choice(EXPECTATION_CATEGORIES),
  holder_stakeholder_id: uuid,
  source: spec.choice(EXPECTATION_SOURCES),
  source_touchpoint_id: uuid,
  importance: spec.int(1, 3),
  owner_id: uuid,
};
const stakeholderFields: Fields = {
  name: spec.text(200, { min: 1 }),
  title: spec.text(200),
  email: spec.email(),
  phone: spec.phone(40),
  committee_role: spec.choice(COMMITTEE_ROLES),
  influence: spec.int(1, 5),
  stance: spec.choice(STANCES),
  reports_to_id: uuid,
};
const touchpointFields: Fields = {
  kind: spec.choice(LOGGABLE_TOUCHPOINT_KINDS),
  occurred_at: spec.instant(),
  title: spec.text(300, { min: 1 }),
  summary: spec.text(10_000),
  internal_notes: spec.text(10_000),
  stakeholder_ids: ids,
  user_ids: ids,
  sentiment: spec.int(-2, 2),
  treatment: spec.int(1, 5),
  resolved: spec.choice(RESOLVED_VALUES),
  emotion_tags: spec.list(spec.choice(EMOTION_TAGS), EMOTION_TAGS.length),
  moment_of_truth: spec.bool(),
  positive_surprise: spec.bool(),
  shared_with_customer: spec.bool(),
  invoice_number: spec.text(100, { min: 1 }),
  invoice_amount: spec.money(),
  invoice_currency: spec.currency(),
  invoice_due_date: spec.date(),
  invoice_paid_on: spec.date(),
  invoice_disputed: spec.bool(),
  invoice_dispute_reason: spec.text(2000),
  case_severity: spec.choice(SEVERITIES),
  case_status: spec.choice(SUPPORT_STATUSES),
  case_opened_at: spec.instant(),
  case_sla_hours: spec.number(0.25, 8760),
  case_resolved_at: spec.instant(),
  advocacy_polarity: spec.choice(POLARITIES),
  advocacy_source: spec.text(200),
  advocacy_stakeholder_id: uuid,
};
/** A reference, referral or word of mouth accepted only with a polarity and a source or a person (app/domain/advocacy.ts). */
const advocacyKept = (v: Record<string, unknown>) =>
  ["reference_given", "referral_given", "word_of_mouth"].includes(v.kind as string) &&
  (!v.advocacy_polarity || (!v.advocacy_source && !v.advocacy_stakeholder_id))
    ? "advocacy facts missing"
    : null;
const rowAdvocacyKept = (v: Record<string, unknown>) =>
  ["reference_given", "referral_given", "word_of_mouth"].includes(v.kind as string) &&
  (!v.advocacy_polarity || (!(v.advocacy_source as string | undefined)?.trim() && !v.advocacy_stakeholder))
    ? "advocacy facts missing"
    : null;
const notFuture =
  (...keys: string[]) =>
  (v: Record<string, unknown>) => {
    for (const k of keys)
      if (v[k] instanceof Date && (v[k] as Date).getTime() > Date.now() + 61 * 60_000) return `${k} in the future`;
    return null;
  };
const dayNotAfterToday = (key: string) => (v: Record<string, unknown>) =>
  typeof v[key] === "string" && (v[key] as string) > calendarDate() ? `${key} after today` : null;

describe("hostile input to form schemas", () => {
  formProperty("AccountCreateForm", {
    schema: AccountCreateForm,
    fields: accountFields,
    optional: ["industry"],
    extra: afterStart,
  });
  formProperty("AccountEditForm", {
    schema: AccountEditForm,
    fields: { ...accountFields, version },
    optional: ["industry"],
    extra: afterStart,
  });
  formProperty("ArchiveForm (account archive)", {
    schema: ArchiveForm,
    fields: { intent: spec.choice(["archive", "restore"]), version },
    read: "entries",
  });

  formProperty("ExpectationCreateForm", {
    schema: ExpectationCreateForm,
    fields: { ...expectationFields, due_date: spec.date() },
    optional: ["description"],
  });
  formProperty("ExpectationEditForm", {
    schema: ExpectationEditForm,
    fields: { ...expectationFields, version },
    optional: ["description"],
  });
  formProperty("ReplanForm", {
    schema: ReplanForm,
    fields: { version, due_date: spec.date(), reason: spec.text(2000, { min: 1 }), customer_notified: spec.bool() },
  });
  formProperty("DeliveryForm", {
    schema: DeliveryForm,
    fields: {
      version,
      outcome: spec.choice(DELIVERY_OUTCOMES),
      delivered_on: spec.date(),
      delivery_note: spec.text(2000),
    },
    extra: dayNotAfterToday("delivered_on"),
  });
  formProperty("ReopenForm", { schema: ReopenForm, fields: { version, reason: spec.text(2000) } });
  formProperty("AcceptForm", { schema: AcceptForm, fields: { version } });
  formProperty("DeclineForm", { schema: DeclineForm, fields: { version, reason: spec.text(2000, { min: 1 }) } });

  formProperty("StakeholderCreateForm", {
    schema: StakeholderCreateForm,
    fields: stakeholderFields,
    optional: ["title"],
  });
  formProperty("StakeholderEditForm", {
    schema: StakeholderEditForm,
    fields: { ...stakeholderFields, version },
    optional: ["title"],
  });
  formProperty("RoleForm", {
    schema: RoleForm,
    fields: { stakeholder_id: uuid, committee_role: spec.choice(COMMITTEE_ROLES), version },
  });
  formProperty("LeaveForm", {
    schema: LeaveForm,
    fields: { version, left_on: spec.date(), note: spec.text(2000) },
    extra: dayNotAfterToday("left_on"),
  });
  formProperty("RejoinForm", { schema: RejoinForm, fields: { version, mistake: spec.bool() } });

  formProperty("TouchpointCreateForm", {
    schema: TouchpointCreateForm,
    // The log form's optional next step (a task linked to the touchpoint).
    fields: { ...touchpointFields, next_step_title: spec.text(300), next_step_due: spec.date() },
    optional: ["summary", "internal_notes", "invoice_dispute_reason", "next_step_title", "advocacy_source"],
    extra: (v) => notFuture("occurred_at", "case_opened_at", "case_resolved_at")(v) ?? advocacyKept(v),
  });
  formProperty("TouchpointEditForm", {
    schema: TouchpointEditForm,
    fields: { ...touchpointFields, version },
    optional: ["summary", "internal_notes", "invoice_dispute_reason", "advocacy_source"],
    extra: (v) => notFuture("occurred_at", "case_opened_at", "case_resolved_at")(v) ?? advocacyKept(v),
  });
  formProperty("SupportCaseUpdateForm", {
    schema: SupportCaseUpdateForm,
    fields: { version, case_status: spec.choice(SUPPORT_STATUSES), case_resolved_at: spec.instant() },
    extra: notFuture("case_resolved_at"),
  });
  formProperty("DeleteForm (touchpoint delete)", {
    schema: TouchpointDeleteForm,
    fields: { confirm: spec.literal("yes"), version },
    read: "entries",
  });

  formProperty("CreateTaskForm (tasks, inbox, signal, expectation)", {
    schema: CreateTaskForm,
    fields: {
      intent: spec.literal("createTask"),
      accountId: uuid,
      title: spec.text(300, { min: 1 }),
      due_on: spec.date(),
      owner_id: uuid,
      visibility: spec.choice(TASK_VISIBILITIES),
      notes: spec.text(4000),
      expectation_id: uuid,
      signal_id: uuid,
      stakeholder_id: uuid,
      touchpoint_id: uuid,
    },
    optional: ["notes"],
    read: "entries",
  });
  formProperty("UpdateTaskForm (the account's task list)", {
    schema: UpdateTaskForm,
    fields: {
      intent: spec.literal("updateTask"),
      accountId: uuid,
      taskId: uuid,
      version,
      title: spec.text(300, { min: 1 }),
      due_on: spec.date(),
      owner_id: uuid,
      visibility: spec.choice(TASK_VISIBILITIES),
      notes: spec.text(4000),
    },
    read: "entries",
  });
  formProperty("TaskStateForm", {
    schema: TaskStateForm,
    fields: {
      intent: spec.choice(["completeTask", "reopenTask", "cancelTask"]),
      accountId: uuid,
      taskId: uuid,
      version,
    },
    read: "entries",
  });
  const planFields = {
    kind: spec.choice(PLANNED_KINDS),
    planned_for: spec.instant(),
    title: spec.text(300, { min: 1 }),
    notes: spec.text(4000),
    stakeholder_ids: ids,
    owner_id: uuid,
    positive_surprise: spec.bool(),
  };
  formProperty("CreatePlanForm (planned touchpoint)", {
    schema: CreatePlanForm,
    fields: { intent: spec.literal("plan"), ...planFields },
    optional: ["notes"],
  });
  formProperty("UpdatePlanForm (planned touchpoint)", {
    schema: UpdatePlanForm,
    fields: { intent: spec.literal("updatePlan"), planId: uuid, version, ...planFields },
    optional: ["notes"],
  });
  formProperty("CancelPlanForm (planned touchpoint)", {
    schema: CancelPlanForm,
    fields: { intent: spec.literal("cancelPlan"), planId: uuid, version },
    read: "entries",
  });

  formProperty("AcknowledgeSignalForm (account page)", {
    schema: AcknowledgeSignalForm,
    fields: { intent: spec.literal("acknowledge"), signalId: uuid, note: spec.text(1000) },
  });
  formProperty("AcknowledgeSchema (risk inbox)", {
    schema: AcknowledgeSchema,
    fields: { intent: spec.literal("acknowledge"), accountId: uuid, signalId: uuid, note: spec.text(1000) },
    read: "entries",
  });

  formProperty("InviteForm", { schema: InviteForm, fields: { stakeholder_id: uuid } });
  formProperty("RevokeAccessForm", { schema: RevokeAccessForm, fields: { user_id: uuid }, read: "entries" });
  formProperty("RevokeInvitationForm", {
    schema: RevokeInvitationForm,
    fields: { invitation_id: uuid },
    read: "entries",
  });
  formProperty("DeliveryResponseForm", {
    schema: DeliveryResponseForm,
    fields: { expectation_id: uuid, version, response: spec.choice(CUSTOMER_ANSWERS), comment: spec.text(2000) },
  });
  formProperty("ProposeExpectationForm", {
    schema: ProposeExpectationForm,
    fields: {
      title: spec.text(300, { min: 1 }),
      description: spec.text(4000),
      category: spec.choice(EXPECTATION_CATEGORIES),
      due_date: spec.date(),
    },
    extra: (v) => (typeof v.due_date === "string" && v.due_date < calendarDate() ? "due date in the past" : null),
  });
  formProperty("NpsForm", { schema: NpsForm, fields: { score: spec.int(0, 10), comment: spec.text(2000) } });
  formProperty("CsatForm", {
    schema: CsatForm,
    fields: { touchpoint_id: uuid, score: spec.int(1, 5), comment: spec.text(2000) },
  });
  it("AcceptInvitationForm: form bodies", () => {
    // A password is hashed, never stored or shown: only its length and the confirmation are promised.
    const fields = { password: passwordSpec(), confirm: passwordSpec(1) };
    const bodies = fc.tuple(formBody(fields), fc.boolean()).map(([entries, same]) => {
      const password = entries.find(([k]) => k === "password")?.[1];
      return same && password !== undefined
        ? [...entries.filter(([k]) => k !== "confirm"), ["confirm", password] as [string, string]]
        : entries;
    });
    const extra: Extra = (v) => (v.password === v.confirm ? null : "password and confirmation differ");
    expectBothOutcomes(check(bodies, viaConform(AcceptInvitationForm), fields, [], extra));
  });

  formProperty("login", {
    schema: loginSchema(t),
    fields: {
      email: spec.email(),
      password: passwordSpec(1, 1000),
      redirectTo: { ...spec.text(2000), check: () => null },
    },
  });
  formProperty("LocaleForm", {
    schema: LocaleForm,
    fields: { locale: spec.choice(LOCALES), redirectTo: { ...spec.text(2000), check: () => null } },
    read: "entries",
  });
  formProperty("API token create", {
    schema: ApiTokenCreateForm,
    fields: {
      name: spec.text(100, { min: 1 }),
      scope: spec.choice(["read", "read_write"]),
      // "" for a service token, else the member of staff it acts as.
      owner: spec.choice(["", "0b9d4c1e-6f3a-4c2b-9a7e-2d4f6a8b0c1d"]),
    },
  });
  formProperty("import upload", {
    schema: UploadFields,
    fields: { kind: spec.choice(IMPORT_KINDS), source: spec.text(100) },
    read: "entries",
  });

  formProperty("scoring settings (admin form)", {
    schema: SettingsForm,
    fields: scoringFields("."),
    output: { ...scoringFields(null), weights: anything, bands: anything, healthyCap: anything },
    extra: scoringExtra,
  });
});

function passwordSpec(min = 12, max = 200) {
  const base = spec.text(max, { min, trimmed: false });
  return {
    ...base,
    check: (v: unknown) =>
      typeof v === "string" && [...v].length >= min && [...v].length <= max ? null : "password length",
  };
}

// Conform names nested fields "weights.predictability"; as an object they nest.
function scoringFields(sep: "." | null): Fields {
  const days = spec.int(1, 3650);
  const months = spec.int(1, 120);
  const fields: Fields = {
    dmContactDays: days,
    dmFullScoreDays: days,
    predictabilityMonths: months,
    npsMonths: months,
    npsInfluenceWeighted: spec.bool(),
    coverageEngagedDays: days,
    sentimentWindow: spec.int(1, 100),
    sentimentFallingPenalty: spec.number(0, 1),
    dueSoonDays: days,
    surpriseDays: days,
    surpriseCount: spec.int(1, 100),
    highInfluenceFrom: spec.int(1, 5),
    renewalSoonDays: days,
    invoiceOverdueDays: days,
    noticeContestDays: spec.int(1, 90),
    proposalAnswerDays: days,
    solvedBadlyDays: days,
    solvedBadlyCount: spec.int(1, 100),
    belowExpectedDays: days,
    belowExpectedCount: spec.int(1, 100),
    experienceFollowDays: days,
    minFactorsWithData: spec.int(1, HEALTH_FACTOR_KEYS.length),
  };
  if (sep) {
    for (const k of HEALTH_FACTOR_KEYS) fields[`weights${sep}${k}`] = spec.number(0, 1000);
    fields[`bands${sep}healthyFrom`] = spec.number(0, 100);
    fields[`bands${sep}watchFrom`] = spec.number(0, 100);
    fields[`healthyCap${sep}highSignal`] = spec.bool();
    fields[`healthyCap${sep}predictabilityBelow`] = spec.number(0, 1);
  }
  return fields;
}

/** The nested parts of scoring settings, checked apart from the flat ones. */
function scoringExtra(v: Record<string, unknown>): string | null {
  const weights = v.weights as Record<string, unknown> | undefined;
  const bands = v.bands as Record<string, unknown> | undefined;
  if (!weights || !bands) return "weights or bands missing";
  const w = HEALTH_FACTOR_KEYS.map((k) => weights[k]);
  if (!w.every((x) => typeof x === "number" && Number.isFinite(x) && x >= 0 && x <= 1000))
    return `weights out of range: ${w.join(",")}`;
  if (!((w as number[]).reduce((a, b) => a + b, 0) > 0)) return "all weights zero";
  const { healthyFrom, watchFrom } = bands as { healthyFrom: number; watchFrom: number };
  if (!(watchFrom >= 0 && healthyFrom <= 100 && watchFrom < healthyFrom))
    return `bands out of order: ${watchFrom}, ${healthyFrom}`;
  const cap = v.healthyCap as Record<string, unknown> | undefined;
  if (!cap || typeof cap.highSignal !== "boolean") return "healthyCap missing";
  const below = cap.predictabilityBelow;
  if (!(typeof below === "number" && below >= 0 && below <= 1)) return `cap out of range: ${String(below)}`;
  return null;
}

describe("hostile input to the scoring settings (domain)", () => {
  it("ScoringSettingsSchema: objects of any shape", () => {
    const flat = scoringFields(null);
    const nested = fc.record({
      weights: fc.oneof(
        fc.record(
          Object.fromEntries(
            HEALTH_FACTOR_KEYS.map((k) => [k, fc.oneof(spec.number(0, 1000).validJson, hostileValue)]),
          ),
        ),
        hostileValue,
      ),
      bands: fc.oneof(
        fc.record({ healthyFrom: spec.number(0, 100).validJson, watchFrom: spec.number(0, 100).validJson }),
        hostileValue,
      ),
      healthyCap: fc.oneof(
        fc.record({ highSignal: fc.boolean(), predictabilityBelow: spec.number(0, 1).validJson }),
        hostileValue,
      ),
    });
    const arb = fc.tuple(jsonBody(flat), nested).map(([a, b]) => ({ ...a, ...b }));
    const counts = check(
      arb,
      viaSafeParse(ScoringSettingsSchema),
      { ...flat, weights: anything, bands: anything, healthyCap: anything },
      [],
      scoringExtra,
    );
    expect(counts.refused).toBeGreaterThan(0);
  });
});

/** A field checked by an `extra` rule instead. */
const anything = { valid: fc.constant(""), validJson: fc.constant(null), check: () => null };

// ---------------------------------------------------------------- the JSON API

const extId = spec.text(200, { min: 1, trimmed: false });
const apiAccount: Fields = {
  external_id: extId,
  name: spec.text(200, { min: 1, trimmed: false }),
  industry: spec.text(100, { trimmed: false }),
  tier: spec.choice(TIERS),
  lifecycle_stage: spec.choice(LIFECYCLE_STAGES),
  relationship_start: spec.date(),
  contract_value: spec.money(),
  currency: spec.currency(),
  renewal_date: spec.date(),
  owner_email: spec.email(),
};
const apiStakeholder: Fields = {
  external_id: extId,
  name: spec.text(200, { min: 1, trimmed: false }),
  title: spec.text(200, { trimmed: false }),
  email: spec.email(),
  phone: spec.text(50, { trimmed: false }),
  committee_role: spec.choice(COMMITTEE_ROLES),
  influence: spec.int(1, 5),
  stance: spec.choice(STANCES),
  reports_to: extId,
  left_on: spec.date(),
};
const apiTouchpoint: Fields = {
  external_id: extId,
  kind: spec.choice(LOGGABLE_TOUCHPOINT_KINDS),
  occurred_at: spec.instant("iso"),
  title: spec.text(300, { min: 1, trimmed: false }),
  summary: spec.text(10_000, { trimmed: false }),
  internal_notes: spec.text(10_000, { trimmed: false }),
  shared_with_customer: spec.bool(),
  sentiment: spec.int(-2, 2),
  treatment: spec.int(1, 5),
  resolved: spec.choice(RESOLVED_VALUES),
  emotion_tags: spec.list(spec.choice(EMOTION_TAGS), EMOTION_TAGS.length),
  moment_of_truth: spec.bool(),
  positive_surprise: spec.bool(),
  stakeholders: spec.list(extId, 200),
  invoice_number: spec.text(100, { min: 1, trimmed: false }),
  invoice_amount: spec.money({ negative: true }),
  invoice_currency: spec.currency(),
  invoice_due_date: spec.date(),
  invoice_paid_on: spec.date(),
  invoice_disputed: spec.bool(),
  invoice_dispute_reason: spec.text(2000, { trimmed: false }),
  case_severity: spec.choice(SEVERITIES),
  case_status: spec.choice(SUPPORT_STATUSES),
  case_opened_at: spec.instant("iso"),
  case_sla_hours: spec.number(0.25, 8760),
  case_resolved_at: spec.instant("iso"),
  advocacy_polarity: spec.choice(POLARITIES),
  advocacy_source: spec.text(200, { trimmed: false }),
  advocacy_stakeholder: extId,
};
const apiExpectation: Fields = {
  external_id: extId,
  title: spec.text(300, { min: 1, trimmed: false }),
  description: spec.text(10_000, { trimmed: false }),
  category: spec.choice(EXPECTATION_CATEGORIES),
  importance: spec.int(1, 3),
  due_date: spec.date(),
  original_due_date: spec.date(),
  holder: extId,
  source: spec.choice(EXPECTATION_SOURCES),
  outcome: spec.choice(DELIVERY_OUTCOMES),
  delivered_on: spec.date(),
  delivery_note: spec.text(2000, { trimmed: false }),
};

/** A body's fields as the import row schema sees them (the API writes through the import's writers). */
function rowFields(fields: Fields, rename: Record<string, string> = {}): Fields {
  const out: Fields = { account: extId };
  for (const [k, f] of Object.entries(fields)) out[rename[k] ?? k] = f;
  return out;
}

const rowOptions = () => ({ zone: TIME_ZONE, now: new Date() });

/** An API body end to end: the body schema, then the cells and row schema the upsert writes with. */
function apiProperty(name: string, body: z.ZodType, fields: Fields, row: z.ZodType<unknown, Cells>, extra?: Extra) {
  it(`${name}: JSON bodies, through the body and row schemas`, () => {
    const rows = rowFields(fields);
    let bodyAccepted = 0;
    const counts = check(
      jsonBody(fields),
      (input) => {
        // What readBody does: the body through JSON, so only JSON values arrive.
        const json = JSON.parse(JSON.stringify(input)) as unknown;
        const parsed = body.safeParse(json, { error: errorMap });
        if (!parsed.success) return { ok: false };
        bodyAccepted += 1;
        const issues = outputIssues(parsed.data, Object.fromEntries(Object.keys(fields).map((k) => [k, anything])));
        if (issues.length) throw new Error(issues.join("; "));
        const checked = validateRow(
          row,
          { ...toCells(parsed.data as Record<string, unknown>), account: "acc-1" },
          importMap,
        );
        return checked.ok ? { ok: true, value: checked.value } : { ok: false };
      },
      rows,
      [],
      extra,
    );
    expect(bodyAccepted).toBeGreaterThan(SCHEMA_RUNS / 100);
    expectBothOutcomes(counts);
  });
}

describe("hostile input to the JSON API's bodies", () => {
  apiProperty(
    "AccountCreateBody",
    AccountCreateBody,
    apiAccount,
    accountRowSchema() as z.ZodType<unknown, Cells>,
    afterStart,
  );
  apiProperty("StakeholderBody", StakeholderBody, apiStakeholder, stakeholderRowSchema() as z.ZodType<unknown, Cells>);
  apiProperty(
    "TouchpointBody",
    TouchpointBody,
    apiTouchpoint,
    touchpointRowSchema(rowOptions()) as z.ZodType<unknown, Cells>,
    (v) => notFuture("occurred_at")(v) ?? rowAdvocacyKept(v),
  );
  apiProperty("ExpectationBody", ExpectationBody, apiExpectation, expectationRowSchema() as z.ZodType<unknown, Cells>);
});

// ------------------------------------------------------------- CSV import rows

/** Cells as a spreadsheet gives them: strings or blank. */
function cellsOf(fields: Fields): fc.Arbitrary<Cells> {
  return fc.record(
    Object.fromEntries(
      Object.entries(fields).map(([k, f]) => [
        k,
        fc
          .oneof(
            { weight: 12, arbitrary: f.valid.map((v) => (Array.isArray(v) ? v.join(";") : v)) },
            { weight: 1, arbitrary: hostileString },
            { weight: 1, arbitrary: fc.constant(undefined) },
            // As mapRow hands them over: trimmed, a blank cell left out.
          )
          .map((v) => (v === undefined || v.trim() === "" ? undefined : v.trim())),
      ]),
    ),
  );
}

function rowProperty(name: string, schema: z.ZodType<unknown, Cells>, fields: Fields, extra?: Extra) {
  it(`${name}: cells`, () => {
    const rows = rowFields(fields);
    const parse = (cells: Cells): Parsed => {
      const checked = validateRow(schema, cells, importMap);
      return checked.ok ? { ok: true, value: checked.value } : { ok: false };
    };
    expectBothOutcomes(check(cellsOf(rows), parse, rows, [], extra));
  });
}

describe("hostile input to CSV import rows", () => {
  const asCells = (fields: Fields, overrides: Fields = {}) => ({ ...fields, ...overrides });
  rowProperty(
    "account rows",
    accountRowSchema() as z.ZodType<unknown, Cells>,
    asCells(apiAccount, { contract_value: spec.money() }),
    afterStart,
  );
  rowProperty("stakeholder rows", stakeholderRowSchema() as z.ZodType<unknown, Cells>, apiStakeholder);
  rowProperty(
    "touchpoint rows",
    touchpointRowSchema(rowOptions()) as z.ZodType<unknown, Cells>,
    asCells(apiTouchpoint, {
      occurred_at: spec.instant(),
      case_opened_at: spec.instant(),
      case_resolved_at: spec.instant(),
    }),
    (v) => notFuture("occurred_at")(v) ?? rowAdvocacyKept(v),
  );
  rowProperty("expectation rows", expectationRowSchema() as z.ZodType<unknown, Cells>, apiExpectation);
});

// ---------------------------------------------------------- URL filters and redirects

/** A query string of the given keys, each valid-looking, hostile, repeated or absent. */
function queryOf(fields: Fields): fc.Arbitrary<URLSearchParams> {
  return formBody(fields).map((entries) => new URLSearchParams(entries));
}

describe("hostile input to URL filters (a bad value is dropped, never an error)", () => {
  const q = spec.text(100);
  const cursor = {
    ...spec.text(500, { trimmed: false }),
    check: (v: unknown) => (typeof v === "string" && [...v].length <= 500 ? null : "cursor"),
  };
  const cases: [string, Fields, (p: URLSearchParams) => unknown, Extra?][] = [
    [
      "portfolio view",
      {
        band: spec.choice(HEALTH_BANDS),
        kam: uuid,
        tier: spec.choice(TIERS),
        stage: spec.choice(LIFECYCLE_STAGES),
        renewal: spec.choice(["30", "90", "180", "365"]),
        q,
        sort: spec.choice(PORTFOLIO_SORTS),
        dir: spec.choice(["asc", "desc"]),
        cursor,
      },
      parsePortfolioView,
      (v) =>
        v.renewal === undefined || [30, 90, 180, 365].includes(v.renewal as number)
          ? null
          : `renewal ${String(v.renewal)}`,
    ],
    [
      "risk inbox",
      { ack: spec.choice(["no", "yes"]), rule: spec.choice(RISK_RULES), kam: uuid, cursor },
      parseRiskInboxFilters,
    ],
    [
      "timeline",
      {
        kind: spec.list(spec.choice(TOUCHPOINT_KINDS), TOUCHPOINT_KINDS.length),
        person: uuid,
        sentiment: spec.choice(["negative", "neutral", "positive", "recorded"]),
        shared: spec.choice(["yes", "no"]),
        moment: spec.choice(["truth", "surprise", "either"]),
        quadrant: spec.choice(QUADRANTS),
        from: spec.date(),
        to: spec.date(),
        cursor,
      },
      parseTimelineFilters,
    ],
    [
      "expectation ledger",
      {
        group: spec.choice(["proposed", "overdue", "due_soon", "open", "resolved", "declined"]),
        category: spec.choice(EXPECTATION_CATEGORIES),
        holder: uuid,
        owner: uuid,
        cursor: { ...cursor, check: (v: unknown) => (typeof v === "string" && [...v].length <= 200 ? null : "cursor") },
      },
      parseLedgerQuery,
    ],
    [
      "quick log",
      { q, account: { ...spec.text(100), check: () => null } },
      (p) => LogQuery.parse(Object.fromEntries(p)),
    ],
  ];
  for (const [name, fields, parse, extra] of cases) {
    it(name, () => {
      const out: Fields = fields.renewal ? { ...fields, renewal: spec.int(30, 365) } : fields;
      check(queryOf(fields), (p) => ({ ok: true, value: parse(p) }), out, [], extra);
    });
  }
});

describe("hostile redirect targets", () => {
  it("safeRedirect only ever sends to a path on this site", () => {
    const targets = fc.oneof(
      hostileString,
      fc.constantFrom(
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r/evil.example",
        "/%2F/evil.example",
        "https://evil.example",
        "/ok",
        "/accounts?x=1",
      ),
      fc.tuple(fc.constantFrom("/", "//", "/\\", "\\"), hostileString).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(targets, (to) => {
        const target = safeRedirect(to, "/home");
        const resolved = new URL(target, "https://kohtaamo.example");
        expect(resolved.origin).toBe("https://kohtaamo.example");
        // It goes into a Location header: no control characters, nothing Headers would refuse.
        expect(textIssues(target, { max: Number.POSITIVE_INFINITY, trimmed: false })).toBeNull();
        expect(() => new Headers({ Location: target })).not.toThrow();
      }),
      { numRuns: SCHEMA_RUNS },
    );
  });
});
