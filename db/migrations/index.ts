import type { Migration, MigrationProvider } from "kysely/migration";
import * as foundation from "./20261122_1800_foundation.ts";
import * as scores from "./20261122_2000_scores_and_signals.ts";
import * as portfolioIndexes from "./20261123_1100_portfolio_indexes.ts";
import * as portal from "./20261123_1200_portal.ts";
import * as importAndApi from "./20261124_1300_import_and_api.ts";
import * as passwordLinks from "./20261125_0900_password_links.ts";
import * as pooledPredictability from "./20261125_0900_pooled_predictability.ts";
import * as signalEscalation from "./20261125_0930_signal_escalation.ts";
import * as distributableUniqueKeys from "./20261125_1000_distributable_unique_keys.ts";
import * as neutralTitlesAndNpsReask from "./20261125_1400_neutral_titles_and_nps_reask.ts";
import * as personalApiTokens from "./20261125_1400_personal_api_tokens.ts";
import * as portalPolicyLookups from "./20261126_0100_portal_policy_lookups.ts";
import * as portfolioMonthRollups from "./20261126_0200_portfolio_month_rollups.ts";
import * as importJobsResumable from "./20261205_2100_import_jobs_resumable.ts";
import * as healthNotEnoughData from "./20261205_2130_health_not_enough_data.ts";
import * as replanNoticeAndAnswerSource from "./20261205_2200_replan_notice_and_answer_source.ts";
import * as portalScopeGuard from "./20261205_2340_portal_scope_guard.ts";
import * as promisedDateAndOpenVerdicts from "./20261205_2345_promised_date_and_open_verdicts.ts";
import * as surveyAnswerImport from "./20261205_2347_survey_answer_import.ts";
import * as formSubmissions from "./20261205_2355_form_submissions.ts";
import * as tasksAndInbox from "./20261206_0040_tasks_and_inbox.ts";
import * as outbox from "./20261206_0050_outbox.ts";
import * as businessReviews from "./20261206_0234_business_reviews.ts";
import * as plannedTouchpoints from "./20261206_0235_planned_touchpoints.ts";
import * as noticeAnswers from "./20261206_0235_notice_answers.ts";
import * as mailSchedule from "./20261206_0250_mail_schedule.ts";
import * as trendRollups from "./20261206_0720_trend_rollups.ts";
import * as webhooks from "./20261206_0240_webhooks.ts";
import * as mailIn from "./20261206_0545_mail_in.ts";
import * as successorHandover from "./20261206_0550_successor_handover.ts";
import * as plannedSurprises from "./20261206_0625_planned_surprises.ts";
import * as experienceRatings from "./20261206_0730_experience_ratings.ts";
import * as calendarFeeds from "./20261206_0705_calendar_feeds.ts";
import * as advocacyTouchpoints from "./20261206_0900_advocacy_touchpoints.ts";
import * as inboxGeneration from "./20261207_0900_inbox_generation.ts";
import * as accountPageIndexes from "./20261207_1000_account_page_indexes.ts";
import * as portalFactPolicies from "./20261208_0900_portal_fact_policies.ts";
import * as surveyAnswerIndexes from "./20261209_1930_survey_answer_indexes.ts";
import * as inboxExpectationIndexes from "./20261209_1945_inbox_expectation_indexes.ts";
import * as experienceMonths from "./20261210_0900_experience_months.ts";
import * as experiencePortfolioMonths from "./20261210_0930_experience_portfolio_months.ts";
import * as portalOpenFacts from "./20261210_1000_portal_open_facts.ts";
import * as portfolioScoreSums from "./20261210_1100_portfolio_score_sums.ts";
import * as healthLatestSums from "./20261210_1110_health_latest_sums.ts";
import * as openVerdictSums from "./20261211_0900_open_verdict_sums.ts";
import * as kamSurpriseIndex from "./20261211_0935_kam_surprise_index.ts";
import * as portalPredictabilityWeights from "./20261212_0900_portal_predictability_weights.ts";
import * as predictabilityShareSort from "./20261213_0900_predictability_share_sort.ts";
import * as portalPromisedDate from "./20261213_0910_portal_promised_date.ts";
import * as portalStoredPredictability from "./20261213_0920_portal_stored_predictability.ts";
import * as caseOpenRecorded from "./20261214_0900_case_open_recorded.ts";
import * as noticeReach from "./20261214_0900_notice_reach.ts";
import * as stakeholderLeftRecorded from "./20261214_0900_stakeholder_left_recorded.ts";

// Listed in code rather than read from the folder, so the same list works in
// the Remix server bundle, under Vitest and from the CLI.
export const migrations: Record<string, Migration> = {
  "20261122_1800_foundation": foundation,
  "20261122_2000_scores_and_signals": scores,
  "20261123_1100_portfolio_indexes": portfolioIndexes,
  "20261123_1200_portal": portal,
  "20261124_1300_import_and_api": importAndApi,
  "20261125_0900_password_links": passwordLinks,
  "20261125_0900_pooled_predictability": pooledPredictability,
  "20261125_0930_signal_escalation": signalEscalation,
  "20261125_1000_distributable_unique_keys": distributableUniqueKeys,
  "20261125_1400_neutral_titles_and_nps_reask": neutralTitlesAndNpsReask,
  "20261125_1400_personal_api_tokens": personalApiTokens,
  "20261126_0100_portal_policy_lookups": portalPolicyLookups,
  "20261126_0200_portfolio_month_rollups": portfolioMonthRollups,
  "20261205_2100_import_jobs_resumable": importJobsResumable,
  "20261205_2130_health_not_enough_data": healthNotEnoughData,
  "20261205_2200_replan_notice_and_answer_source": replanNoticeAndAnswerSource,
  "20261205_2340_portal_scope_guard": portalScopeGuard,
  "20261205_2345_promised_date_and_open_verdicts": promisedDateAndOpenVerdicts,
  "20261205_2347_survey_answer_import": surveyAnswerImport,
  "20261205_2355_form_submissions": formSubmissions,
  "20261206_0040_tasks_and_inbox": tasksAndInbox,
  "20261206_0050_outbox": outbox,
  "20261206_0234_business_reviews": businessReviews,
  "20261206_0235_planned_touchpoints": plannedTouchpoints,
  "20261206_0235_notice_answers": noticeAnswers,
  "20261206_0250_mail_schedule": mailSchedule,
  "20261206_0240_webhooks": webhooks,
  "20261206_0545_mail_in": mailIn,
  "20261206_0550_successor_handover": successorHandover,
  "20261206_0625_planned_surprises": plannedSurprises,
  "20261206_0730_experience_ratings": experienceRatings,
  "20261206_0720_trend_rollups": trendRollups,
  "20261206_0705_calendar_feeds": calendarFeeds,
  "20261206_0900_advocacy_touchpoints": advocacyTouchpoints,
  "20261207_0900_inbox_generation": inboxGeneration,
  "20261207_1000_account_page_indexes": accountPageIndexes,
  "20261208_0900_portal_fact_policies": portalFactPolicies,
  "20261209_1930_survey_answer_indexes": surveyAnswerIndexes,
  "20261209_1945_inbox_expectation_indexes": inboxExpectationIndexes,
  "20261210_0900_experience_months": experienceMonths,
  "20261210_0930_experience_portfolio_months": experiencePortfolioMonths,
  "20261210_1000_portal_open_facts": portalOpenFacts,
  "20261210_1100_portfolio_score_sums": portfolioScoreSums,
  "20261210_1110_health_latest_sums": healthLatestSums,
  "20261211_0900_open_verdict_sums": openVerdictSums,
  "20261211_0935_kam_surprise_index": kamSurpriseIndex,
  "20261212_0900_portal_predictability_weights": portalPredictabilityWeights,
  "20261213_0900_predictability_share_sort": predictabilityShareSort,
  "20261213_0910_portal_promised_date": portalPromisedDate,
  "20261213_0920_portal_stored_predictability": portalStoredPredictability,
  "20261214_0900_case_open_recorded": caseOpenRecorded,
  "20261214_0900_notice_reach": noticeReach,
  "20261214_0900_stakeholder_left_recorded": stakeholderLeftRecorded,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
