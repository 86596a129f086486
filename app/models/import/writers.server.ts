import type { ImportKind } from "#app/domain/import/fields.ts";
import type { RowRecords } from "#app/domain/import/records.ts";
import { accountWriter } from "./accounts.server.ts";
import { expectationWriter } from "./expectations.server.ts";
import type { ImportWriter } from "./shared.server.ts";
import { stakeholderWriter } from "./stakeholders.server.ts";
import { surveyAnswerWriter } from "./survey-answers.server.ts";
import { touchpointWriter } from "./touchpoints.server.ts";

/** The writer of each kind of import. */
export const writers: { [K in ImportKind]: ImportWriter<RowRecords[K], { line: number }> } = {
  touchpoints: touchpointWriter,
  accounts: accountWriter,
  stakeholders: stakeholderWriter,
  expectations: expectationWriter,
  survey_answers: surveyAnswerWriter,
};
