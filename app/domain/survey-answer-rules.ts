// What a survey answer brought in from outside the portal may say: one rule
// set, called by the JSON API (app/models/api-ledger.server.ts) and the CSV
// import (app/domain/import/records.ts) alike, so the same answer is taken or
// refused for the same reason on both paths. Each rule returns the breaches it
// finds, each a message key at a field (tested in tests/unit/survey-answer-rules.test.ts).
//
// - nps is the 0–10 recommendation question, csat satisfaction on 1–5; a score
//   is a whole number in its question's range.
// - An answer has been given: it is not dated in the future (an hour of
//   leeway for clocks that differ). A calendar day without a time is read as
//   noon of that day in the vendor's time zone, so the day stays that day
//   wherever it is read.
import { wallTimeToInstant } from "./time.ts";
import type { SURVEY_KINDS } from "./vocabulary.ts";

/** How far ahead of now an answer may be dated (clocks differ); it has been given. */
export const ANSWER_MAX_FUTURE_MS = 60 * 60_000;

export type SurveyKind = (typeof SURVEY_KINDS)[number];

export type SurveyRuleKey = "surveyAnswer.npsRange" | "surveyAnswer.csatRange" | "surveyAnswer.inFuture";

export interface SurveyAnswerBreach {
  field: "score" | "answered_at";
  key: SurveyRuleKey;
}

export const SCORE_RANGE: Record<SurveyKind, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
};

export interface SurveyAnswerFacts {
  kind: SurveyKind;
  score: number;
  answeredAt: Date;
  now: Date;
}

export function surveyAnswerBreaches({ kind, score, answeredAt, now }: SurveyAnswerFacts): SurveyAnswerBreach[] {
  const out: SurveyAnswerBreach[] = [];
  const range = SCORE_RANGE[kind];
  if (!Number.isInteger(score) || score < range.min || score > range.max) {
    out.push({ field: "score", key: kind === "nps" ? "surveyAnswer.npsRange" : "surveyAnswer.csatRange" });
  }
  if (answeredAt.getTime() > now.getTime() + ANSWER_MAX_FUTURE_MS) out.push({ field: "answered_at", key: "surveyAnswer.inFuture" });
  return out;
}

/** A calendar day an answer was given, as an instant: noon of that day in the vendor's zone. */
export function answerDayInstant(day: string, zone: string): Date {
  return wallTimeToInstant(`${day}T12:00`, zone);
}
