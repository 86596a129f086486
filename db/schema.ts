// Table types, kept by hand beside the migrations (tests/integration/schema.test.ts
// checks every column here exists in the migrated database, so they cannot drift).
// Value shapes are the same on both drivers (see db/connection.ts):
// timestamptz -> Date, date -> 'YYYY-MM-DD', numeric -> string, bigint -> number.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Numeric = ColumnType<string, string | number, string | number>;
type Json = ColumnType<unknown, unknown, unknown>;
/** A json column with a database default: optional on insert. (JsonWithDefault would nest ColumnTypes.) */
type JsonWithDefault = ColumnType<unknown, unknown | undefined, unknown>;

export type Role = "admin" | "director" | "kam" | "customer";
export type Locale = "en" | "fi";

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  locale: Generated<Locale>;
  disabled_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
  /** The personal capture address's token (capture+<token>@INBOUND_DOMAIN); null until made. */
  capture_token: string | null;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface AccountsTable {
  id: Generated<string>;
  external_id: string | null;
  name: string;
  industry: Generated<string>;
  tier: Generated<string>;
  lifecycle_stage: Generated<string>;
  relationship_start: string | null;
  contract_value: Numeric | null;
  currency: Generated<string>;
  renewal_date: string | null;
  owner_id: string;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface StakeholdersTable {
  account_id: string;
  id: Generated<string>;
  external_id: string | null;
  name: string;
  title: Generated<string>;
  email: string | null;
  phone: string | null;
  committee_role: string | null;
  influence: Generated<number>;
  stance: Generated<string>;
  reports_to_id: string | null;
  left_on: string | null;
  /** When Kohtaamo recorded the leaving (set by a trigger as left_on is set; app/domain/committee-rules.ts). */
  left_recorded_at: Date | null;
  /** A KAM asked the NPS question again: the portal shows it until the person next answers. */
  nps_asked_again_at: Date | null;
  nps_asked_again_by: string | null;
  /** Who took over their open expectations when they left (app/models/handover.server.ts). */
  successor_id: string | null;
  handed_over_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface TouchpointsTable {
  account_id: string;
  id: Generated<string>;
  external_id: string | null;
  kind: string;
  occurred_at: Date | string;
  recorded_at: Timestamp;
  author_id: string | null;
  source: Generated<string>;
  title: string;
  /** A system-written title by message key and parameters, rendered in the reader's language. */
  title_key: string | null;
  title_params: Json | null;
  summary: Generated<string>;
  internal_notes: Generated<string>;
  shared_with_customer: Generated<boolean>;
  sentiment: number | null;
  treatment: number | null;
  resolved: string | null;
  emotion_tags: Generated<string[]>;
  moment_of_truth: Generated<boolean>;
  positive_surprise: Generated<boolean>;
  /** References, referrals and word of mouth only (a CHECK holds it): positive | negative. */
  advocacy_polarity: string | null;
  /** Who said it, or to whom (free text); set exactly when the polarity is. */
  advocacy_source: string | null;
  /** The account's person who gave it or whom it is about, if named. */
  advocacy_stakeholder_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface TouchpointStakeholdersTable {
  account_id: string;
  touchpoint_id: string;
  stakeholder_id: string;
  occurred_at: Date | string;
}

export interface TouchpointUsersTable {
  account_id: string;
  touchpoint_id: string;
  user_id: string;
}

export interface TouchpointInvoicesTable {
  account_id: string;
  touchpoint_id: string;
  number: string;
  amount: Numeric;
  currency: Generated<string>;
  due_date: string;
  paid_on: string | null;
  disputed: Generated<boolean>;
  dispute_reason: Generated<string>;
}

export interface TouchpointSupportCasesTable {
  account_id: string;
  touchpoint_id: string;
  severity: Generated<string>;
  status: Generated<string>;
  opened_at: Date | string;
  sla_due_at: Date | string;
  resolved_at: Date | string | null;
  /**
   * The last instant the case was saved open or waiting before it was resolved
   * (set by the write that resolves it; NULL: never; for cases resolved before
   * migration 20261214_0900, their resolved time). app/domain/support-case-rules.ts.
   */
  open_recorded_at: Date | string | null;
}

export interface ExpectationsTable {
  account_id: string;
  id: Generated<string>;
  external_id: string | null;
  title: string;
  description: Generated<string>;
  category: Generated<string>;
  holder_stakeholder_id: string | null;
  source: Generated<string>;
  source_touchpoint_id: string | null;
  importance: Generated<number>;
  original_due_date: string;
  due_date: string;
  /** The date the customer was last properly told (predictability's promise); null: the original due date. */
  promised_date: string | null;
  owner_id: string | null;
  status: Generated<string>;
  outcome: string | null;
  delivered_on: string | null;
  delivery_note: Generated<string>;
  customer_response: string | null;
  customer_comment: Generated<string>;
  customer_responded_at: Date | string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ExpectationChangesTable {
  account_id: string;
  id: Generated<string>;
  expectation_id: string;
  kind: string;
  from_due_date: string | null;
  to_due_date: string | null;
  reason: Generated<string>;
  customer_notified: boolean | null;
  /** The day a re-plan was made (kind 'replanned' only). */
  replanned_on: string | null;
  /** The day the customer was told of a re-plan; null when they were not. */
  customer_notified_on: string | null;
  /** A customer's answer to a re-plan's notice (kinds 'notice_confirmed', 'notice_contested'): the re-plan's id. */
  replan_id: string | null;
  /**
   * A re-plan with notice: when the notice first reached a live portal user of
   * the account (a notice mail queued to them); null when nobody could see it
   * (an unanswered notice then never stands: app/domain/notice.ts).
   */
  notice_reached_at: Date | null;
  /** A re-plan with notice recorded before notice_reached_at was kept: judged from `at`, as before. */
  notice_reach_unknown: Generated<boolean>;
  actor_id: string | null;
  at: Timestamp;
  details: JsonWithDefault;
}

export interface SurveyResponsesTable {
  account_id: string;
  id: Generated<string>;
  stakeholder_id: string;
  kind: "nps" | "csat";
  score: number;
  comment: Generated<string>;
  touchpoint_id: string | null;
  answered_at: Timestamp;
  /** Where the answer was given. */
  source: Generated<"portal" | "survey_tool" | "interview" | "other">;
  /** The survey tool's (or other source's) name. */
  source_name: Generated<string>;
  /** The sending system's id, for answers brought in through the API or import. */
  external_id: string | null;
}

export interface PortalAccessTable {
  account_id: string;
  user_id: string;
  stakeholder_id: string;
  granted_by: string | null;
  created_at: CreatedAt;
  revoked_at: Date | null;
}

export interface PortalInvitationsTable {
  account_id: string;
  id: Generated<string>;
  stakeholder_id: string;
  email: string;
  token_hash: string;
  expires_at: Date;
  created_by: string | null;
  created_at: CreatedAt;
  accepted_at: Date | null;
  accepted_user_id: string | null;
  revoked_at: Date | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_id: string | null;
  account_id: string | null;
  entity: string;
  entity_id: string;
  action: string;
  before: Json | null;
  after: Json | null;
  ip: string | null;
}

export interface AppSettingsTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
  updated_by: string | null;
  version: Generated<number>;
}

export type Band = "healthy" | "watch" | "at_risk" | "not_enough_data";

export interface AccountScoresTable {
  account_id: string;
  computed_at: Timestamp;
  health: Numeric | null;
  band: Band | null;
  predictability: Numeric | null;
  predictability_sample: Generated<number>;
  surprises_90d: Generated<number>;
  nps: number | null;
  nps_respondents: Generated<number>;
  coverage: Numeric | null;
  single_threaded: Generated<boolean>;
  open_signals: Generated<number>;
  factors: JsonWithDefault;
  /** The counts behind `predictability` over the account's window: pooled figures are sums of these. */
  predictability_weight: Generated<number>;
  predictable_weight: Generated<number>;
  predictability_surprises: Generated<number>;
  predictability_delivered: Generated<number>;
  predictability_on_time: Generated<number>;
  predictability_late: Generated<number>;
  predictability_late_days: Generated<number>;
}

/** How each expectation that came due was judged, as of its account's last scoring. */
export interface ExpectationVerdictsTable {
  account_id: string;
  expectation_id: string;
  due_date: string;
  importance: number;
  verdict: "predictable" | "surprise";
  reason: "late_without_notice" | "missed" | "partial" | "disputed" | "overdue" | null;
  promised_date: string;
  days_late: number | null;
  /** The expectation was still open when judged (open and overdue). */
  still_open: Generated<boolean>;
}

export interface HealthSnapshotsTable {
  account_id: string;
  day: string;
  health: Numeric | null;
  band: Band | null;
  predictability: Numeric | null;
  predictability_sample: Generated<number>;
  surprises_90d: Generated<number>;
  nps: number | null;
  nps_respondents: Generated<number>;
}

export interface RiskSignalsTable {
  account_id: string;
  id: Generated<string>;
  key: string;
  rule: string;
  severity: "high" | "medium" | "low";
  params: JsonWithDefault;
  evidence_kind: "expectation" | "stakeholder" | "touchpoint" | "account";
  evidence_id: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  resolved_at: Date | string | null;
  acknowledged_at: Date | string | null;
  acknowledged_by: string | null;
  ack_note: Generated<string>;
  /** Levels that rise as an account-keyed cause gets worse; empty for other rules. */
  escalation: ColumnType<number[], number[] | undefined, number[]>;
  /** The levels the acknowledgement saw. */
  ack_escalation: number[] | null;
  /** The acknowledged signal this one superseded because it got worse. */
  escalated_from: string | null;
}

export type ImportKind = "accounts" | "stakeholders" | "touchpoints" | "expectations" | "survey_answers";
export type ImportStatus = "draft" | "queued" | "running" | "done" | "rejected" | "failed" | "cancelled";

export interface ImportMappingsTable {
  kind: ImportKind;
  source: string;
  mapping: Json;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ImportJobsTable {
  id: Generated<string>;
  created_by: string;
  kind: ImportKind;
  source: Generated<string>;
  mode: Generated<"all_or_nothing" | "valid_rows">;
  status: Generated<ImportStatus>;
  phase: Generated<"checking" | "writing" | "finishing">;
  file_name: Generated<string>;
  file_text: string;
  delimiter: Generated<string>;
  headers: JsonWithDefault;
  mapping: JsonWithDefault;
  total: Generated<number>;
  done: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  errors: JsonWithDefault;
  failure: Generated<string>;
  created_at: CreatedAt;
  queued_at: Date | null;
  started_at: Date | null;
  heartbeat_at: Date | null;
  finished_at: Date | null;
  /** Tries so far: a job that stops its worker (crash, time limit) twice is failed. */
  attempts: Generated<number>;
  /** Data rows of the file behind the last committed chunk: a resumed job goes on from here. */
  checkpoint: Generated<number>;
}

/** What an import's chunks changed per account, for its finishing step (audit, rescoring). */
export interface ImportJobAccountsTable {
  job_id: string;
  account_id: string;
  inserted: Generated<number>;
  updated: Generated<number>;
}

/** A member of staff's private calendar feed: the SHA-256 of its secret token (db/migrations/20261206_0705_calendar_feeds.ts). */
export interface CalendarFeedsTable {
  user_id: string;
  token_hash: string;
  created_at: CreatedAt;
  last_read_at: Date | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  scope: "read" | "read_write";
  created_by: string | null;
  /** The user a personal token acts as; null for a service token (acts as its creating administrator). */
  user_id: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** A closed month whose portfolio figures are in portfolio_month_rollups. */
export interface PortfolioMonthsRolledTable {
  /** The month's first day, 'YYYY-MM-DD'. */
  month: string;
  rolled_at: CreatedAt;
}

/** Per closed month, KAM and band: the accounts' health and NPS at the month's end. */
export interface PortfolioMonthRollupsTable {
  month: string;
  owner_id: string;
  band: Band | null;
  accounts: number;
  health_sum: string | null;
  health_count: number;
  nps_weighted: string | null;
  nps_respondents: number;
}

/** Each account's newest health snapshot, kept by a trigger on health_snapshots (db/migrations/20261206_0720_trend_rollups.ts). */
export interface HealthLatestTable {
  account_id: string;
  day: string;
  health: string | null;
  band: Band | null;
  nps: number | null;
  nps_respondents: number;
}

/** Signed changes of the closed verdicts per KAM and month, appended by triggers; summed by the trends. */
export interface PortfolioVerdictDeltasTable {
  id: Generated<string>;
  owner_id: string;
  month: string;
  weight_total: number;
  predictable_weight: number;
  sample: number;
  surprises: number;
}

/**
 * Signed changes of the open verdicts per KAM, due month and whether due on the month's last day,
 * appended by triggers (migration 20261211_0900; app/models/portfolio-trends-verdicts.server.ts).
 */
export interface PortfolioOpenVerdictDeltasTable {
  id: Generated<string>;
  owner_id: string;
  month: string;
  last_day: boolean;
  weight_total: number;
  predictable_weight: number;
  sample: number;
  surprises: number;
}

/** The portfolio's sums per KAM, band (null: unscored) and currency, as signed changes (migration 20261210_1100; app/models/portfolio-sums.server.ts). */
export interface PortfolioScoreDeltasTable {
  id: Generated<string>;
  owner_id: string;
  band: Band | null;
  currency: string;
  accounts: number;
  valued: number;
  value: string;
  scored: number;
  health_sum: string;
  p_weight: number;
  p_predictable_weight: number;
  p_sample: number;
  p_surprises: number;
  p_delivered: number;
  p_on_time: number;
  p_late: number;
  p_late_days: number;
  nps_weighted: string;
  nps_respondents: number;
  open_signals: number;
}

/** The newest snapshots' sums per KAM and band, as signed changes (migration 20261210_1110; app/models/portfolio-trends-current.server.ts). */
export interface HealthLatestDeltasTable {
  id: Generated<string>;
  owner_id: string;
  band: Band | null;
  accounts: number;
  health_sum: string;
  health_count: number;
  nps_weighted: string;
  nps_respondents: number;
}

/** The experience counts of a month and kind of touchpoint (migration 20261210_0900; app/models/experience-months.server.ts). */
export interface ExperienceCounts {
  touchpoints: Generated<number>;
  well_resolved: Generated<number>;
  well_resolved_nps: Generated<number>;
  well_resolved_promoters: Generated<number>;
  well_resolved_detractors: Generated<number>;
  well_resolved_csat: Generated<number>;
  well_resolved_csat_sum: Generated<number>;
  well_unresolved: Generated<number>;
  well_unresolved_nps: Generated<number>;
  well_unresolved_promoters: Generated<number>;
  well_unresolved_detractors: Generated<number>;
  well_unresolved_csat: Generated<number>;
  well_unresolved_csat_sum: Generated<number>;
  badly_resolved: Generated<number>;
  badly_resolved_nps: Generated<number>;
  badly_resolved_promoters: Generated<number>;
  badly_resolved_detractors: Generated<number>;
  badly_resolved_csat: Generated<number>;
  badly_resolved_csat_sum: Generated<number>;
  badly_unresolved: Generated<number>;
  badly_unresolved_nps: Generated<number>;
  badly_unresolved_promoters: Generated<number>;
  badly_unresolved_detractors: Generated<number>;
  badly_unresolved_csat: Generated<number>;
  badly_unresolved_csat_sum: Generated<number>;
  treated_neither: Generated<number>;
  no_resolution: Generated<number>;
  no_treatment: Generated<number>;
  moments: Generated<number>;
  surprises: Generated<number>;
  moments_well: Generated<number>;
  moments_badly: Generated<number>;
  moments_resolved: Generated<number>;
  moments_unresolved: Generated<number>;
  moments_went_badly: Generated<number>;
  advocacy_positive: Generated<number>;
  advocacy_negative: Generated<number>;
}

/**
 * Experience counts per account, calendar month (in the vendor's time zone) and
 * kind of touchpoint (migration 20261210_0900), written by
 * app/models/experience-months.server.ts. follow_days: the follow-up window the
 * row was counted with.
 */
export interface ExperienceMonthsTable extends ExperienceCounts {
  account_id: string;
  month: string;
  kind: string;
  follow_days: number;
}

/** The (account, month) pairs whose experience counts may be out of date, marked by triggers. */
export interface ExperienceMonthsStaleTable {
  account_id: string;
  month: string;
}

/** The live accounts' experience_months summed per month and kind (migration 20261210_0930), kept by triggers. */
export interface ExperiencePortfolioMonthsTable extends ExperienceCounts {
  month: string;
  kind: string;
}

export interface PasswordLinksTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  purpose: "welcome" | "reset";
  expires_at: Date;
  created_by: string | null;
  created_at: CreatedAt;
  used_at: Date | null;
  revoked_at: Date | null;
}

export type OutboxStatus = "pending" | "sending" | "sent" | "failed" | "review" | "cancelled";

export interface OutboxMessagesTable {
  id: Generated<string>;
  kind: string;
  recipient_user_id: string | null;
  account_id: string | null;
  to_address: string;
  to_name: Generated<string>;
  locale: Locale;
  subject: string;
  text_body: string;
  html_body: string;
  headers: JsonWithDefault;
  secret: Generated<boolean>;
  supersede_key: string | null;
  /** A scheduled mail's key (kind, person, period): unique, so a period is never sent twice. */
  dedupe_key: string | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  leased_until: Date | null;
  last_error: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  sent_at: Date | null;
}

export interface OutboxAttemptsTable {
  message_id: string;
  attempt: number;
  started_at: Date;
  finished_at: Date | null;
  outcome: Generated<"started" | "sent" | "retry" | "failed" | "interrupted" | "deferred">;
  detail: Generated<string>;
}

/** Per scheduled mail job, the last period (a day or a week's Monday) it finished. */
export interface MailJobRunsTable {
  job: string;
  period: string;
  finished_at: Timestamp;
}

/** Deliveries awaiting a customer's confirmation already listed in a mail to that portal user. */
export interface DeliveryRemindersTable {
  account_id: string;
  expectation_id: string;
  user_id: string;
  mailed_at: Timestamp;
}

export interface MailPreferencesTable {
  user_id: string;
  kind: string;
  choice: "immediate" | "digest" | "off";
  updated_at: Timestamp;
}

/** Where an administrator wants events sent (db/migrations/20261206_0240_webhooks.ts). */
export interface WebhookEndpointsTable {
  id: Generated<string>;
  url: string;
  description: Generated<string>;
  events: string[];
  /** The signing secret, AES-256-GCM encrypted (app/utils/webhook-secrets.server.ts). */
  secret_ciphertext: string;
  /** The secret's last four characters, to recognise it by. */
  secret_hint: Generated<string>;
  created_by: string;
  status: Generated<"active" | "disabled">;
  disabled_reason: "manual" | "failing" | null;
  disabled_at: Date | null;
  notice_dismissed_at: Date | null;
  failing_since: Date | null;
  last_success_at: Date | null;
  last_failure_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export type WebhookDeliveryStatus = "pending" | "sending" | "sent" | "failed" | "review" | "cancelled";

/** One event for one endpoint, written with the change that caused it. */
export interface WebhookDeliveriesTable {
  id: Generated<string>;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  account_id: string | null;
  payload: Json;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  leased_until: Date | null;
  last_error: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  sent_at: Date | null;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  started_at: Date;
  finished_at: Date | null;
  outcome: Generated<"started" | "sent" | "retry" | "failed" | "interrupted">;
  status_code: number | null;
  detail: Generated<string>;
}

/** One open portal scope per transaction (db/migrations/20261205_2340_portal_scope_guard.ts); written only by its functions. */
export interface PortalScopesTable {
  /** xid8, the transaction's id. */
  xact: string;
  account_id: string;
  key_hash: string;
}

/** Creating forms' submission ids, claimed with the write they made (app/models/form-submissions.server.ts). */
export interface FormSubmissionsTable {
  id: string;
  user_id: string;
  form: string;
  result: Json;
  created_at: CreatedAt;
}

export type TaskState = "open" | "done" | "cancelled";
export type TaskVisibility = "private" | "account";
export type TaskOrigin = "manual" | "signal" | "touchpoint" | "expectation" | "inbox" | "playbook" | "api";

export interface TasksTable {
  account_id: string;
  id: Generated<string>;
  external_id: string | null;
  title: string;
  notes: Generated<string>;
  owner_id: string;
  created_by: string | null;
  due_on: string | null;
  state: Generated<TaskState>;
  visibility: Generated<TaskVisibility>;
  origin: Generated<TaskOrigin>;
  expectation_id: string | null;
  signal_id: string | null;
  stakeholder_id: string | null;
  touchpoint_id: string | null;
  /** The inbox item the task was made from; the item leaves the inbox while the task is not cancelled. */
  inbox_item_key: string | null;
  completed_at: Date | null;
  completed_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** What one person did with one inbox item (the items themselves are read from their sources). */
export interface InboxItemStatesTable {
  account_id: string;
  user_id: string;
  item_key: string;
  done_at: Date | null;
  snoozed_until: string | null;
  handed_to: string | null;
  updated_at: Timestamp;
}

export type BusinessReviewState = "draft" | "shared" | "published" | "held";
export type BusinessReviewItemKind = "proposed" | "customer_expectation" | "agenda";

/** A business review of one account and period; figures are stored (frozen) once it leaves the draft. */
export interface BusinessReviewsTable {
  account_id: string;
  id: Generated<string>;
  title: string;
  period_start: string;
  period_end: string;
  state: Generated<BusinessReviewState>;
  summary: Generated<string>;
  highlights: Generated<string>;
  figures: Json | null;
  /** The day the stored figures were computed for. */
  figures_on: string | null;
  shared_at: Date | null;
  published_at: Date | null;
  published_by: string | null;
  held_at: Date | null;
  meeting_touchpoint_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export type PlannedTouchpointKind = "meeting" | "business_review" | "call";
export type PlannedTouchpointState = "planned" | "logged" | "cancelled";

/** A meeting, business review or call on the calendar ahead; never counted as contact (app/models/planned-touchpoints.server.ts). */
export interface PlannedTouchpointsTable {
  account_id: string;
  id: Generated<string>;
  kind: PlannedTouchpointKind;
  planned_for: Date;
  title: string;
  notes: Generated<string>;
  stakeholder_ids: Generated<string[]>;
  /** Recording it starts the log form as a moment of truth (the first meeting with a successor). */
  moment_of_truth: Generated<boolean>;
  /** A small deliberate surprise for its people (at least one); recording it marks the touchpoint a positive surprise. */
  positive_surprise: Generated<boolean>;
  owner_id: string;
  created_by: string | null;
  state: Generated<PlannedTouchpointState>;
  /** The touchpoint recorded from it (state logged). */
  touchpoint_id: string | null;
  logged_at: Date | null;
  cancelled_at: Date | null;
  /** The UID of the .ics event it was imported from (unique per account). */
  ical_uid: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** What a review proposes, or the customer adds, for the next period; the agreed ones point to their ledger entry. */
export interface BusinessReviewItemsTable {
  account_id: string;
  review_id: string;
  id: Generated<string>;
  kind: BusinessReviewItemKind;
  title: string;
  description: Generated<string>;
  due_date: string | null;
  importance: Generated<number>;
  stakeholder_id: string | null;
  created_by: string | null;
  from_customer: Generated<boolean>;
  expectation_id: string | null;
  created_at: CreatedAt;
}

/**
 * The customer's own rating of a delivery (expectation) or a shared touchpoint
 * against what they expected: below, as, or above. Written only from the portal.
 */
export interface ExperienceRatingsTable {
  account_id: string;
  id: Generated<string>;
  stakeholder_id: string;
  user_id: string | null;
  touchpoint_id: string | null;
  expectation_id: string | null;
  rating: "below" | "as" | "above";
  word: Generated<string>;
  rated_at: CreatedAt;
}

/** A comment on one part of a review's pack (item_key), from the customer or from us. */
export interface BusinessReviewCommentsTable {
  account_id: string;
  review_id: string;
  id: Generated<string>;
  item_key: string;
  body: string;
  author_id: string | null;
  stakeholder_id: string | null;
  from_customer: boolean;
  created_at: CreatedAt;
}

/** A mail that arrived at a member of staff's capture address (mail in). */
export interface CapturedMailsTable {
  id: Generated<string>;
  user_id: string;
  message_id: string;
  received_at: CreatedAt;
  sent_at: Date;
  from_address: string;
  subject: string;
  text_body: string;
  addresses: Generated<string[]>;
  attachment_names: Generated<string[]>;
  candidate_account_ids: Generated<string[]>;
  status: "placed" | "waiting" | "discarded";
  account_id: string | null;
  touchpoint_id: string | null;
  decided_at: Date | null;
  version: Generated<number>;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  accounts: AccountsTable;
  stakeholders: StakeholdersTable;
  touchpoints: TouchpointsTable;
  touchpoint_stakeholders: TouchpointStakeholdersTable;
  touchpoint_users: TouchpointUsersTable;
  touchpoint_invoices: TouchpointInvoicesTable;
  touchpoint_support_cases: TouchpointSupportCasesTable;
  expectations: ExpectationsTable;
  expectation_changes: ExpectationChangesTable;
  survey_responses: SurveyResponsesTable;
  portal_access: PortalAccessTable;
  portal_invitations: PortalInvitationsTable;
  audit_events: AuditEventsTable;
  app_settings: AppSettingsTable;
  account_scores: AccountScoresTable;
  expectation_verdicts: ExpectationVerdictsTable;
  health_snapshots: HealthSnapshotsTable;
  risk_signals: RiskSignalsTable;
  import_mappings: ImportMappingsTable;
  import_jobs: ImportJobsTable;
  import_job_accounts: ImportJobAccountsTable;
  api_tokens: ApiTokensTable;
  calendar_feeds: CalendarFeedsTable;
  portfolio_months_rolled: PortfolioMonthsRolledTable;
  portfolio_month_rollups: PortfolioMonthRollupsTable;
  health_latest: HealthLatestTable;
  portfolio_verdict_deltas: PortfolioVerdictDeltasTable;
  portfolio_open_verdict_deltas: PortfolioOpenVerdictDeltasTable;
  portfolio_score_deltas: PortfolioScoreDeltasTable;
  health_latest_deltas: HealthLatestDeltasTable;
  experience_months: ExperienceMonthsTable;
  experience_months_stale: ExperienceMonthsStaleTable;
  experience_portfolio_months: ExperiencePortfolioMonthsTable;
  password_links: PasswordLinksTable;
  outbox_messages: OutboxMessagesTable;
  outbox_attempts: OutboxAttemptsTable;
  mail_preferences: MailPreferencesTable;
  mail_job_runs: MailJobRunsTable;
  captured_mails: CapturedMailsTable;
  delivery_reminders: DeliveryRemindersTable;
  portal_scopes: PortalScopesTable;
  form_submissions: FormSubmissionsTable;
  tasks: TasksTable;
  inbox_item_states: InboxItemStatesTable;
  business_reviews: BusinessReviewsTable;
  business_review_items: BusinessReviewItemsTable;
  business_review_comments: BusinessReviewCommentsTable;
  planned_touchpoints: PlannedTouchpointsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  experience_ratings: ExperienceRatingsTable;
}

export type User = Selectable<UsersTable>;
export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type Stakeholder = Selectable<StakeholdersTable>;
export type Touchpoint = Selectable<TouchpointsTable>;
export type Expectation = Selectable<ExpectationsTable>;
