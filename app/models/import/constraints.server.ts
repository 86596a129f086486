// The rules of the schema an imported row (or an API upsert) can break, each
// with the field it concerns and the sentence the user reads (app/i18n/messages/
// refusals.ts). Most are caught earlier by the row's schema or the domain's
// rules; what reaches the database is a row that breaks a rule across records
// (a file without the case status columns moving a resolved case's time to
// after its resolution: touchpoint_support_cases_check1, end to end in
// tests/integration/database-refusals.test.ts) or a race with another writer.
// tests/integration/constraints.test.ts reads pg_constraint: a new constraint
// on these tables without an entry here fails it.

/** Tables an import or an API upsert writes rows to. */
export const IMPORTED_TABLES = [
  "accounts",
  "stakeholders",
  "touchpoints",
  "touchpoint_stakeholders",
  "touchpoint_invoices",
  "touchpoint_support_cases",
  "expectations",
  "expectation_changes",
] as const;

export interface Refusal {
  /** The import field (CSV mapping / API body) the rule is about; "" for the row as a whole. */
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

const r = (field: string, key: string, params?: Refusal["params"]): Refusal => ({ field, key: `import.db.${key}`, ...(params ? { params } : {}) });
const choice = (field: string) => r(field, "choice");
const length = (field: string, max: number) => r(field, "length", { max });
const range = (field: string, min: number, max: number) => r(field, "range", { min, max });
const collision = r("", "collision");

/** Every CHECK, UNIQUE (constraint or index), PRIMARY KEY and FOREIGN KEY on IMPORTED_TABLES, by name. */
export const CONSTRAINT_REFUSALS: Record<string, Refusal> = {
  accounts_pkey: collision,
  accounts_external_id_key: r("external_id", "externalIdTaken"),
  accounts_name_check: length("name", 200),
  accounts_tier_check: choice("tier"),
  accounts_lifecycle_stage_check: choice("lifecycle_stage"),
  accounts_contract_value_check: r("contract_value", "notNegative"),
  accounts_currency_check: r("currency", "currency"),
  accounts_owner_id_fkey: r("owner_email", "userGone"),

  stakeholders_pkey: collision,
  stakeholders_external_id_key: r("external_id", "externalIdTaken"),
  stakeholders_account_id_fkey: r("account", "accountGone"),
  stakeholders_account_id_reports_to_id_fkey: r("reports_to", "stakeholderGone"),
  stakeholders_check: r("reports_to", "reportsToSelf"),
  stakeholders_name_check: length("name", 200),
  stakeholders_committee_role_check: choice("committee_role"),
  stakeholders_influence_check: range("influence", 1, 5),
  stakeholders_stance_check: choice("stance"),
  // Who asked the NPS question again: written by the app, never by an import.
  stakeholders_nps_asked_again_by_fkey: r("", "userGone"),
  // The successor named at a handover: written by the app, never by an import.
  stakeholders_successor_fkey: r("", "stakeholderGone"),
  stakeholders_successor_not_self: r("", "stakeholderGone"),

  touchpoints_pkey: collision,
  touchpoints_external_id_key: r("external_id", "externalIdTaken"),
  touchpoints_account_id_fkey: r("account", "accountGone"),
  touchpoints_author_id_fkey: r("", "userGone"),
  touchpoints_kind_check: choice("kind"),
  touchpoints_source_check: choice(""),
  touchpoints_title_check: length("title", 300),
  touchpoints_sentiment_check: range("sentiment", -2, 2),
  touchpoints_treatment_check: range("treatment", 1, 5),
  touchpoints_resolved_check: choice("resolved"),
  // Titles the system writes by message key: never set by an import.
  touchpoints_title_key_check: r("title", "badValue"),
  touchpoints_title_params_check: r("title", "badValue"),
  touchpoints_title_params_with_key: r("title", "badValue"),
  // References, referrals and word of mouth (app/domain/advocacy-rules.ts; the row's schema checks first).
  touchpoints_advocacy_facts: r("advocacy_polarity", "badValue"),
  touchpoints_advocacy_polarity_check: choice("advocacy_polarity"),
  touchpoints_advocacy_source_check: length("advocacy_source", 200),
  touchpoints_advocacy_stakeholder_fkey: r("advocacy_stakeholder", "stakeholderGone"),

  touchpoint_stakeholders_pkey: r("stakeholders", "collision"),
  touchpoint_stakeholders_account_id_touchpoint_id_fkey: r("", "touchpointGone"),
  touchpoint_stakeholders_account_id_stakeholder_id_fkey: r("stakeholders", "stakeholderGone"),

  touchpoint_invoices_pkey: collision,
  touchpoint_invoices_account_id_touchpoint_id_fkey: r("", "touchpointGone"),
  touchpoint_invoices_number_check: length("invoice_number", 100),
  touchpoint_invoices_currency_check: r("invoice_currency", "currency"),

  touchpoint_support_cases_pkey: collision,
  touchpoint_support_cases_account_id_touchpoint_id_fkey: r("", "touchpointGone"),
  touchpoint_support_cases_severity_check: choice("case_severity"),
  touchpoint_support_cases_status_check: choice("case_status"),
  // CHECK (sla_due_at >= opened_at)
  touchpoint_support_cases_check: r("case_sla_hours", "slaBeforeOpened"),
  // CHECK (resolved_at IS NULL OR resolved_at >= opened_at)
  touchpoint_support_cases_check1: r("case_resolved_at", "resolvedBeforeOpened"),
  // CHECK ((status IN ('resolved', 'closed')) = (resolved_at IS NOT NULL))
  touchpoint_support_cases_check2: r("case_status", "caseStatusTime"),

  expectations_pkey: collision,
  expectations_external_id_key: r("external_id", "externalIdTaken"),
  expectations_account_id_fkey: r("account", "accountGone"),
  expectations_account_id_holder_stakeholder_id_fkey: r("holder", "stakeholderGone"),
  expectations_account_id_source_touchpoint_id_fkey: r("", "touchpointGone"),
  expectations_owner_id_fkey: r("", "userGone"),
  expectations_title_check: length("title", 300),
  expectations_category_check: choice("category"),
  expectations_source_check: choice("source"),
  expectations_importance_check: range("importance", 1, 3),
  expectations_status_check: choice("outcome"),
  expectations_outcome_check: choice("outcome"),
  expectations_customer_response_check: choice(""),
  // CHECK ((status = 'resolved') = (outcome IS NOT NULL))
  expectations_check: r("outcome", "outcomeStatus"),
  // CHECK (customer_response IS NULL OR status = 'resolved')
  expectations_check1: r("outcome", "customerResponded"),

  expectation_changes_pkey: collision,
  expectation_changes_account_id_expectation_id_fkey: r("", "expectationGone"),
  expectation_changes_actor_id_fkey: r("", "userGone"),
  expectation_changes_kind_check: choice(""),
  // A customer's answer to a notice names its re-plan; imports write none.
  expectation_changes_replan_fkey: r("", "expectationGone"),
  expectation_changes_replan_answer_check: choice(""),
  // Only a re-plan the customer was told of records whether its notice reached them; Kohtaamo writes it, never a row.
  expectation_changes_notice_reach_check: choice(""),
};

/** The import field a NOT NULL column is filled from, by "table.column" (a null elsewhere concerns the row). */
const COLUMN_FIELDS: Record<string, string> = {
  "accounts.name": "name",
  "accounts.owner_id": "owner_email",
  "stakeholders.name": "name",
  "touchpoints.occurred_at": "occurred_at",
  "touchpoints.kind": "kind",
  "touchpoints.title": "title",
  "touchpoint_invoices.number": "invoice_number",
  "touchpoint_invoices.amount": "invoice_amount",
  "touchpoint_invoices.due_date": "invoice_due_date",
  "touchpoint_support_cases.opened_at": "case_opened_at",
  "touchpoint_support_cases.sla_due_at": "case_sla_hours",
  "expectations.title": "title",
  "expectations.due_date": "due_date",
};

interface PgError {
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/**
 * Why the database refused a row, as a message and the field it concerns; null
 * for an error that is not about the row's data (the database being unavailable).
 */
export function refusalOf(error: unknown): Refusal | null {
  const e = (error ?? {}) as PgError;
  const code = typeof e.code === "string" ? e.code : "";
  if (!code.startsWith("22") && !code.startsWith("23")) return null;
  if (e.constraint && CONSTRAINT_REFUSALS[e.constraint]) return CONSTRAINT_REFUSALS[e.constraint]!;
  if (code === "23502") return r(COLUMN_FIELDS[`${e.table}.${e.column}`] ?? "", "required");
  if (code === "22001") return r("", "tooLong");
  if (code === "22003") return r("", "numberTooLarge");
  if (code.startsWith("22")) return r("", "badValue");
  // A rule this table does not list (the constraints test keeps this from happening): named as it is.
  return { field: "", key: "import.databaseRefused", params: { rule: String(e.constraint ?? code).slice(0, 200) } };
}
