// From a CSV row to a checked record: the mapped cells of the row, read with the
// Finnish-or-ISO value parsers and checked by one Zod schema per kind of import.
// What needs the database (does the account exist, may this user write to it,
// is the stakeholder on that account) is checked later, by the import writer.
import { z } from "zod";
import type { $ZodErrorMap } from "zod/v4/core";
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
  SURVEY_ANSWER_SOURCES,
  SURVEY_KINDS,
  TIERS,
} from "../vocabulary.ts";
import { answerDayInstant, surveyAnswerBreaches } from "../survey-answer-rules.ts";
import { exactAmount } from "../money.ts";
import { isPlainText } from "../text.ts";
import { ADVOCACY_SOURCE_MAX, advocacyBreaches } from "../advocacy-rules.ts";
import { isDatedOutcome } from "../expectation-rules.ts";
import { CONSTANT_PREFIX, type ColumnMapping, type ImportKind } from "./fields.ts";
import {
  normalizeChoice,
  parseBoolean,
  parseDateTime,
  parseDecimal,
  parseFinnishOrIsoDate,
  parseInteger,
  parseList,
} from "./values.ts";

/** How far ahead of now a touchpoint may be dated (clocks differ); it has happened. */
const MAX_FUTURE_MS = 60 * 60_000;


export type Cells = Record<string, string | undefined>;

export type MappedRow = { ok: true; cells: Cells } | { ok: false; expected: number; found: number };

/**
 * The cells of one row for the mapped fields, trimmed, a blank cell as undefined.
 * A row with more non-blank values than the header has columns has shifted data
 * and is refused; a shorter row (trailing blanks left out by some exporters) is not.
 */
export function mapRow(headers: string[], mapping: ColumnMapping, values: string[]): MappedRow {
  if (values.length > headers.length && values.slice(headers.length).some((v) => v.trim() !== "")) {
    return { ok: false, expected: headers.length, found: values.length };
  }
  const cells: Cells = {};
  for (const [field, column] of Object.entries(mapping)) {
    if (!column) continue;
    const raw = column.startsWith(CONSTANT_PREFIX) ? column.slice(1) : values[headers.indexOf(column)];
    const v = raw?.trim();
    cells[field] = v === "" ? undefined : v;
  }
  return { ok: true, cells };
}

// --- Cell readers: each takes the cell's text and gives the value or an issue naming its message.

type Ctx = z.RefinementCtx;
function fail(ctx: Ctx, key: string): never {
  ctx.addIssue({ code: "custom", params: { i18n: key } });
  return z.NEVER as never;
}
/** A refusal of one field of the row, in the catalogue's words (`key`). */
function refuseField(ctx: Ctx, field: string, key: string) {
  ctx.addIssue({ code: "custom", path: [field], params: { i18n: key } });
}

/** Text without control characters (see ../text.ts). */
const text = (max: number) => z.string().max(max).refine(isPlainText, { params: { i18n: "validation.plainText" } });
const date = z.string().transform((v, ctx) => parseFinnishOrIsoDate(v) ?? fail(ctx, "import.invalidDate"));
const dateTime = (zone: string) =>
  z.string().transform((v, ctx) => parseDateTime(v, zone) ?? fail(ctx, "import.invalidDateTime"));
const integer = (min: number, max: number) =>
  z
    .string()
    .transform((v, ctx) => parseInteger(v) ?? fail(ctx, "validation.integer"))
    .pipe(z.number().min(min).max(max));
const bool = z.string().transform((v, ctx) => parseBoolean(v) ?? fail(ctx, "import.invalidBoolean"));
const email = z.string().max(254).pipe(z.email());
const currency = z
  .string()
  .transform((v) => v.toUpperCase())
  .refine((v) => /^[A-Z]{3}$/.test(v), { params: { i18n: "validation.currency" } });

/** Money as the exact string stored, "1234.50" (app/domain/money.ts). */
const money = (allowNegative: boolean) =>
  z.string().transform((v, ctx) => {
    const d = parseDecimal(v);
    const amount = d === null ? null : exactAmount(d, { negative: allowNegative });
    return amount ?? fail(ctx, "validation.number");
  });

/** A closed vocabulary, written loosely or with a Finnish word for it. */
function choice<const T extends readonly [string, ...string[]]>(values: T, synonyms: Record<string, T[number]> = {}) {
  return z
    .string()
    .transform((v) => {
      const n = normalizeChoice(v);
      return synonyms[n] ?? n;
    })
    .pipe(z.enum(values));
}

const KIND_SYNONYMS: Record<string, (typeof LOGGABLE_TOUCHPOINT_KINDS)[number]> = {
  tapaaminen: "meeting",
  palaveri: "meeting",
  puhelu: "call",
  "e_mail": "email",
  sähköposti: "email",
  lasku: "invoice",
  tukipyyntö: "support_case",
  tiketti: "support_case",
  ticket: "support_case",
  toimitus: "delivery",
  koulutus: "training",
  tapahtuma: "event",
  liiketoimintakatsaus: "business_review",
  referenssi: "reference_given",
  reference: "reference_given",
  suositus: "referral_given",
  referral: "referral_given",
  puskaradio: "word_of_mouth",
  suusanallinen_palaute: "word_of_mouth",
  muu: "other",
};
const POLARITY_SYNONYMS: Record<string, (typeof POLARITIES)[number]> = {
  myönteinen: "positive",
  positiivinen: "positive",
  kielteinen: "negative",
  negatiivinen: "negative",
};
const SEVERITY_SYNONYMS: Record<string, (typeof SEVERITIES)[number]> = {
  matala: "low",
  normaali: "normal",
  medium: "normal",
  korkea: "high",
  kriittinen: "critical",
};
const STATUS_SYNONYMS: Record<string, (typeof SUPPORT_STATUSES)[number]> = {
  avoin: "open",
  odottaa: "waiting",
  ratkaistu: "resolved",
  suljettu: "closed",
};
const RESOLVED_SYNONYMS: Record<string, (typeof RESOLVED_VALUES)[number]> = {
  kyllä: "yes",
  ei: "no",
  osittain: "partly",
  true: "yes",
  false: "no",
};

// --- One schema per kind. Fields are optional unless the kind cannot do without them;
// a field the mapping leaves out is not in the record at all (and is not overwritten).

export interface RowSchemaOptions {
  /** Time zone that dates and times without an offset are read in. */
  zone: string;
  now: Date;
}

export function touchpointRowSchema({ zone, now }: RowSchemaOptions) {
  const at = dateTime(zone);
  return z
    .object({
      account: text(200),
      external_id: text(200),
      kind: choice(LOGGABLE_TOUCHPOINT_KINDS as unknown as readonly [string, ...string[]], KIND_SYNONYMS),
      occurred_at: at.refine((d) => d.getTime() <= now.getTime() + MAX_FUTURE_MS, { params: { i18n: "import.inFuture" } }),
      title: text(300).optional(),
      summary: text(10_000).optional(),
      internal_notes: text(10_000).optional(),
      shared_with_customer: bool.optional(),
      sentiment: integer(-2, 2).optional(),
      treatment: integer(1, 5).optional(),
      resolved: choice(RESOLVED_VALUES, RESOLVED_SYNONYMS).optional(),
      emotion_tags: z
        .string()
        .transform((v) => [...new Set(parseList(v).map(normalizeChoice))])
        .pipe(z.array(z.enum(EMOTION_TAGS)))
        .optional(),
      moment_of_truth: bool.optional(),
      positive_surprise: bool.optional(),
      stakeholders: z
        .string()
        .transform((v) => [...new Set(parseList(v))])
        .pipe(z.array(text(200)).max(200))
        .optional(),
      invoice_number: text(100).optional(),
      invoice_amount: money(true).optional(),
      invoice_currency: currency.optional(),
      invoice_due_date: date.optional(),
      invoice_paid_on: date.optional(),
      invoice_disputed: bool.optional(),
      invoice_dispute_reason: text(2000).optional(),
      case_severity: choice(SEVERITIES, SEVERITY_SYNONYMS).optional(),
      case_status: choice(SUPPORT_STATUSES, STATUS_SYNONYMS).optional(),
      case_opened_at: at.optional(),
      case_sla_hours: z
        .string()
        .transform((v, ctx) => {
          const d = parseDecimal(v);
          const hours = d === null ? Number.NaN : Number(d);
          return hours >= 0.25 && hours <= 8760 ? hours : fail(ctx, "touchpointForm.slaHoursRange");
        })
        .optional(),
      case_resolved_at: at.optional(),
      advocacy_polarity: choice(POLARITIES, POLARITY_SYNONYMS).optional(),
      advocacy_source: text(ADVOCACY_SOURCE_MAX).optional(),
      advocacy_stakeholder: text(200).optional(),
    })
    .superRefine((v, ctx) => {
      const facts = { polarity: v.advocacy_polarity, source: v.advocacy_source, stakeholder: v.advocacy_stakeholder };
      for (const b of advocacyBreaches(v.kind, facts)) {
        refuseField(ctx, b.field, b.key);
      }
      const need = (field: keyof typeof v, key = "import.requiredForKind") => {
        if (v[field] === undefined) refuseField(ctx, field, key);
      };
      if (v.kind !== "invoice") need("title", "validation.required");
      if (v.kind === "invoice") {
        need("invoice_number");
        need("invoice_amount");
        need("invoice_due_date");
      }
      if (v.kind === "support_case") {
        need("case_sla_hours");
        const opened = v.case_opened_at ?? v.occurred_at;
        const closed = v.case_status === "resolved" || v.case_status === "closed";
        if (closed) need("case_resolved_at", "import.resolvedTimeRequired");
        if (v.case_resolved_at && v.case_resolved_at < opened) {
          refuseField(ctx, "case_resolved_at", "touchpointForm.resolvedBeforeOpened");
        }
      }
    });
}

export function accountRowSchema() {
  return z
    .object({
      external_id: text(200),
      name: text(200),
      industry: text(100).optional(),
      tier: choice(TIERS).optional(),
      lifecycle_stage: choice(LIFECYCLE_STAGES).optional(),
      relationship_start: date.optional(),
      contract_value: money(false).optional(),
      currency: currency.optional(),
      renewal_date: date.optional(),
      owner_email: email.optional(),
    })
    .superRefine((a, ctx) => {
      if (a.relationship_start && a.renewal_date && a.renewal_date <= a.relationship_start) {
        refuseField(ctx, "renewal_date", "validation.renewalAfterStart");
      }
    });
}

export function stakeholderRowSchema() {
  return z
    .object({
      account: text(200),
      external_id: text(200),
      name: text(200),
      title: text(200).optional(),
      email: email.optional(),
      phone: text(50).optional(),
      committee_role: choice(COMMITTEE_ROLES).optional(),
      influence: integer(1, 5).optional(),
      stance: choice(STANCES).optional(),
      reports_to: text(200).optional(),
      left_on: date.optional(),
    })
    .superRefine((s, ctx) => {
      if (s.reports_to !== undefined && s.reports_to === s.external_id) {
        refuseField(ctx, "reports_to", "import.reportsToSelf");
      }
    });
}

export function expectationRowSchema() {
  return z
    .object({
      account: text(200),
      external_id: text(200),
      title: text(300),
      description: text(10_000).optional(),
      category: choice(EXPECTATION_CATEGORIES).optional(),
      importance: integer(1, 3).optional(),
      due_date: date,
      original_due_date: date.optional(),
      holder: text(200).optional(),
      source: choice(EXPECTATION_SOURCES).optional(),
      outcome: choice(DELIVERY_OUTCOMES).optional(),
      delivered_on: date.optional(),
      delivery_note: text(2000).optional(),
      // A re-plan carried by the row: how its due date moved from the stored (or
      // original) one, brought in with its real days (see ../expectation-rules.ts).
      replan_reason: text(2000).optional(),
      replanned_on: date.optional(),
      customer_notified: bool.optional(),
      customer_notified_on: date.optional(),
    })
    .superRefine((e, ctx) => {
      if (e.outcome && isDatedOutcome(e.outcome) && !e.delivered_on) {
        refuseField(ctx, "delivered_on", "deliveryForm.dateRequired");
      }
    });
}

const SURVEY_KIND_SYNONYMS: Record<string, (typeof SURVEY_KINDS)[number]> = {
  suositteluindeksi: "nps",
  suosittelu: "nps",
  net_promoter_score: "nps",
  tyytyväisyys: "csat",
  asiakastyytyväisyys: "csat",
  satisfaction: "csat",
};
const ANSWER_SOURCE_SYNONYMS: Record<string, (typeof SURVEY_ANSWER_SOURCES)[number]> = {
  survey: "survey_tool",
  tool: "survey_tool",
  kysely: "survey_tool",
  kyselytyökalu: "survey_tool",
  haastattelu: "interview",
  muu: "other",
};

/**
 * NPS and CSAT answers given outside the portal (another survey tool, an
 * interview), with the day they were given: the rules of ../survey-answer-rules.ts,
 * as the JSON API applies them. A day without a time is noon of that day in `zone`.
 */
export function surveyAnswerRowSchema({ zone, now }: RowSchemaOptions) {
  return z
    .object({
      account: text(200),
      external_id: text(200),
      stakeholder: text(200),
      kind: choice(SURVEY_KINDS, SURVEY_KIND_SYNONYMS),
      score: z.string().transform((v, ctx) => parseInteger(v) ?? fail(ctx, "validation.integer")),
      comment: text(10_000).optional(),
      answered_at: z.string().transform((v, ctx) => {
        const day = parseFinnishOrIsoDate(v);
        if (day) return answerDayInstant(day, zone);
        return parseDateTime(v, zone) ?? fail(ctx, "import.invalidDateTime");
      }),
      source: choice(SURVEY_ANSWER_SOURCES, ANSWER_SOURCE_SYNONYMS).optional(),
      source_name: text(200).optional(),
    })
    .superRefine((a, ctx) => {
      for (const b of surveyAnswerBreaches({ kind: a.kind, score: a.score, answeredAt: a.answered_at, now })) {
        refuseField(ctx, b.field, b.key);
      }
    });
}

export type TouchpointRow = z.output<ReturnType<typeof touchpointRowSchema>>;
export type AccountRow = z.output<ReturnType<typeof accountRowSchema>>;
export type StakeholderRow = z.output<ReturnType<typeof stakeholderRowSchema>>;
export type ExpectationRow = z.output<ReturnType<typeof expectationRowSchema>>;
export type SurveyAnswerRow = z.output<ReturnType<typeof surveyAnswerRowSchema>>;

export interface RowRecords {
  touchpoints: TouchpointRow;
  accounts: AccountRow;
  stakeholders: StakeholderRow;
  expectations: ExpectationRow;
  survey_answers: SurveyAnswerRow;
}

export function rowSchema<K extends ImportKind>(kind: K, options: RowSchemaOptions): z.ZodType<RowRecords[K], Cells> {
  const schemas = {
    touchpoints: () => touchpointRowSchema(options),
    accounts: () => accountRowSchema(),
    stakeholders: () => stakeholderRowSchema(),
    expectations: () => expectationRowSchema(),
    survey_answers: () => surveyAnswerRowSchema(options),
  };
  return schemas[kind]() as unknown as z.ZodType<RowRecords[K], Cells>;
}

export interface RowError {
  /** The field the error is about ("" for the row as a whole). */
  field: string;
  reason: string;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * The app's localized Zod messages, with the allowed values spelled out for a
 * closed vocabulary (a file's author cannot see a dropdown).
 */
export function importErrorMap(t: Translate, base: $ZodErrorMap): $ZodErrorMap {
  return (issue) => {
    if (issue.code === "invalid_value" && issue.input !== undefined) {
      return t("import.choiceOf", { values: issue.values.map(String).join(", ") });
    }
    return base(issue);
  };
}

export type RowResult<T> = { ok: true; value: T } | { ok: false; errors: RowError[] };

/** Checks one mapped row; every problem is reported, each at its field. */
export function validateRow<T>(schema: z.ZodType<T, Cells>, cells: Cells, errorMap: $ZodErrorMap): RowResult<T> {
  const parsed = schema.safeParse(cells, { error: errorMap });
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "");
    if (seen.has(field)) continue; // one reason per field is enough to fix it
    seen.add(field);
    errors.push({ field, reason: issue.message });
  }
  return { ok: false, errors };
}
