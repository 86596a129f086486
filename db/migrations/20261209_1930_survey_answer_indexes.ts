import { sql, type Kysely } from "kysely";

// The experience figures (app/models/experience.server.ts) look up, for every
// touchpoint of the period, the CSAT answer about it and the NPS/CSAT answers
// that followed it. survey_responses had no index by touchpoint nor by the
// instant of answering (survey_responses_latest_idx puts the stakeholder before
// answered_at), so each lookup walked all of the account's answers of that
// kind: touchpoints × answers, and the largest account's Experience page ran
// past the 15 s statement timeout at xlarge (issue 16; 60 s on a copy of its
// rows, 0.24 s with these two indexes):
// - the answer about a touchpoint, by (account, touchpoint);
// - answers not about a touchpoint (the ones that may "follow" one), by instant.
// Frozen in time: never imports app code.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX survey_responses_touchpoint_idx ON survey_responses (account_id, touchpoint_id) WHERE touchpoint_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX survey_responses_answered_idx ON survey_responses (account_id, kind, answered_at) WHERE touchpoint_id IS NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS survey_responses_answered_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS survey_responses_touchpoint_idx`.execute(db);
}
