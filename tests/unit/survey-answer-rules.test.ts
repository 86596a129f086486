import { describe, expect, it } from "vitest";
import { answerDayInstant, surveyAnswerBreaches } from "#app/domain/survey-answer-rules.ts";
import { surveyAnswerRowSchema, validateRow } from "#app/domain/import/records.ts";

const now = new Date("2026-11-22T10:00:00Z");
const at = (iso: string) => new Date(iso);

describe("survey answer rules (the API and the CSV import alike)", () => {
  it("takes NPS 0–10 and CSAT 1–5, whole numbers only", () => {
    for (const score of [0, 6, 10]) expect(surveyAnswerBreaches({ kind: "nps", score, answeredAt: now, now })).toEqual([]);
    for (const score of [1, 5]) expect(surveyAnswerBreaches({ kind: "csat", score, answeredAt: now, now })).toEqual([]);
    expect(surveyAnswerBreaches({ kind: "nps", score: 11, answeredAt: now, now })).toEqual([{ field: "score", key: "surveyAnswer.npsRange" }]);
    expect(surveyAnswerBreaches({ kind: "nps", score: 7.5, answeredAt: now, now })).toEqual([{ field: "score", key: "surveyAnswer.npsRange" }]);
    expect(surveyAnswerBreaches({ kind: "csat", score: 0, answeredAt: now, now })).toEqual([{ field: "score", key: "surveyAnswer.csatRange" }]);
    expect(surveyAnswerBreaches({ kind: "csat", score: 9, answeredAt: now, now })).toEqual([{ field: "score", key: "surveyAnswer.csatRange" }]);
  });

  it("refuses an answer dated in the future, with an hour's leeway for clocks", () => {
    expect(surveyAnswerBreaches({ kind: "nps", score: 9, answeredAt: at("2026-11-22T10:59:00Z"), now })).toEqual([]);
    expect(surveyAnswerBreaches({ kind: "nps", score: 9, answeredAt: at("2026-11-22T11:01:00Z"), now })).toEqual([
      { field: "answered_at", key: "surveyAnswer.inFuture" },
    ]);
    // Long ago is what bringing history in is for.
    expect(surveyAnswerBreaches({ kind: "nps", score: 9, answeredAt: at("2019-03-01T12:00:00Z"), now })).toEqual([]);
  });

  it("reads a day without a time as noon of that day in the vendor's zone", () => {
    expect(answerDayInstant("2026-06-15", "Europe/Helsinki").toISOString()).toBe("2026-06-15T09:00:00.000Z");
    expect(answerDayInstant("2026-01-15", "Europe/Helsinki").toISOString()).toBe("2026-01-15T10:00:00.000Z");
  });

  it("checks an import row by the same rules, each problem at its field", () => {
    const schema = surveyAnswerRowSchema({ zone: "Europe/Helsinki", now });
    const row = { account: "C-1", external_id: "Q-1", stakeholder: "P-1", kind: "NPS", score: "9", answered_at: "14.11.2024" };
    const ok = validateRow(schema, row, () => "bad");
    expect(ok).toEqual({
      ok: true,
      value: { account: "C-1", external_id: "Q-1", stakeholder: "P-1", kind: "nps", score: 9, answered_at: at("2024-11-14T10:00:00Z") },
    });
    const withKey = (issue: { params?: Record<string, unknown> }) => String(issue.params?.i18n ?? "?");
    const errorMap = withKey as never;
    expect(validateRow(schema, { ...row, kind: "tyytyväisyys", score: "9" }, errorMap)).toEqual({
      ok: false,
      errors: [{ field: "score", reason: "surveyAnswer.csatRange" }],
    });
    expect(validateRow(schema, { ...row, answered_at: "2026-11-24" }, errorMap)).toEqual({
      ok: false,
      errors: [{ field: "answered_at", reason: "surveyAnswer.inFuture" }],
    });
    expect(validateRow(schema, { ...row, answered_at: "2024-11-14 08:30" }, errorMap)).toMatchObject({
      ok: true,
      value: { answered_at: at("2024-11-14T06:30:00Z") },
    });
  });
});
