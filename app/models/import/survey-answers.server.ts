import { sql } from "kysely";
import { canRecordCustomerVoice } from "#app/domain/permissions.ts";
import type { SurveyAnswerRow } from "#app/domain/import/records.ts";
import { detractorAlertDue } from "#app/domain/kam-alerts.ts";
import { calendarDate } from "#app/domain/time.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { alertOnSurveyAnswers } from "#app/models/mail-alerts.server.ts";
import {
  accountLookup,
  duplicateChecker,
  mapped,
  pairKey,
  stakeholderIds,
  upsertBatch,
  upsertOutcomes,
  type ImportWriter,
} from "./shared.server.ts";

// NPS and CSAT answers given outside the portal (another survey tool, an
// interview), brought in with the day they were given and their source, so a
// customer's history can be brought in truthfully. Matched by (account,
// external id) as the JSON API's POST …/survey-answers matches them; the same
// rules (app/domain/survey-answer-rules.ts) are checked by the row schema. The
// person who answered is a stakeholder of the same account, by external id
// (one who has left may have answered before leaving). The worker's finishing
// step writes one audit event and rescores each account changed, so NPS counts
// the answers at once. A fresh detractor's answer alerts the account's KAM in
// the batch's transaction, as one given in the portal does
// (app/domain/kam-alerts.ts): a retried chunk finds it stored and alerts nobody.

export interface ResolvedSurveyAnswer {
  line: number;
  accountId: string;
  stakeholderId: string;
  record: SurveyAnswerRow;
}

export const surveyAnswerWriter: ImportWriter<SurveyAnswerRow, ResolvedSurveyAnswer> = {
  resolver(executor, ctx) {
    const accounts = accountLookup(executor, ctx);
    const isDuplicate = duplicateChecker(ctx);
    return async (rows) => {
      // Only an administrator brings the customer's answers in (app/domain/permissions.ts).
      if (!canRecordCustomerVoice(ctx.actor)) {
        return {
          ready: [],
          rejected: rows.map((row) => ({ line: row.line, field: "kind", reason: ctx.t("import.customerVoiceOnly"), forbidden: true as const })),
        };
      }
      const { placed, rejected } = await accounts.place(rows, isDuplicate);
      const people = await stakeholderIds(
        ctx,
        executor,
        placed.map(({ row, accountId }) => ({ accountId, externalId: row.record.stakeholder })),
      );
      const ready: ResolvedSurveyAnswer[] = [];
      for (const { row, accountId } of placed) {
        const stakeholderId = people.get(pairKey(accountId, row.record.stakeholder));
        if (!stakeholderId) {
          rejected.push({
            line: row.line,
            field: "stakeholder",
            reason: ctx.t("import.stakeholderNotFound", { ids: row.record.stakeholder }),
          });
          continue;
        }
        ready.push({ line: row.line, accountId, stakeholderId, record: row.record });
      }
      return { ready, rejected };
    };
  },

  async write(trx, ctx, batch) {
    const alerts = await alertCandidates(trx, batch);
    const m = (field: string, ...columns: string[]) => (mapped(ctx, field) ? columns : []);
    const upserted = await upsertBatch(
      trx,
      {
        table: "survey_responses",
        key: ["account_id", "external_id"],
        insertColumns: [
          "account_id",
          "external_id",
          "stakeholder_id",
          "kind",
          "score",
          "comment",
          "answered_at",
          "source",
          "source_name",
        ],
        updateColumns: [
          "stakeholder_id",
          "kind",
          "score",
          "answered_at",
          ...m("comment", "comment"),
          ...m("source", "source"),
          ...m("source_name", "source_name"),
        ],
      },
      batch.map((r) => ({
        account_id: r.accountId,
        external_id: r.record.external_id,
        stakeholder_id: r.stakeholderId,
        kind: r.record.kind,
        score: r.record.score,
        comment: r.record.comment ?? "",
        answered_at: r.record.answered_at,
        // As the API: given in another survey tool unless the file says otherwise.
        source: r.record.source ?? "survey_tool",
        source_name: r.record.source_name ?? "",
      })),
    );
    const outcome = upsertOutcomes(upserted);
    await alertOnSurveyAnswers(
      trx,
      alerts.flatMap(({ row, before }) => {
        const u = outcome.of(row);
        if (!u) return [];
        const r = row.record;
        return [{ accountId: row.accountId, answerId: u.id, stakeholderId: row.stakeholderId, kind: r.kind, score: r.score, comment: r.comment ?? "", answeredAt: r.answered_at, before }];
      }),
    );
    return outcome.written(batch);
  },
};

/**
 * The rows that may alert the KAM (a detractor's answer given lately), each
 * with the answer stored before under its external id: read before the batch
 * is written, so an answer that already was a detractor's alerts nobody.
 */
async function alertCandidates(trx: Trx, batch: ResolvedSurveyAnswer[]) {
  const today = calendarDate();
  const rows = batch.filter((r) =>
    detractorAlertDue({ before: null, after: { kind: r.record.kind, score: r.record.score, answeredOn: calendarDate(r.record.answered_at) }, today }),
  );
  if (!rows.length) return [];
  const stored = await sql<{ account_id: string; external_id: string; kind: "nps" | "csat"; score: number }>`
    select r.account_id, r.external_id, r.kind, r.score
    from survey_responses r
    join unnest(${rows.map((r) => r.accountId)}::uuid[], ${rows.map((r) => r.record.external_id)}::text[]) as w(account_id, external_id)
      on r.account_id = w.account_id and r.external_id = w.external_id`.execute(trx);
  const before = new Map(stored.rows.map((b) => [pairKey(b.account_id, b.external_id), { kind: b.kind, score: b.score }]));
  return rows.map((row) => ({ row, before: before.get(pairKey(row.accountId, row.record.external_id)) ?? null }));
}
