import { z } from "zod";
import { canEditAccount, canRecordCustomerVoice } from "#app/domain/permissions.ts";
import { answerDayInstant, surveyAnswerBreaches } from "#app/domain/survey-answer-rules.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import type { DeliveryBody, ReplanBody, SurveyAnswerBody } from "#app/schemas/api.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import { db, type Executor, type Trx } from "#app/utils/db.server.ts";
import { ConflictError, FieldError, ForbiddenError, NotFoundError, RefusedError } from "#app/utils/errors.server.ts";
import { pageById, type Paging } from "./api-paging.server.ts";
import type { ApiClient } from "./api-tokens.server.ts";
import { getExpectationApi } from "./api.server.ts";
import { recordDelivery, replanExpectation } from "./expectation-changes.server.ts";
import { importTranslator } from "./import/messages.server.ts";
import { refreshAccountScores } from "./scores.server.ts";
import { emitWebhookEvent, surveyAnswerData } from "./webhook-events.server.ts";
import { alertOnSurveyAnswers } from "./mail-alerts.server.ts";
import { answersWithPerson } from "./survey-answer-rows.server.ts";

// The JSON API's ledger writes that are not upserts: a re-plan and a delivery
// of one expectation (through the very functions the forms use, so the rules
// of app/domain/expectation-rules.ts hold alike), and survey answers given
// outside the portal, with the day they were given and their source.

type ReplanInput = z.output<typeof ReplanBody>;
type DeliveryInput = z.output<typeof DeliveryBody>;
type SurveyAnswerInput = z.output<typeof SurveyAnswerBody>;

const t = importTranslator("en");

/** A write to an account the token's user may not change (app/domain/permissions.ts: canEditAccount). */
const notYourAccount = () =>
  new RefusedError("forbidden", [{ field: "", reason: "The token's user may not change this account." }]);

/** A model's refusal in the API's words: a field error 422, not the token's 403, changed meanwhile 409, gone 404. */
function asRefusal(error: unknown): never {
  if (error instanceof FieldError) {
    throw new RefusedError(
      "invalid",
      Object.entries(error.fieldErrors).map(([field, m]) => ({ field, reason: t(m.key, m.params) })),
    );
  }
  if (error instanceof ForbiddenError) throw notYourAccount();
  if (error instanceof ConflictError) {
    throw new RefusedError("conflict", [
      { field: "version", reason: "The expectation changed since that version: read it again." },
    ]);
  }
  if (error instanceof NotFoundError)
    throw new RefusedError("notFound", [{ field: "expectationId", reason: NO_EXPECTATION }]);
  throw error;
}

export const NO_EXPECTATION = "The account has no expectation with this external id.";

/** One write in its own transaction, a model's refusal turned into the API's (asRefusal). */
async function refusingWrite<T>(write: (trx: Trx) => Promise<T>): Promise<T> {
  try {
    return await db().transaction().execute(write);
  } catch (error) {
    return asRefusal(error);
  }
}

async function expectationByExternalId(trx: Trx, accountId: string, externalId: string) {
  const row = await trx
    .selectFrom("expectations")
    .select(["id", "version"])
    .where("account_id", "=", accountId)
    .where("external_id", "=", externalId)
    .executeTakeFirst();
  if (!row) throw new RefusedError("notFound", [{ field: "expectationId", reason: NO_EXPECTATION }]);
  return row;
}

/** Re-plans the expectation with this external id: its due date moves, the re-plan is kept in its history. */
export async function apiReplan(
  client: ApiClient,
  accountId: string,
  externalId: string,
  body: ReplanInput,
  ip: string | null,
) {
  return refusingWrite(async (trx) => {
    const e = await expectationByExternalId(trx, accountId, externalId);
    await replanExpectation(trx, { actor: client.actor, ip }, accountId, e.id, {
      version: body.version ?? e.version,
      due_date: body.due_date,
      reason: body.reason,
      customer_notified: body.customer_notified ?? false,
      customer_notified_on: body.customer_notified_on ?? undefined,
      replanned_on: body.replanned_on ?? undefined,
    });
    const replan = await trx
      .selectFrom("expectation_changes")
      .select([
        "from_due_date",
        "to_due_date",
        "reason",
        "customer_notified",
        "customer_notified_on",
        "replanned_on",
        "at",
      ])
      .where("account_id", "=", accountId)
      .where("expectation_id", "=", e.id)
      .where("kind", "=", "replanned")
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    return {
      data: await getExpectationApi(trx, accountId, externalId),
      replan: {
        expectation_external_id: externalId,
        from_due_date: replan.from_due_date,
        to_due_date: replan.to_due_date,
        reason: replan.reason,
        customer_notified: Boolean(replan.customer_notified),
        customer_notified_on: replan.customer_notified_on,
        replanned_on: replan.replanned_on,
        recorded_at: new Date(replan.at).toISOString(),
      },
    };
  });
}

/** Records what became of the open expectation with this external id. */
export async function apiDeliver(
  client: ApiClient,
  accountId: string,
  externalId: string,
  body: DeliveryInput,
  ip: string | null,
) {
  return refusingWrite(async (trx) => {
    const e = await expectationByExternalId(trx, accountId, externalId);
    await recordDelivery(trx, { actor: client.actor, ip }, accountId, e.id, {
      version: body.version ?? e.version,
      outcome: body.outcome,
      delivered_on: body.delivered_on ?? undefined,
      delivery_note: body.delivery_note ?? "",
    });
    return { data: await getExpectationApi(trx, accountId, externalId) };
  });
}

// --- Survey answers.

function answerQuery(executor: Executor, accountId: string) {
  return answersWithPerson(executor, accountId).select([
    "r.id",
    "r.external_id",
    "s.external_id as stakeholder",
    "r.kind",
    "r.score",
    "r.comment",
    "r.answered_at",
    "r.source",
    "r.source_name",
  ]);
}

type AnswerRow = Awaited<ReturnType<ReturnType<typeof answerQuery>["execute"]>>[number];
const answerRecord = (r: AnswerRow) => ({ ...r, answered_at: new Date(r.answered_at).toISOString() });

/** The account's survey answers (from the portal and brought in), a keyset page at a time. */
export function listSurveyAnswersApi(executor: Executor, accountId: string, paging: Paging) {
  return pageById(answerQuery(executor, accountId), "r.id", paging, answerRecord);
}

/** A calendar day as noon in the vendor's zone (the day stays that day wherever it is read); an instant as it is. */
export function answeredAt(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? answerDayInstant(value, TIME_ZONE) : new Date(value);
}

/**
 * Records (or, by external_id, corrects) one survey answer given outside the
 * portal, with the day it was given and its source, and rescores the account.
 */
export async function apiRecordSurveyAnswer(
  client: ApiClient,
  accountId: string,
  body: SurveyAnswerInput,
  ip: string | null,
  now: Date = new Date(),
) {
  // The customer's own voice is not the judged person's to write (app/domain/permissions.ts).
  if (!canRecordCustomerVoice(client.actor)) {
    throw new RefusedError("forbidden", [{ field: "", reason: t("import.customerVoiceOnly") }]);
  }
  const at = answeredAt(body.answered_at);
  // The rules the CSV import checks too (app/domain/survey-answer-rules.ts).
  const breaches = surveyAnswerBreaches({ kind: body.kind, score: body.score, answeredAt: at, now });
  if (breaches.length) throw new RefusedError("invalid", breaches.map((b) => ({ field: b.field, reason: t(b.key) })));
  return db()
    .transaction()
    .execute(async (trx) => {
      const account = await trx
        .selectFrom("accounts")
        .select(["id", "owner_id"])
        .where("id", "=", accountId)
        .executeTakeFirstOrThrow();
      if (!canEditAccount(client.actor, account)) {
        throw notYourAccount();
      }
      const person = await trx
        .selectFrom("stakeholders")
        .select("id")
        .where("account_id", "=", accountId)
        .where("external_id", "=", body.stakeholder)
        .executeTakeFirst();
      if (!person)
        throw new RefusedError("invalid", [
          { field: "stakeholder", reason: t("import.stakeholderNotFound", { ids: body.stakeholder }) },
        ]);
      const values = {
        stakeholder_id: person.id,
        kind: body.kind,
        score: body.score,
        comment: body.comment ?? "",
        answered_at: at,
        source: body.source ?? "survey_tool",
        source_name: body.source_name ?? "",
      };
      const { outcome, answerId, before } = await upsertAnswer(trx, accountId, body.external_id, values);
      if (outcome !== "unchanged") {
        await writeAudit(trx, {
          actorId: client.actor.id,
          accountId,
          entity: "api_survey_answers",
          entityId: body.external_id,
          action: outcome === "inserted" ? "create" : "update",
          after: { token_id: client.tokenId, ...body },
          ip,
        });
        if (outcome === "inserted") {
          await emitWebhookEvent(trx, { type: "survey.answered", accountId, data: surveyAnswerData(accountId, { externalId: body.external_id }) });
        }
        await alertOnSurveyAnswers(
          trx,
          [{ accountId, answerId, stakeholderId: person.id, kind: body.kind, score: body.score, comment: values.comment, answeredAt: at, before: before ? { kind: before.kind, score: before.score } : null }],
          now,
        );
        await refreshAccountScores(trx, accountId);
      }
      const row = await answerQuery(trx, accountId)
        .where("r.external_id", "=", body.external_id)
        .executeTakeFirstOrThrow();
      return { outcome, record: answerRecord(row) };
    });
}

type AnswerValues = {
  stakeholder_id: string;
  kind: SurveyAnswerInput["kind"];
  score: number;
  comment: string;
  answered_at: Date;
  source: NonNullable<SurveyAnswerInput["source"]>;
  source_name: string;
};

/** Inserts the answer with this external id, or updates it when anything differs. */
async function upsertAnswer(trx: Trx, accountId: string, externalId: string, values: AnswerValues) {
  const before = await trx
    .selectFrom("survey_responses")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("external_id", "=", externalId)
    .executeTakeFirst();
  if (!before) {
    const inserted = await trx
      .insertInto("survey_responses")
      .values({ account_id: accountId, external_id: externalId, ...values })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { outcome: "inserted" as const, answerId: inserted.id, before };
  }
  const same =
    before.stakeholder_id === values.stakeholder_id &&
    before.kind === values.kind &&
    before.score === values.score &&
    before.comment === values.comment &&
    new Date(before.answered_at).getTime() === values.answered_at.getTime() &&
    before.source === values.source &&
    before.source_name === values.source_name;
  if (!same) {
    await trx
      .updateTable("survey_responses")
      .set(values)
      .where("account_id", "=", accountId)
      .where("id", "=", before.id)
      .execute();
  }
  return { outcome: same ? ("unchanged" as const) : ("updated" as const), answerId: before.id, before };
}
