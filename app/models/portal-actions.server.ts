import { randomUUID } from "node:crypto";
import { sql, type Insertable } from "kysely";
import type { ExpectationChangesTable } from "#db/schema.ts";
import { calendarDate } from "#app/domain/time.ts";
import { formatters, isLocale, type Formatters } from "#app/i18n/index.ts";
import {
  type CsatInput,
  type DeliveryResponseInput,
  type NpsInput,
  type ProposeExpectationInput,
} from "#app/schemas/portal.ts";
import { renderSystemTitle, type SystemTitle } from "#app/i18n/system-titles.ts";
import { auditPortalAction, type PortalActor } from "./portal-actor.server.ts";
import { nextNpsDate, npsQuestionOpen } from "./nps-again.server.ts";
import { rateableTouchpoints } from "./experience-rating-rows.server.ts";
import { lastNpsAnswer, npsAskedAgainAt } from "./portal.server.ts";
import { expectationData, queueWebhookEvent, surveyAnswerData } from "./webhook-events.server.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { FieldError, NotFoundError } from "#app/utils/errors.server.ts";
import { isAnswerableDelivery } from "#app/domain/commitments.ts";
import { afterPortalScope } from "./portal-scope.server.ts";
import { alertOnSurveyAnswers, queueDisputeAlert } from "./mail-alerts.server.ts";
import { stakeholderName } from "./people.server.ts";

// What a customer does in the portal. Each function runs inside withPortalWrite
// (app/models/portal-scope.server.ts): the transaction is scoped to the customer's
// account as the portal role, and the account's scores are refreshed after it.
// The account and the stakeholder always come from the session (PortalActor),
// never from the form. Each action is also a touchpoint on the internal
// timeline (source 'portal', not shared), linked to the customer's stakeholder,
// worded in the account manager's language, and audited.

export type { PortalActor };

const clip = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The account manager's language, for the wording of the internal timeline entry. */
async function kamWording(trx: Trx, accountId: string): Promise<Formatters> {
  const row = await trx
    .selectFrom("accounts as a")
    .innerJoin("users as u", "u.id", "a.owner_id")
    .select("u.locale")
    .where("a.id", "=", accountId)
    .executeTakeFirst();
  return formatters(isLocale(row?.locale) ? row.locale : "en");
}

/** The portal touchpoint: never shared, authored by the customer, with their stakeholder as participant. */
export async function recordTouchpoint(
  trx: Trx,
  actor: PortalActor,
  touchpoint: { kind: "delivery" | "survey" | "other"; title: SystemTitle; summary: string },
) {
  const id = randomUUID();
  // Stored by key, read in each reader's language; `title` keeps the KAM's wording for exports.
  const f = await kamWording(trx, actor.accountId);
  const occurredAt = new Date();
  // No RETURNING: the portal role may not read back unshared touchpoints (RLS).
  await trx
    .insertInto("touchpoints")
    .values({
      account_id: actor.accountId,
      id,
      kind: touchpoint.kind,
      occurred_at: occurredAt,
      author_id: actor.userId,
      source: "portal",
      title: clip(renderSystemTitle(f, touchpoint.title)),
      title_key: touchpoint.title.key,
      title_params: touchpoint.title.params,
      summary: touchpoint.summary,
      shared_with_customer: false,
    })
    .execute();
  await trx
    .insertInto("touchpoint_stakeholders")
    .values({ account_id: actor.accountId, touchpoint_id: id, stakeholder_id: actor.stakeholderId, occurred_at: occurredAt })
    .execute();
  return id;
}

async function recordChange(
  trx: Trx,
  actor: PortalActor,
  expectationId: string,
  change: { kind: "created" | "confirmed" | "disputed"; to_due_date?: string; reason?: string; details?: Record<string, unknown> },
) {
  await trx
    .insertInto("expectation_changes")
    .values({
      account_id: actor.accountId,
      id: randomUUID(),
      expectation_id: expectationId,
      kind: change.kind,
      to_due_date: change.to_due_date ?? null,
      reason: change.reason ?? "",
      actor_id: actor.userId,
      // A JS object, not a JSON string (postgres.js would store a JSON string).
      details: (change.details ?? {}) as Insertable<ExpectationChangesTable>["details"],
    })
    .execute();
}

/**
 * The customer confirms a delivery as promised, or disputes it (partly or not
 * delivered, saying what is wrong). Only delivered commitments of their own
 * account can be answered, and only as last seen (version). A dispute makes the
 * commitment a surprise in predictability and raises a risk signal when the
 * scores are refreshed. An answer may be changed later; each is kept in the history.
 */
export async function respondToDelivery(trx: Trx, actor: PortalActor, input: DeliveryResponseInput) {
  const find = () =>
    trx
      .selectFrom("expectations")
      .select(["id", "title", "status", "outcome", "due_date", "customer_response", "customer_comment", "version"])
      .where("account_id", "=", actor.accountId)
      .where("id", "=", input.expectation_id);
  const seen = await find().executeTakeFirst();
  if (!seen) throw new NotFoundError("commitment");
  if (seen.status !== "resolved") throw new FieldError({ "": { key: "portalCommitments.notDelivered" } });
  if (!isAnswerableDelivery(seen)) throw new FieldError({ "": { key: "portalCommitments.notAnswerable" } });
  // Locked only once known to be delivered (row-level security lets the portal lock nothing else).
  const before = await find().forNoKeyUpdate().executeTakeFirst();
  if (!before || before.status !== "resolved") throw new FieldError({ "": { key: "portalCommitments.notDelivered" } });
  if (!isAnswerableDelivery(before)) throw new FieldError({ "": { key: "portalCommitments.notAnswerable" } });
  if (before.version !== input.version) throw new FieldError({ "": { key: "portalCommitments.changed" } });
  const respondedAt = new Date();
  await trx
    .updateTable("expectations")
    .set({
      customer_response: input.response,
      customer_comment: input.comment,
      customer_responded_at: respondedAt,
      version: before.version + 1,
      updated_at: sql`now()`,
    })
    .where("account_id", "=", actor.accountId)
    .where("id", "=", before.id)
    .execute();
  const disputed = input.response !== "confirmed";
  await recordChange(trx, actor, before.id, {
    kind: disputed ? "disputed" : "confirmed",
    reason: input.comment,
    details: { response: input.response, previous: before.customer_response },
  });
  await recordTouchpoint(trx, actor, {
    kind: "delivery",
    // The expectation's id lets the timeline link the answer to the commitment it is about.
    title: { key: `portalTouchpoint.${input.response}`, params: { title: before.title, expectation_id: before.id } },
    summary: input.comment,
  });
  await auditPortalAction(trx, actor, {
    entity: "expectation",
    entityId: before.id,
    action: disputed ? "customer_dispute" : "customer_confirm",
    before: { customer_response: before.customer_response, customer_comment: before.customer_comment },
    after: { customer_response: input.response, customer_comment: input.comment, customer_responded_at: respondedAt.toISOString() },
  });
  if (input.response !== "confirmed") {
    const response = input.response;
    // The KAM's alert, in this transaction, by the application's role (it reads the KAM).
    await afterPortalScope(trx, async (app) =>
      queueDisputeAlert(app, {
        accountId: actor.accountId,
        expectationId: before.id,
        title: before.title,
        response,
        comment: input.comment,
        customerName: await customerName(app, actor),
      }),
    );
  }
  // Written by portalWrite once the scope is left (the portal role has no access to the webhook outbox).
  queueWebhookEvent(trx, {
    type: disputed ? "delivery.disputed" : "delivery.confirmed",
    accountId: actor.accountId,
    data: expectationData(actor.accountId, before.id, {
      response: { response: input.response, comment: input.comment, responded_at: respondedAt.toISOString(), stakeholder_id: actor.stakeholderId },
    }),
  });
}

/** The customer's name as their committee knows them (read outside the portal scope). */
async function customerName(trx: Trx, actor: PortalActor): Promise<string> {
  return stakeholderName(trx, actor.accountId, actor.stakeholderId);
}

/**
 * The customer states a new expectation. It reaches the KAM's ledger as a
 * proposal (status 'proposed', source 'customer', held by the customer's
 * stakeholder) to accept or decline.
 */
export async function proposeExpectation(trx: Trx, actor: PortalActor, input: ProposeExpectationInput, today: string = calendarDate()) {
  if (input.due_date < today) throw new FieldError({ due_date: { key: "portalPropose.dueInPast" } });
  const id = randomUUID();
  await trx
    .insertInto("expectations")
    .values({
      account_id: actor.accountId,
      id,
      title: input.title,
      description: input.description,
      category: input.category,
      holder_stakeholder_id: actor.stakeholderId,
      source: "customer",
      importance: 2,
      original_due_date: input.due_date,
      due_date: input.due_date,
      status: "proposed",
    })
    .execute();
  await recordChange(trx, actor, id, { kind: "created", to_due_date: input.due_date });
  await recordTouchpoint(trx, actor, {
    kind: "other",
    title: { key: "portalTouchpoint.proposed", params: { title: input.title, expectation_id: id } },
    summary: input.description,
  });
  await auditPortalAction(trx, actor, {
    entity: "expectation",
    entityId: id,
    action: "customer_propose",
    after: { title: input.title, category: input.category, due_date: input.due_date, holder_stakeholder_id: actor.stakeholderId },
  });
  queueWebhookEvent(trx, { type: "expectation.stated", accountId: actor.accountId, data: expectationData(actor.accountId, id, { description: input.description }) });
  return id;
}

/** The recommendation question (0–10 and why), at most once per 90 days per person unless asked again. */
export async function answerNps(trx: Trx, actor: PortalActor, input: NpsInput, now: Date = new Date()) {
  // Two tabs answering at once: the second waits here, then sees the first answer.
  await sql`select pg_advisory_xact_lock(hashtext(${`kohtaamo.nps:${actor.stakeholderId}`}))`.execute(trx);
  const last = await lastNpsAnswer(trx, actor.accountId, actor.stakeholderId);
  const askedAgainAt = await npsAskedAgainAt(trx, actor.accountId, actor.stakeholderId);
  if (last && !npsQuestionOpen(new Date(last.answered_at), askedAgainAt, now)) {
    const next = nextNpsDate(new Date(last.answered_at));
    throw new FieldError({ "": { key: "portalFeedback.npsTooSoon", params: { date: next } } });
  }
  await recordSurveyAnswer(trx, actor, { kind: "nps", score: input.score, comment: input.comment }, now);
}

/** Satisfaction (1–5) with one touchpoint shared with the customer's own account, once per person. */
export async function rateTouchpoint(trx: Trx, actor: PortalActor, input: CsatInput) {
  const touchpoint = await rateableTouchpoints(trx, actor.accountId)
    .select(["id", "title", "kind"])
    .where("id", "=", input.touchpoint_id)
    .executeTakeFirst();
  if (!touchpoint) throw new NotFoundError("touchpoint");
  const earlier = await trx
    .selectFrom("survey_responses")
    .select("id")
    .where("account_id", "=", actor.accountId)
    .where("stakeholder_id", "=", actor.stakeholderId)
    .where("kind", "=", "csat")
    .where("touchpoint_id", "=", touchpoint.id)
    .executeTakeFirst();
  if (earlier) throw new FieldError({ "": { key: "portalFeedback.alreadyRated" } });
  const about = { id: touchpoint.id, title: touchpoint.title };
  await recordSurveyAnswer(trx, actor, { kind: "csat", score: input.score, comment: input.comment, about }, new Date());
}

/**
 * Records the customer's survey answer (NPS, or CSAT `about` a touchpoint): the
 * answer, a survey touchpoint, its audit event, the KAM's alert when the score
 * calls for one (by the application's role, after the scope) and its webhook event.
 */
async function recordSurveyAnswer(
  trx: Trx,
  actor: PortalActor,
  answer: { kind: "nps" | "csat"; score: number; comment: string; about?: { id: string; title: string } },
  now: Date,
) {
  const { kind, score, comment, about } = answer;
  const id = randomUUID();
  const link = about ? { touchpoint_id: about.id } : {};
  await trx
    .insertInto("survey_responses")
    .values({ account_id: actor.accountId, id, stakeholder_id: actor.stakeholderId, kind, score, comment, ...link })
    .execute();
  await recordTouchpoint(trx, actor, {
    kind: "survey",
    title: { key: `portalTouchpoint.${kind}`, params: about ? { score, title: about.title } : { score } },
    summary: comment,
  });
  await auditPortalAction(trx, actor, {
    entity: "survey_response",
    entityId: id,
    action: `customer_${kind}`,
    after: { ...link, score, comment },
  });
  await afterPortalScope(trx, (app) =>
    alertOnSurveyAnswers(
      app,
      [{ accountId: actor.accountId, answerId: id, stakeholderId: actor.stakeholderId, kind, score, comment, answeredAt: now, about: about?.title, before: null }],
      now,
    ),
  );
  queueWebhookEvent(trx, { type: "survey.answered", accountId: actor.accountId, data: surveyAnswerData(actor.accountId, { id }) });
}
