import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { DB, ExperienceCounts } from "#db/schema.ts";
import { assertSchemaCurrent, createMigrator, SchemaBehindError } from "#db/migrator.ts";
import { migrationProvider } from "#db/migrations/index.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";

// Every column of db/schema.ts, exactly: TypeScript rejects a name that is not
// in the types and requires every one that is; the test compares with the database.
type Columns = { [T in keyof DB]: { [C in keyof DB[T]]-?: true } };
const all = <T extends string>(...names: T[]) => Object.fromEntries(names.map((n) => [n, true])) as Record<T, true>;
/** The counts of experience_months and experience_portfolio_months (db/schema.ts, ExperienceCounts). */
const EXPERIENCE_COUNTS = [
  "touchpoints",
  "well_resolved",
  "well_resolved_nps",
  "well_resolved_promoters",
  "well_resolved_detractors",
  "well_resolved_csat",
  "well_resolved_csat_sum",
  "well_unresolved",
  "well_unresolved_nps",
  "well_unresolved_promoters",
  "well_unresolved_detractors",
  "well_unresolved_csat",
  "well_unresolved_csat_sum",
  "badly_resolved",
  "badly_resolved_nps",
  "badly_resolved_promoters",
  "badly_resolved_detractors",
  "badly_resolved_csat",
  "badly_resolved_csat_sum",
  "badly_unresolved",
  "badly_unresolved_nps",
  "badly_unresolved_promoters",
  "badly_unresolved_detractors",
  "badly_unresolved_csat",
  "badly_unresolved_csat_sum",
  "treated_neither",
  "no_resolution",
  "no_treatment",
  "moments",
  "surprises",
  "moments_well",
  "moments_badly",
  "moments_resolved",
  "moments_unresolved",
  "moments_went_badly",
  "advocacy_positive",
  "advocacy_negative",
] as const satisfies readonly (keyof ExperienceCounts)[];
const columns: Columns = {
  users: all(
    "id",
    "email",
    "name",
    "role",
    "password_hash",
    "locale",
    "disabled_at",
    "created_at",
    "updated_at",
    "version",
    "capture_token",
  ),
  sessions: all(
    "id",
    "token_hash",
    "user_id",
    "created_at",
    "last_seen_at",
    "expires_at",
    "revoked_at",
    "ip",
    "user_agent",
  ),
  accounts: all(
    "id",
    "external_id",
    "name",
    "industry",
    "tier",
    "lifecycle_stage",
    "relationship_start",
    "contract_value",
    "currency",
    "renewal_date",
    "owner_id",
    "archived_at",
    "created_at",
    "updated_at",
    "version",
  ),
  stakeholders: all(
    "account_id",
    "id",
    "external_id",
    "name",
    "title",
    "email",
    "phone",
    "committee_role",
    "influence",
    "stance",
    "reports_to_id",
    "left_on",
    "nps_asked_again_at",
    "nps_asked_again_by",
    "successor_id",
    "handed_over_at",
    "left_recorded_at",
    "created_at",
    "updated_at",
    "version",
  ),
  touchpoints: all(
    "account_id",
    "id",
    "external_id",
    "kind",
    "occurred_at",
    "recorded_at",
    "author_id",
    "source",
    "title",
    "title_key",
    "title_params",
    "summary",
    "internal_notes",
    "shared_with_customer",
    "sentiment",
    "treatment",
    "resolved",
    "emotion_tags",
    "moment_of_truth",
    "positive_surprise",
    "advocacy_polarity",
    "advocacy_source",
    "advocacy_stakeholder_id",
    "created_at",
    "updated_at",
    "version",
  ),
  touchpoint_stakeholders: all("account_id", "touchpoint_id", "stakeholder_id", "occurred_at"),
  touchpoint_users: all("account_id", "touchpoint_id", "user_id"),
  touchpoint_invoices: all(
    "account_id",
    "touchpoint_id",
    "number",
    "amount",
    "currency",
    "due_date",
    "paid_on",
    "disputed",
    "dispute_reason",
  ),
  touchpoint_support_cases: all(
    "account_id",
    "touchpoint_id",
    "severity",
    "status",
    "opened_at",
    "sla_due_at",
    "resolved_at",
    "open_recorded_at",
  ),
  expectations: all(
    "account_id",
    "id",
    "external_id",
    "title",
    "description",
    "category",
    "holder_stakeholder_id",
    "source",
    "source_touchpoint_id",
    "importance",
    "original_due_date",
    "due_date",
    "promised_date",
    "owner_id",
    "status",
    "outcome",
    "delivered_on",
    "delivery_note",
    "customer_response",
    "customer_comment",
    "customer_responded_at",
    "created_at",
    "updated_at",
    "version",
  ),
  expectation_changes: all(
    "account_id",
    "id",
    "expectation_id",
    "kind",
    "from_due_date",
    "to_due_date",
    "reason",
    "customer_notified",
    "replanned_on",
    "customer_notified_on",
    "replan_id",
    "notice_reached_at",
    "notice_reach_unknown",
    "actor_id",
    "at",
    "details",
  ),
  survey_responses: all(
    "account_id",
    "id",
    "stakeholder_id",
    "kind",
    "score",
    "comment",
    "touchpoint_id",
    "answered_at",
    "source",
    "source_name",
    "external_id",
  ),
  portal_access: all("account_id", "user_id", "stakeholder_id", "granted_by", "created_at", "revoked_at"),
  portal_invitations: all(
    "account_id",
    "id",
    "stakeholder_id",
    "email",
    "token_hash",
    "expires_at",
    "created_by",
    "created_at",
    "accepted_at",
    "accepted_user_id",
    "revoked_at",
  ),
  audit_events: all("id", "at", "actor_id", "account_id", "entity", "entity_id", "action", "before", "after", "ip"),
  app_settings: all("key", "value", "updated_at", "updated_by", "version"),
  account_scores: all(
    "account_id",
    "computed_at",
    "health",
    "band",
    "predictability",
    "predictability_sample",
    "surprises_90d",
    "nps",
    "nps_respondents",
    "coverage",
    "single_threaded",
    "open_signals",
    "factors",
    "predictability_weight",
    "predictable_weight",
    "predictability_surprises",
    "predictability_delivered",
    "predictability_on_time",
    "predictability_late",
    "predictability_late_days",
  ),
  expectation_verdicts: all(
    "account_id",
    "expectation_id",
    "due_date",
    "importance",
    "verdict",
    "reason",
    "promised_date",
    "days_late",
    "still_open",
  ),
  health_snapshots: all(
    "account_id",
    "day",
    "health",
    "band",
    "predictability",
    "predictability_sample",
    "surprises_90d",
    "nps",
    "nps_respondents",
  ),
  risk_signals: all(
    "account_id",
    "id",
    "key",
    "rule",
    "severity",
    "params",
    "evidence_kind",
    "evidence_id",
    "first_seen_at",
    "last_seen_at",
    "resolved_at",
    "acknowledged_at",
    "acknowledged_by",
    "ack_note",
    "escalation",
    "ack_escalation",
    "escalated_from",
  ),
  import_mappings: all("kind", "source", "mapping", "updated_by", "updated_at"),
  import_jobs: all(
    "id",
    "created_by",
    "kind",
    "source",
    "mode",
    "status",
    "phase",
    "file_name",
    "file_text",
    "delimiter",
    "headers",
    "mapping",
    "total",
    "done",
    "inserted",
    "updated",
    "unchanged",
    "rejected",
    "errors",
    "failure",
    "created_at",
    "queued_at",
    "started_at",
    "heartbeat_at",
    "finished_at",
    "attempts",
    "checkpoint",
  ),
  import_job_accounts: all("job_id", "account_id", "inserted", "updated"),
  calendar_feeds: all("user_id", "token_hash", "created_at", "last_read_at"),
  api_tokens: all(
    "id",
    "name",
    "token_hash",
    "scope",
    "created_by",
    "user_id",
    "created_at",
    "last_used_at",
    "revoked_at",
  ),
  password_links: all(
    "id",
    "user_id",
    "token_hash",
    "purpose",
    "expires_at",
    "created_by",
    "created_at",
    "used_at",
    "revoked_at",
  ),
  portfolio_months_rolled: all("month", "rolled_at"),
  outbox_messages: all(
    "id",
    "kind",
    "recipient_user_id",
    "account_id",
    "to_address",
    "to_name",
    "locale",
    "subject",
    "text_body",
    "html_body",
    "headers",
    "secret",
    "supersede_key",
    "status",
    "attempts",
    "next_attempt_at",
    "leased_until",
    "last_error",
    "created_at",
    "updated_at",
    "sent_at",
    "dedupe_key",
  ),
  outbox_attempts: all("message_id", "attempt", "started_at", "finished_at", "outcome", "detail"),
  mail_preferences: all("user_id", "kind", "choice", "updated_at"),
  mail_job_runs: all("job", "period", "finished_at"),
  captured_mails: all(
    "id",
    "user_id",
    "message_id",
    "received_at",
    "sent_at",
    "from_address",
    "subject",
    "text_body",
    "addresses",
    "attachment_names",
    "candidate_account_ids",
    "status",
    "account_id",
    "touchpoint_id",
    "decided_at",
    "version",
  ),
  delivery_reminders: all("account_id", "expectation_id", "user_id", "mailed_at"),
  portfolio_month_rollups: all(
    "month",
    "owner_id",
    "band",
    "accounts",
    "health_sum",
    "health_count",
    "nps_weighted",
    "nps_respondents",
  ),
  health_latest: all("account_id", "day", "health", "band", "nps", "nps_respondents"),
  health_latest_deltas: all("id", "owner_id", "band", "accounts", "health_sum", "health_count", "nps_weighted", "nps_respondents"),
  portfolio_verdict_deltas: all("id", "owner_id", "month", "weight_total", "predictable_weight", "sample", "surprises"),
  portfolio_open_verdict_deltas: all("id", "owner_id", "month", "last_day", "weight_total", "predictable_weight", "sample", "surprises"),
  portfolio_score_deltas: all(
    "id",
    "owner_id",
    "band",
    "currency",
    "accounts",
    "valued",
    "value",
    "scored",
    "health_sum",
    "p_weight",
    "p_predictable_weight",
    "p_sample",
    "p_surprises",
    "p_delivered",
    "p_on_time",
    "p_late",
    "p_late_days",
    "nps_weighted",
    "nps_respondents",
    "open_signals",
  ),
  experience_months: all("account_id", "month", "kind", "follow_days", ...EXPERIENCE_COUNTS),
  experience_months_stale: all("account_id", "month"),
  experience_portfolio_months: all("month", "kind", ...EXPERIENCE_COUNTS),
  portal_scopes: all("xact", "account_id", "key_hash"),
  form_submissions: all("id", "user_id", "form", "result", "created_at"),
  tasks: all(
    "account_id",
    "id",
    "external_id",
    "title",
    "notes",
    "owner_id",
    "created_by",
    "due_on",
    "state",
    "visibility",
    "origin",
    "expectation_id",
    "signal_id",
    "stakeholder_id",
    "touchpoint_id",
    "inbox_item_key",
    "completed_at",
    "completed_by",
    "created_at",
    "updated_at",
    "version",
  ),
  inbox_item_states: all("account_id", "user_id", "item_key", "done_at", "snoozed_until", "handed_to", "updated_at"),
  business_reviews: all(
    "account_id",
    "id",
    "title",
    "period_start",
    "period_end",
    "state",
    "summary",
    "highlights",
    "figures",
    "figures_on",
    "shared_at",
    "published_at",
    "published_by",
    "held_at",
    "meeting_touchpoint_id",
    "created_by",
    "created_at",
    "updated_at",
    "version",
  ),
  business_review_items: all(
    "account_id",
    "review_id",
    "id",
    "kind",
    "title",
    "description",
    "due_date",
    "importance",
    "stakeholder_id",
    "created_by",
    "from_customer",
    "expectation_id",
    "created_at",
  ),
  business_review_comments: all(
    "account_id",
    "review_id",
    "id",
    "item_key",
    "body",
    "author_id",
    "stakeholder_id",
    "from_customer",
    "created_at",
  ),
  planned_touchpoints: all(
    "account_id",
    "id",
    "kind",
    "planned_for",
    "title",
    "notes",
    "stakeholder_ids",
    "owner_id",
    "created_by",
    "state",
    "touchpoint_id",
    "logged_at",
    "cancelled_at",
    "created_at",
    "updated_at",
    "version",
    "moment_of_truth",
    "positive_surprise",
    "ical_uid",
  ),
  webhook_endpoints: all(
    "id",
    "url",
    "description",
    "events",
    "secret_ciphertext",
    "secret_hint",
    "created_by",
    "status",
    "disabled_reason",
    "disabled_at",
    "notice_dismissed_at",
    "failing_since",
    "last_success_at",
    "last_failure_at",
    "created_at",
    "updated_at",
    "version",
  ),
  webhook_deliveries: all(
    "id",
    "endpoint_id",
    "event_id",
    "event_type",
    "account_id",
    "payload",
    "status",
    "attempts",
    "next_attempt_at",
    "leased_until",
    "last_error",
    "created_at",
    "updated_at",
    "sent_at",
  ),
  webhook_attempts: all("delivery_id", "attempt", "started_at", "finished_at", "outcome", "status_code", "detail"),
  experience_ratings: all(
    "account_id",
    "id",
    "stakeholder_id",
    "user_id",
    "touchpoint_id",
    "expectation_id",
    "rating",
    "word",
    "rated_at",
  ),
};

const codeOf = (e: unknown) => (e as { code?: string }).code;

describe("schema", () => {
  it("matches the hand-kept table types column for column", async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(db());
    const actual: Record<string, string[]> = {};
    for (const r of rows) (actual[r.table_name] ??= []).push(r.column_name);
    const expected = Object.fromEntries(Object.entries(columns).map(([t, c]) => [t, Object.keys(c).sort()]));
    expect(Object.fromEntries(Object.entries(actual).map(([t, c]) => [t, c.sort()]))).toEqual(expected);
  });

  it("puts account_id first in the primary key of every account-scoped table", async () => {
    const { rows } = await sql<{ table_name: string; first_column: string }>`
      select tc.table_name, kcu.column_name as first_column
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu
        on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.ordinal_position = 1
      where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = current_schema()`.execute(db());
    // Global tables, and one-row-per-account tables keyed by account_id alone.
    const global = new Set([
      "users",
      "sessions",
      "accounts",
      "audit_events",
      "app_settings",
      "kysely_migration",
      "kysely_migration_lock",
      "import_mappings",
      "import_jobs",
      "import_job_accounts",
      "api_tokens",
      "calendar_feeds",
      "password_links",
      "outbox_messages",
      "outbox_attempts",
      "mail_preferences",
      "mail_job_runs",
      "captured_mails",
      "webhook_endpoints",
      "webhook_deliveries",
      "webhook_attempts",
      "portfolio_months_rolled",
      "portfolio_month_rollups",
      "portfolio_verdict_deltas",
      "portfolio_open_verdict_deltas",
      "portfolio_score_deltas",
      "health_latest_deltas",
      "experience_portfolio_months",
      "portal_scopes",
      "form_submissions",
    ]);
    const scoped = rows.filter((r) => !global.has(r.table_name));
    expect(scoped.length).toBeGreaterThanOrEqual(10);
    for (const r of scoped) expect([r.table_name, r.first_column]).toEqual([r.table_name, "account_id"]);
  });

  it("includes account_id in every foreign key between account-scoped tables (co-located when distributed)", async () => {
    const { rows } = await sql<{
      name: string;
      from_table: string;
      to_table: string;
      from_cols: string[];
      to_cols: string[];
    }>`
      select c.conname as name, src.relname as from_table, dst.relname as to_table,
        array(select a.attname::text from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k) as from_cols,
        array(select a.attname::text from unnest(c.confkey) k join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k) as to_cols
      from pg_constraint c
      join pg_class src on src.oid = c.conrelid
      join pg_class dst on dst.oid = c.confrelid
      join pg_namespace n on n.oid = src.relnamespace
      where c.contype = 'f' and n.nspname = current_schema()`.execute(db());
    const global = new Set([
      "users",
      "sessions",
      "accounts",
      "audit_events",
      "app_settings",
      "import_mappings",
      "import_jobs",
      "import_job_accounts",
      "api_tokens",
      "calendar_feeds",
      "password_links",
      "outbox_messages",
      "outbox_attempts",
      "mail_preferences",
      "mail_job_runs",
      "captured_mails",
      "webhook_endpoints",
      "webhook_deliveries",
      "webhook_attempts",
      "portfolio_months_rolled",
      "portfolio_month_rollups",
      "portfolio_verdict_deltas",
      "portfolio_open_verdict_deltas",
      "portfolio_score_deltas",
      "health_latest_deltas",
      "experience_portfolio_months",
    ]);
    const between = rows.filter((r) => !global.has(r.from_table) && !global.has(r.to_table));
    expect(between.length).toBeGreaterThanOrEqual(8);
    for (const fk of between) {
      expect([fk.name, fk.from_cols[0], fk.to_cols[0]]).toEqual([fk.name, "account_id", "account_id"]);
    }
  });

  it("includes the distribution column in every unique index of an account-scoped table, or names the exception", async () => {
    // Citus enforces a unique index on a distributed table only when it holds
    // the distribution column: account_id, or id for accounts itself.
    const { rows } = await sql<{ table_name: string; index_name: string; columns: string[] }>`
      select t.relname as table_name, i.relname as index_name,
        array(select a.attname::text from unnest(x.indkey) k join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k) as columns
      from pg_index x
      join pg_class t on t.oid = x.indrelid
      join pg_class i on i.oid = x.indexrelid
      join pg_namespace n on n.oid = t.relnamespace
      where x.indisunique and n.nspname = current_schema()`.execute(db());
    // Global tables: reference tables under Citus (or kept on the coordinator), see docs/scaling.md.
    const global = new Set([
      "users",
      "sessions",
      "audit_events",
      "app_settings",
      "import_mappings",
      "import_jobs",
      "import_job_accounts",
      "api_tokens",
      "calendar_feeds",
      "password_links",
      "outbox_messages",
      "outbox_attempts",
      "mail_preferences",
      "mail_job_runs",
      "captured_mails",
      "webhook_endpoints",
      "webhook_deliveries",
      "webhook_attempts",
      "portfolio_months_rolled",
      "portfolio_month_rollups",
      "portfolio_verdict_deltas",
      "portfolio_open_verdict_deltas",
      "portfolio_score_deltas",
      "health_latest_deltas",
      "experience_portfolio_months",
      "kysely_migration",
      "kysely_migration_lock",
      "portal_scopes",
      "form_submissions",
    ]);
    // Documented exceptions (docs/scaling.md, "Unique keys"), each with its reason there.
    const exceptions = new Set(["accounts_external_id_key"]);
    const scoped = rows.filter((r) => !global.has(r.table_name));
    expect(scoped.length).toBeGreaterThanOrEqual(15);
    const offending = scoped
      .filter((r) => !r.columns.includes(r.table_name === "accounts" ? "id" : "account_id"))
      .map((r) => r.index_name)
      .sort();
    expect(offending).toEqual([...exceptions].sort());
    // The portal's global rules moved off unique indexes (db/migrations/20261125_1000_distributable_unique_keys.ts).
    const byName = new Map(rows.map((r) => [r.index_name, r.columns]));
    expect(byName.get("portal_invitations_token_key")).toEqual(["account_id", "token_hash"]);
    expect(byName.has("portal_access_live_user_key")).toBe(false);
  });

  it("refuses a participant that belongs to another account", async () => {
    const owner = await createUser(db());
    const a = await createAccount(db(), { owner_id: owner.id });
    const b = await createAccount(db(), { owner_id: owner.id });
    const touchpointOfA = await createTouchpoint(db(), { account_id: a.id });
    const stakeholderOfB = await createStakeholder(db(), { account_id: b.id });
    const attempt = db()
      .insertInto("touchpoint_stakeholders")
      .values({
        account_id: a.id,
        touchpoint_id: touchpointOfA.id,
        stakeholder_id: stakeholderOfB.id,
        occurred_at: new Date(),
      })
      .execute();
    await expect(attempt).rejects.toSatisfy((e) => codeOf(e) === "23503");
  });

  it("refuses a reports-to link across accounts and out-of-range values", async () => {
    const owner = await createUser(db());
    const a = await createAccount(db(), { owner_id: owner.id });
    const b = await createAccount(db(), { owner_id: owner.id });
    const bossInB = await createStakeholder(db(), { account_id: b.id });
    await expect(createStakeholder(db(), { account_id: a.id, reports_to_id: bossInB.id })).rejects.toSatisfy(
      (e) => codeOf(e) === "23503",
    );
    await expect(createStakeholder(db(), { account_id: a.id, influence: 6 })).rejects.toSatisfy(
      (e) => codeOf(e) === "23514",
    );
    await expect(createTouchpoint(db(), { account_id: a.id, sentiment: 3 })).rejects.toSatisfy(
      (e) => codeOf(e) === "23514",
    );
  });

  it("keeps the audit log append-only", async () => {
    const row = await db()
      .insertInto("audit_events")
      .values({ entity: "account", entity_id: "x", action: "update" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(
      db().updateTable("audit_events").set({ action: "forged" }).where("id", "=", row.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom("audit_events").where("id", "=", row.id).execute()).rejects.toThrow(/append-only/);
    const still = await db()
      .selectFrom("audit_events")
      .select("action")
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(still.action).toBe("update");
  });

  it("works out the promised date of existing re-planned expectations and marks open verdicts when migrating", async () => {
    const migrator = createMigrator(db());
    const before = await migrator.migrateTo("20261205_2200_replan_notice_and_answer_source");
    expect(before.error).toBeUndefined();
    const owner = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: owner.id });
    const expectation = async (title: string, replans: [on: string, to: string, notifiedOn: string | null][]) => {
      const { rows } = await sql<{ id: string }>`
        insert into expectations (account_id, title, original_due_date, due_date, status, owner_id)
        values (${account.id}, ${title}, '2026-03-10', ${replans.at(-1)?.[1] ?? "2026-03-10"}, 'open', ${owner.id})
        returning id`.execute(db());
      let from = "2026-03-10";
      for (const [on, to, notifiedOn] of replans) {
        await sql`
          insert into expectation_changes (account_id, expectation_id, kind, from_due_date, to_due_date, reason,
            customer_notified, replanned_on, customer_notified_on, actor_id, at)
          values (${account.id}, ${rows[0]!.id}, 'replanned', ${from}, ${to}, 'why', ${notifiedOn !== null}, ${on},
            ${notifiedOn}, ${owner.id}, ${`${on}T09:00:00Z`})`.execute(db());
        from = to;
      }
      return rows[0]!.id;
    };
    const told = await expectation("told in time", [["2026-03-01", "2026-03-20", "2026-03-01"]]);
    const silent = await expectation("silent", [["2026-03-01", "2026-03-20", null]]);
    const toldLate = await expectation("told after the date", [["2026-03-12", "2026-03-20", "2026-03-12"]]);
    const twice = await expectation("told, then moved after the new date passed", [
      ["2026-03-01", "2026-03-20", "2026-03-01"],
      ["2026-03-25", "2026-04-10", "2026-03-25"],
    ]);
    const never = await expectation("never moved", []);
    await sql`
      insert into expectation_verdicts (account_id, expectation_id, due_date, importance, verdict, reason, promised_date, days_late)
      values (${account.id}, ${silent}, '2026-03-10', 2, 'surprise', 'overdue', '2026-03-10', 5)`.execute(db());

    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    const promised = await db()
      .selectFrom("expectations")
      .select(["id", "promised_date"])
      .where("account_id", "=", account.id)
      .execute();
    expect(Object.fromEntries(promised.map((r) => [r.id, r.promised_date]))).toEqual({
      [told]: "2026-03-20",
      [silent]: "2026-03-10",
      [toldLate]: "2026-03-10",
      [twice]: "2026-03-20",
      [never]: null,
    });
    const verdict = await db()
      .selectFrom("expectation_verdicts")
      .select("still_open")
      .where("expectation_id", "=", silent)
      .executeTakeFirstOrThrow();
    expect(verdict.still_open).toBe(true);
  });

  it("catches up on a migration that landed after later-named ones had already run (calendar_feeds after the trend rollups)", async () => {
    const late = "20261206_0705_calendar_feeds";
    const migrator = createMigrator(db());
    const back = await migrator.migrateTo("20261206_0625_planned_surprises");
    expect(back.error).toBeUndefined();
    // A database that ran main before the calendar migration landed: everything but it.
    const all = await migrationProvider.getMigrations();
    const withoutLate = {
      getMigrations: async () => Object.fromEntries(Object.entries(all).filter(([name]) => name !== late)),
    };
    const early = await createMigrator(db(), withoutLate).migrateToLatest();
    expect(early.error).toBeUndefined();
    await expect(sql`select 1 from calendar_feeds`.execute(db())).rejects.toThrow(/calendar_feeds/);

    const caughtUp = await migrator.migrateToLatest();
    expect(caughtUp.error).toBeUndefined();
    expect(caughtUp.results?.map((r) => [r.migrationName, r.status])).toEqual([[late, "Success"]]);
    await expect(assertSchemaCurrent(db())).resolves.toBeUndefined();
    await expect(sql`select count(*) from calendar_feeds`.execute(db())).resolves.toBeTruthy();
  });

  it("migrates down and up again, and start-up refuses a schema that is behind", async () => {
    const migrator = createMigrator(db());
    const down = await migrator.migrateDown();
    expect(down.error).toBeUndefined();
    await expect(assertSchemaCurrent(db())).rejects.toBeInstanceOf(SchemaBehindError);
    await expect(assertSchemaCurrent(db())).rejects.toThrow(/npm run db:migrate/);
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    await expect(assertSchemaCurrent(db())).resolves.toBeUndefined();
  });
});
