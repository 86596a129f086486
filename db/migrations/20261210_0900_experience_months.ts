import { sql, type Kysely } from "kysely";

// The experience figures (treated well × resolved, moments of truth, advocacy)
// stored per account, calendar month and kind of touchpoint, so a KAM's or the
// whole portfolio's Experience page sums a few hundred thousand stored rows
// instead of following every touchpoint of the period to the answers after it
// (3.4–5.5 s at 5,000 accounts and 2 million touchpoints; over the 15 s limit
// at 10 million). Frozen in time: never imports app code.
//
// - experience_months: the counts, written only by the application
//   (app/models/experience-months.server.ts), which counts them by the domain's
//   rules. Each row names the follow-up window it was counted with
//   (follow_days); a row counted with another setting is stale.
// - experience_months_stale: the (account, month) pairs whose counts may have
//   changed since. Statement triggers mark them in the transaction of the
//   write, whoever writes (a form, the portal, the API, an import, the seed):
//     * touchpoints: the month of a touchpoint written, deleted, or changed in
//       a column the figures read (old and new month);
//     * survey_responses: every month holding a touchpoint the answer could
//       follow (answered_at minus the follow-up days, up to answered_at), and
//       the month of the touchpoint a CSAT answer is about;
//     * touchpoint_stakeholders: the month of the touchpoint whose people changed.
//   The follow-up days are read from the stored scoring settings, and never
//   fewer than the default (30): marking more months than needed is harmless.
//   Readers recount the marked pairs before they sum, so a figure is never
//   older than the last committed write.
// Both functions are SECURITY DEFINER: a portal transaction that writes a
// touchpoint or an answer marks its months without any grant on the tables.

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const guarded = (table: string) => [
  `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY app_all ON ${table} USING (true) WITH CHECK (true)`,
  `CREATE POLICY portal_scope_guard ON ${table} AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
];

/** The counts of a row, also summed per month by migration 20261210_0930. */
const QUADRANTS = ["well_resolved", "well_unresolved", "badly_resolved", "badly_unresolved"];
const CELL_MEASURES = ["", "_nps", "_promoters", "_detractors", "_csat", "_csat_sum"];
export const COUNTS = [
  "touchpoints",
  ...QUADRANTS.flatMap((q) => CELL_MEASURES.map((m) => `${q}${m}`)),
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
];

/** A timestamptz's calendar month in the vendor's time zone (app/domain/time.ts, TIME_ZONE). */
const monthOf = (at: string) => `date_trunc('month', (${at}) AT TIME ZONE 'Europe/Helsinki')::date`;

/** Marks the pairs the query gives, of accounts still there (an account's delete cascades to its touchpoints). */
const mark = (pairs: string) => `
  INSERT INTO experience_months_stale (account_id, month)
    SELECT DISTINCT p.account_id, p.month FROM (${pairs}) p
    JOIN accounts a ON a.id = p.account_id
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING;`;

/** The follow-up days the stored settings name, never fewer than the default. */
const FOLLOW_DAYS = `greatest(30, coalesce((
    SELECT CASE WHEN jsonb_typeof(value -> 'experienceFollowDays') = 'number'
      THEN least((value ->> 'experienceFollowDays')::numeric, 3650)::integer END
    FROM app_settings WHERE key = 'scoring'), 30))`;

/** The months an answer can change: those of the touchpoints it may follow, and the one it is about. */
const answerMonths = (rows: string) => `
  SELECT r.account_id, m.month::date AS month
    FROM (${rows}) r
    CROSS JOIN LATERAL generate_series(
      ${monthOf(`r.answered_at - ${FOLLOW_DAYS} * interval '1 day'`)}::timestamp,
      ${monthOf("r.answered_at")}::timestamp, interval '1 month') AS m(month)
  UNION ALL
  SELECT t.account_id, ${monthOf("t.occurred_at")}
    FROM (${rows}) r JOIN touchpoints t ON t.account_id = r.account_id AND t.id = r.touchpoint_id`;

const TOUCHPOINT_COLUMNS = "occurred_at, kind, treatment, resolved, moment_of_truth, positive_surprise, advocacy_polarity";
const ANSWER_COLUMNS = "account_id, stakeholder_id, kind, score, answered_at, touchpoint_id";

const tables = () => [
  `
    CREATE TABLE experience_months (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      kind text NOT NULL,
      follow_days integer NOT NULL,
      ${COUNTS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(",\n      ")},
      PRIMARY KEY (account_id, month, kind)
    )
  `,
  `CREATE INDEX experience_months_month_idx ON experience_months (month)`,
  // The rows counted with another follow-up window than the setting's, found without reading the rest.
  `CREATE INDEX experience_months_follow_days_idx ON experience_months (follow_days)`,
  ...guarded("experience_months"),
  `
    CREATE TABLE experience_months_stale (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      PRIMARY KEY (account_id, month)
    )
  `,
  ...guarded("experience_months_stale"),
];

const triggers = (path: string) => [
  `
    CREATE FUNCTION kohtaamo_experience_touchpoints_stale() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${mark(`SELECT account_id, ${monthOf("occurred_at")} AS month FROM changed_new`)}
      ELSIF TG_OP = 'DELETE' THEN
        ${mark(`SELECT account_id, ${monthOf("occurred_at")} AS month FROM changed_old`)}
      ELSE
        ${mark(`
          SELECT x.account_id, ${monthOf("x.occurred_at")} AS month
          FROM changed_new n JOIN changed_old o ON o.id = n.id
          CROSS JOIN LATERAL (VALUES (n.account_id, n.occurred_at), (o.account_id, o.occurred_at)) x(account_id, occurred_at)
          WHERE n.account_id IS DISTINCT FROM o.account_id
             OR (n.${TOUCHPOINT_COLUMNS.split(", ").join(", n.")}) IS DISTINCT FROM (o.${TOUCHPOINT_COLUMNS.split(", ").join(", o.")})`)}
      END IF;
      RETURN NULL;
    END $$
  `,
  `
    CREATE FUNCTION kohtaamo_experience_answers_stale() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${mark(answerMonths("SELECT * FROM changed_new"))}
      ELSIF TG_OP = 'DELETE' THEN
        ${mark(answerMonths("SELECT * FROM changed_old"))}
      ELSE
        ${mark(
          answerMonths(`
          SELECT x.* FROM changed_new n JOIN changed_old o ON o.id = n.id
          CROSS JOIN LATERAL (VALUES (n.account_id, n.answered_at, n.touchpoint_id), (o.account_id, o.answered_at, o.touchpoint_id))
            x(account_id, answered_at, touchpoint_id)
          WHERE (n.${ANSWER_COLUMNS.split(", ").join(", n.")}) IS DISTINCT FROM (o.${ANSWER_COLUMNS.split(", ").join(", o.")})`),
        )}
      END IF;
      RETURN NULL;
    END $$
  `,
  // A touchpoint's people: the link's own month and, while the touchpoint is there, its month now.
  `
    CREATE FUNCTION kohtaamo_experience_people_stale() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        ${mark(`
          SELECT l.account_id, ${monthOf("l.occurred_at")} AS month FROM changed_new l
          UNION ALL SELECT t.account_id, ${monthOf("t.occurred_at")} FROM changed_new l
            JOIN touchpoints t ON t.account_id = l.account_id AND t.id = l.touchpoint_id`)}
      END IF;
      IF TG_OP IN ('DELETE', 'UPDATE') THEN
        ${mark(`
          SELECT l.account_id, ${monthOf("l.occurred_at")} AS month FROM changed_old l
          UNION ALL SELECT t.account_id, ${monthOf("t.occurred_at")} FROM changed_old l
            JOIN touchpoints t ON t.account_id = l.account_id AND t.id = l.touchpoint_id`)}
      END IF;
      RETURN NULL;
    END $$
  `,
  ...(
    [
      ["touchpoints", "kohtaamo_experience_touchpoints_stale"],
      ["survey_responses", "kohtaamo_experience_answers_stale"],
      ["touchpoint_stakeholders", "kohtaamo_experience_people_stale"],
    ] as const
  ).flatMap(([table, fn]) => [
    `CREATE TRIGGER experience_stale_on_insert AFTER INSERT ON ${table}
       REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER experience_stale_on_update AFTER UPDATE ON ${table}
       REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER experience_stale_on_delete AFTER DELETE ON ${table}
       REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  ]),
  // Everything recorded so far is still to be counted: the application counts it
  // (the score refresher after start, or the first reader).
  mark(`SELECT account_id, ${monthOf("occurred_at")} AS month FROM touchpoints`),
];

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const path = `SET search_path = "${rows[0]!.schema.replace(/"/g, '""')}", pg_temp`;
  for (const statement of [...tables(), ...triggers(path)]) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["touchpoints", "survey_responses", "touchpoint_stakeholders"]) {
    for (const op of ["insert", "update", "delete"]) {
      await sql.raw(`DROP TRIGGER IF EXISTS experience_stale_on_${op} ON ${table}`).execute(db);
    }
  }
  for (const fn of ["touchpoints", "answers", "people"]) {
    await sql.raw(`DROP FUNCTION IF EXISTS kohtaamo_experience_${fn}_stale()`).execute(db);
  }
  await sql`DROP TABLE IF EXISTS experience_months_stale`.execute(db);
  await sql`DROP TABLE IF EXISTS experience_months`.execute(db);
}
