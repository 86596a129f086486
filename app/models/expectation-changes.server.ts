import { randomUUID } from "node:crypto";
import {
  deliveryBreaches,
  importanceBreaches,
  noticeDay,
  notOpenBreaches,
  replanBreaches,
} from "#app/domain/expectation-rules.ts";
import { dateOf } from "#app/domain/dates.ts";
import { canEditAccount } from "#app/domain/permissions.ts";
import { calendarDate, TIME_ZONE } from "#app/domain/time.ts";
import { emitWebhookEvent, expectationData } from "#app/models/webhook-events.server.ts";
import {
  type DeclineInput,
  type DeliveryInput,
  type ExpectationEditInput,
  type ExpectationInput,
  type ReopenInput,
  type ReplanInput,
} from "#app/schemas/expectation.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { FieldError, ForbiddenError } from "#app/utils/errors.server.ts";
import { accountForRights } from "./accounts.server.ts";
import { changeRecorder, type ChangeContext as Context } from "./change-history.server.ts";
import {
  checkReferences,
  columns,
  lockForChange,
  recordChange,
  save,
  throwBreaches,
} from "./expectation-steps.server.ts";
import { syncPromisedDates } from "./promised-dates.server.ts";
import { noticeAudience, queueExpectationAnswer, queueNoticeToAccount, queueReplanNotice } from "./mail-customer.server.ts";

// Expectation writes. The caller opens the transaction. Each write locks the row
// (scoped by account_id and id), checks who is asking and that they saw the
// latest version, then changes it, appends one expectation_changes row and one
// audit event, and refreshes the account's scores: all in that transaction.

/** The audit event of a write to an expectation, with the account's scores refreshed after it. */
const recordExpectationWrite = changeRecorder("expectation");


export async function createExpectation(trx: Trx, { actor, ip }: Context, accountId: string, input: ExpectationInput) {
  const account = await accountForRights(trx, accountId);
  if (!canEditAccount(actor, account)) throw new ForbiddenError();
  await checkReferences(trx, accountId, input, null);
  const created = await trx
    .insertInto("expectations")
    .values({
      ...columns(input),
      account_id: accountId,
      original_due_date: input.due_date,
      due_date: input.due_date,
      status: "open",
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(trx, actor, created, "created", { to_due_date: created.due_date });
  await recordExpectationWrite(trx, { actor, ip }, { accountId, entityId: created.id, action: "create", after: created });
  return created;
}

/**
 * Changes what the expectation is and who holds and owns it; never its due date
 * (that is a re-plan), and never a lower importance once it came due for the
 * customer or was resolved (app/domain/expectation-rules.ts).
 */
export async function updateExpectation(
  trx: Trx,
  { actor, ip }: Context,
  accountId: string,
  expectationId: string,
  input: ExpectationEditInput,
  today: string = calendarDate(),
) {
  const before = await lockForChange(trx, actor, accountId, expectationId, input.version);
  if (input.importance < before.importance) {
    const everResolved = await wasDelivered(trx, accountId, expectationId);
    throwBreaches(importanceBreaches({ ...before, everResolved }, input.importance, today));
  }
  await checkReferences(trx, accountId, input, before);
  const next = columns(input);
  const changed = Object.fromEntries(
    (Object.keys(next) as (keyof typeof next)[])
      .filter((k) => next[k] !== before[k])
      .map((k) => [k, { from: before[k], to: next[k] }]),
  );
  // Saving an unchanged form is not a change: nothing to record.
  if (Object.keys(changed).length === 0) return before;
  const after = await save(trx, before, next);
  await recordChange(trx, actor, after, "edited", { details: { changes: changed } });
  await recordExpectationWrite(trx, { actor, ip }, { accountId, entityId: expectationId, action: "update", before, after });
  return after;
}

/** Whether the expectation was ever delivered: a delivery in its history, reopened since or not. */
async function wasDelivered(trx: Trx, accountId: string, expectationId: string): Promise<boolean> {
  const row = await trx
    .selectFrom("expectation_changes")
    .select("id")
    .where("account_id", "=", accountId)
    .where("expectation_id", "=", expectationId)
    .where("kind", "=", "delivered")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Moves the due date: the only way it moves after creation (app/domain/expectation-rules.ts).
 * Records the reason, the day the re-plan was made (today, or a past day the
 * API or import brings in) and whether and on which day the customer was told.
 * The original due date stays as it was at creation.
 */
export async function replanExpectation(
  trx: Trx,
  { actor, ip }: Context,
  accountId: string,
  expectationId: string,
  input: ReplanInput,
  today: string = calendarDate(),
) {
  const before = await lockForChange(trx, actor, accountId, expectationId, input.version);
  const last = await trx
    .selectFrom("expectation_changes")
    .select((eb) => eb.fn.max("replanned_on").as("day"))
    .where("account_id", "=", accountId)
    .where("expectation_id", "=", expectationId)
    .where("kind", "=", "replanned")
    .executeTakeFirst();
  const replannedOn = input.replanned_on ?? today;
  const notified = input.customer_notified || Boolean(input.customer_notified_on);
  const notifiedOn = noticeDay(notified, input.customer_notified_on ?? null, replannedOn);
  throwBreaches(
    replanBreaches({
      status: before.status,
      currentDueDate: before.due_date,
      newDueDate: input.due_date,
      reason: input.reason,
      replannedOn,
      notifiedOn,
      lastReplannedOn: last?.day ?? null,
      today,
    }),
  );
  const saved = await save(trx, before, { due_date: input.due_date });
  const replanId = randomUUID();
  const mail = { accountId, title: before.title, from: before.due_date, to: input.due_date, reason: input.reason };
  // A notice goes to every portal user of the account whatever day the re-plan
  // states: unanswered, it stands only if it reached one of them (notice.ts).
  const reachedAt = notified
    ? await queueNoticeToAccount(trx, await noticeAudience(trx, accountId), { ...mail, replanId, toldOn: notifiedOn ?? replannedOn })
    : null;
  await recordChange(trx, actor, saved, "replanned", {
    id: replanId,
    from_due_date: before.due_date,
    to_due_date: input.due_date,
    reason: input.reason,
    customer_notified: notified,
    replanned_on: replannedOn,
    customer_notified_on: notifiedOn,
    notice_reached_at: reachedAt,
  });
  // The promise the customer holds moves only by an announced re-plan (predictability.ts).
  await syncPromisedDates(trx, accountId, [expectationId]);
  // Without notice, the holder hears of a re-plan made now (one brought in from the past is history, not news).
  if (!notified && replannedOn === today && before.status === "open") {
    await queueReplanNotice(trx, { ...mail, holderId: before.holder_stakeholder_id });
  }
  const after = await trx
    .selectFrom("expectations")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("id", "=", expectationId)
    .executeTakeFirstOrThrow();
  await emitWebhookEvent(trx, {
    type: "expectation.replanned",
    accountId,
    data: expectationData(accountId, expectationId, {
      replan: { from_due_date: before.due_date, to_due_date: input.due_date, reason: input.reason, replanned_on: replannedOn, customer_notified_on: notifiedOn },
    }),
  });
  await recordExpectationWrite(trx, { actor, ip }, {
    accountId,
    entityId: expectationId,
    action: "replan",
    before,
    after: {
      ...after,
      replan_reason: input.reason,
      customer_notified: notified,
      replanned_on: replannedOn,
      customer_notified_on: notifiedOn,
      notice_reached: notified ? reachedAt !== null : null,
    },
  });
  return after;
}

/**
 * Records what became of an open expectation, by the delivery rules of
 * app/domain/expectation-rules.ts (kept on or before the due date, late after
 * it, never dated in the future, a withdrawal not before the expectation was
 * recorded). The 'delivered' change's instant is the day a withdrawal counts
 * from at the earliest (predictability.ts).
 */
export async function recordDelivery(
  trx: Trx,
  { actor, ip }: Context,
  accountId: string,
  expectationId: string,
  input: DeliveryInput,
  today: string = calendarDate(),
) {
  const before = await lockForChange(trx, actor, accountId, expectationId, input.version);
  throwBreaches(notOpenBreaches(before.status));
  const deliveredOn = input.delivered_on ?? null;
  throwBreaches(
    deliveryBreaches({
      outcome: input.outcome,
      deliveredOn,
      dueDate: before.due_date,
      today,
      recordedOn: dateOf(before.created_at, TIME_ZONE),
    }),
  );
  const after = await save(trx, before, {
    status: "resolved",
    outcome: input.outcome,
    delivered_on: deliveredOn,
    delivery_note: input.delivery_note,
  });
  await recordChange(trx, actor, after, "delivered", {
    reason: input.delivery_note,
    details: { outcome: input.outcome, delivered_on: deliveredOn, due_date: before.due_date },
  });
  await emitWebhookEvent(trx, {
    type: "expectation.delivered",
    accountId,
    data: expectationData(accountId, expectationId, { delivery: { outcome: input.outcome, delivered_on: deliveredOn, note: input.delivery_note } }),
  });
  await recordExpectationWrite(trx, { actor, ip }, { accountId, entityId: expectationId, action: "deliver", before, after });
  return after;
}

/** Takes a delivery back: the expectation is open again and the customer's answer to that delivery goes with it. */
export async function reopenExpectation(
  trx: Trx,
  { actor, ip }: Context,
  accountId: string,
  expectationId: string,
  input: ReopenInput,
) {
  const before = await lockForChange(trx, actor, accountId, expectationId, input.version);
  if (before.status !== "resolved") throw new FieldError({ "": { key: "expectation.notResolved" } });
  const after = await save(trx, before, {
    status: "open",
    outcome: null,
    delivered_on: null,
    delivery_note: "",
    customer_response: null,
    customer_comment: "",
    customer_responded_at: null,
  });
  // The history keeps what was taken back.
  await recordChange(trx, actor, after, "reopened", {
    reason: input.reason,
    details: {
      outcome: before.outcome,
      delivered_on: before.delivered_on,
      delivery_note: before.delivery_note,
      customer_response: before.customer_response,
      customer_comment: before.customer_comment,
    },
  });
  await recordExpectationWrite(trx, { actor, ip }, { accountId, entityId: expectationId, action: "reopen", before, after });
  return after;
}

/**
 * Takes on an expectation the customer proposed: it becomes open. With no owner
 * named yet, the account's manager owns it.
 */
export async function acceptProposed(
  trx: Trx,
  { actor, ip }: Context,
  accountId: string,
  expectationId: string,
  input: { version: number },
) {
  const before = await lockForChange(trx, actor, accountId, expectationId, input.version);
  if (before.status !== "proposed") throw new FieldError({ "": { key: "expectation.notProposed" } });
  const account = await trx.selectFrom("accounts").select("owner_id").where("id", "=", accountId).executeTakeFirstOrThrow();
  const after = await save(trx, before, { status: "open", owner_id: before.owner_id ?? account.owner_id });
  await recordChange(trx, actor, after, "accepted", {});
  await queueExpectationAnswer(trx, { accountId, title: after.title, holderId: after.holder_stakeholder_id, accepted: true, dueDate: after.due_date, reason: "" });
  await recordExpectationWrite(trx, { actor, ip }, { accountId, entityId: expectationId, action: "accept", before, after });
  return after;
}

/** Declines an expectation the customer proposed, saying why (the reason is kept in the history). */
export async function declineProposed(
  trx: Trx,
  { actor, ip }: Context,
  accountId: string,
  expectationId: string,
  input: DeclineInput,
) {
  const before = await lockForChange(trx, actor, accountId, expectationId, input.version);
  if (before.status !== "proposed") throw new FieldError({ "": { key: "expectation.notProposed" } });
  const after = await save(trx, before, { status: "declined" });
  await recordChange(trx, actor, after, "declined", { reason: input.reason });
  await queueExpectationAnswer(trx, {
    accountId,
    title: after.title,
    holderId: after.holder_stakeholder_id,
    accepted: false,
    dueDate: after.due_date,
    reason: input.reason,
  });
  await recordExpectationWrite(trx, { actor, ip }, {
    accountId,
    entityId: expectationId,
    action: "decline",
    before,
    after: { ...after, decline_reason: input.reason },
  });
  return after;
}
