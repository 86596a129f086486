import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { ExpectationRow } from "#app/domain/import/records.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { noticeAudience, queueNoticeToAccount, type NoticeAudience } from "#app/models/mail-customer.server.ts";
import { syncPromisedDates } from "#app/models/promised-dates.server.ts";
import { emitWebhookEvents, expectationData, type WebhookEventInput } from "#app/models/webhook-events.server.ts";
import { mapped, pairKey, upsertBatch, upsertOutcomes, type WriteContext, type WrittenRow } from "./shared.server.ts";

// Writing resolved expectation rows (app/models/import/expectations.server.ts
// resolves them): the upsert by (account, external id), a history entry per
// new or changed expectation naming the import, the re-plans a row carries with
// the promise each now holds, and the webhook events the forms send.

export interface PlannedReplan {
  from: string;
  to: string;
  reason: string;
  /** Null when a new record arrives already moved without saying when. */
  replannedOn: string | null;
  notified: boolean;
  notifiedOn: string | null;
}

export interface ResolvedExpectation {
  line: number;
  accountId: string;
  record: ExpectationRow;
  holderId: string | null;
  replan: PlannedReplan | null;
  /**
   * The due date to write when it is not the row's own: a row whose re-plan is
   * already in the history (the same file imported again) keeps the present one.
   */
  dueDate?: string;
}

/**
 * Writes a batch. Rows of one expectation (its re-plans, in order) go in
 * rounds: one upsert may change a row only once, and each re-plan follows the
 * one before it.
 */
export async function writeExpectations(
  trx: Trx,
  ctx: WriteContext,
  batch: ResolvedExpectation[],
): Promise<WrittenRow[]> {
  const rounds: ResolvedExpectation[][] = [];
  const seen = new Map<string, number>();
  for (const r of batch) {
    const key = pairKey(r.accountId, r.record.external_id);
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (rounds[round] ??= []).push(r);
  }
  const written = new Map<number, WrittenRow>();
  for (const round of rounds) for (const w of await writeRound(trx, ctx, round)) written.set(w.line, w);
  return batch.map((r) => written.get(r.line)!);
}

const keyOf = (r: ResolvedExpectation) => pairKey(r.accountId, r.record.external_id);

/** Writes rows of distinct expectations: the upsert, their history entries, their re-plans and promised dates, their events. */
async function writeRound(trx: Trx, ctx: WriteContext, batch: ResolvedExpectation[]): Promise<WrittenRow[]> {
  // Which of them are open now: a row that resolves one records its delivery (the event the form sends).
  const delivering = batch.filter((r) => r.record.outcome);
  const statusBefore = await statusesOf(trx, delivering);
  const upserted = await upsertExpectations(trx, ctx, batch);
  if (upserted.length) {
    await sql`
      insert into expectation_changes (account_id, expectation_id, kind, actor_id, details)
      values ${sql.join(
        upserted.map(
          (u) => sql`(${u.account_id}, ${u.id}, ${u.inserted ? "created" : "edited"}, ${ctx.actor.id},
            ${JSON.stringify(ctx.origin)}::jsonb)`,
        ),
      )}`.execute(trx);
  }
  const ids = new Map(upserted.map((u) => [pairKey(u.account_id, u.external_id), u.id]));
  const replans = batch.filter((r) => r.replan && ids.has(keyOf(r)));
  await recordReplans(trx, ctx, replans, ids);
  await recordWithdrawals(trx, ctx, delivering, ids, statusBefore);
  // The webhook events the forms send for the same changes, in this transaction: a re-plan, a delivery.
  await emitWebhookEvents(trx, [...replanEvents(replans, ids), ...deliveryEvents(delivering, ids, statusBefore)]);
  return upsertOutcomes(upserted).written(batch);
}

interface Before {
  status: string;
  outcome: string | null;
}

/** The status and outcome each of the rows' stored expectations has now, by pairKey. */
async function statusesOf(trx: Trx, rows: ResolvedExpectation[]) {
  const statusBefore = new Map<string, Before>();
  if (!rows.length) return statusBefore;
  const found = await trx
    .selectFrom("expectations")
    .select(["account_id", "external_id", "status", "outcome"])
    .where("account_id", "in", [...new Set(rows.map((r) => r.accountId))])
    .where("external_id", "in", [...new Set(rows.map((r) => r.record.external_id))])
    .execute();
  for (const row of found) {
    if (row.external_id)
      statusBefore.set(pairKey(row.account_id, row.external_id), { status: row.status, outcome: row.outcome });
  }
  return statusBefore;
}

/**
 * A row that withdraws an expectation (new, open, or resolved otherwise until
 * now) records the withdrawal in its history as the form does (a 'delivered'
 * entry, naming the import): its instant is the day the withdrawal counts from
 * at the earliest, whatever day the row states (withdrawalCountsOn in
 * predictability.ts). A withdrawal brought in today for a day long ago counts
 * as made today. Other outcomes are judged by their delivery day and keep the
 * import's single history entry. Written after the row's other entries (its
 * creation, its re-plan), in that order.
 */
async function recordWithdrawals(
  trx: Trx,
  ctx: WriteContext,
  delivering: ResolvedExpectation[],
  ids: Map<string, string>,
  statusBefore: Map<string, Before>,
) {
  const withdrawing = delivering.filter((r) => {
    const before = statusBefore.get(keyOf(r));
    const becomes = !before || before.status !== "resolved" || before.outcome !== "withdrawn";
    return r.record.outcome === "withdrawn" && ids.has(keyOf(r)) && becomes;
  });
  if (!withdrawing.length) return;
  await sql`
    insert into expectation_changes (account_id, expectation_id, kind, reason, actor_id, details, at)
    values ${sql.join(
      withdrawing.map((r) => {
        const details = {
          ...ctx.origin,
          outcome: "withdrawn",
          delivered_on: r.record.delivered_on ?? null,
          due_date: r.dueDate ?? r.record.due_date,
        };
        return sql`(${r.accountId}, ${ids.get(keyOf(r))}, 'delivered', ${r.record.delivery_note ?? ""},
          ${ctx.actor.id}, ${JSON.stringify(details)}::jsonb, clock_timestamp())`;
      }),
    )}`.execute(trx);
}

/** The upsert by (account, external id); a field the file leaves out is never overwritten. */
function upsertExpectations(trx: Trx, ctx: WriteContext, batch: ResolvedExpectation[]) {
  const m = (field: string, ...columns: string[]) => (mapped(ctx, field) ? columns : []);
  return upsertBatch(
    trx,
    {
      table: "expectations",
      key: ["account_id", "external_id"],
      insertColumns: [
        "account_id",
        "external_id",
        "title",
        "description",
        "category",
        "holder_stakeholder_id",
        "source",
        "importance",
        "original_due_date",
        "due_date",
        "owner_id",
        "status",
        "outcome",
        "delivered_on",
        "delivery_note",
      ],
      updateColumns: [
        "title",
        "due_date",
        ...m("description", "description"),
        ...m("category", "category"),
        ...m("holder", "holder_stakeholder_id"),
        ...m("source", "source"),
        ...m("importance", "importance"),
        ...m("outcome", "status", "outcome"),
        ...m("delivered_on", "delivered_on"),
        ...m("delivery_note", "delivery_note"),
      ],
      onUpdate: [sql`version = expectations.version + 1`, sql`updated_at = now()`],
    },
    batch.map((r) => {
      const v = r.record;
      return {
        account_id: r.accountId,
        external_id: v.external_id,
        title: v.title,
        description: v.description ?? "",
        category: v.category ?? "delivery",
        holder_stakeholder_id: r.holderId,
        source: v.source ?? "contract",
        importance: v.importance ?? 2,
        // A new expectation starts at its original date; a row's later due date is its re-plan.
        original_due_date: r.replan?.from ?? v.original_due_date ?? v.due_date,
        due_date: r.dueDate ?? v.due_date,
        owner_id: ctx.actor.id,
        status: v.outcome ? "resolved" : "open",
        outcome: v.outcome ?? null,
        delivered_on: v.delivered_on ?? null,
        delivery_note: v.delivery_note ?? "",
      };
    }),
  );
}

/**
 * The re-plans rows carry, in the history, and the promise each re-planned
 * expectation now holds (predictability.ts). A re-plan "the customer was told"
 * sends its notice to every portal user of the account now, as the form does,
 * whatever day the row says it was made (notice.ts): the history keeps whether
 * it reached one. A row already in the history (the same file again) records
 * no re-plan, so it sends nothing.
 */
async function recordReplans(trx: Trx, ctx: WriteContext, replans: ResolvedExpectation[], ids: Map<string, string>) {
  if (!replans.length) return;
  const audiences = new Map<string, NoticeAudience>();
  const written = [];
  for (const r of replans) {
    const p = r.replan!;
    const id = randomUUID();
    let reachedAt: Date | null = null;
    if (p.notified) {
      if (!audiences.has(r.accountId)) audiences.set(r.accountId, await noticeAudience(trx, r.accountId));
      reachedAt = await queueNoticeToAccount(trx, audiences.get(r.accountId)!, {
        accountId: r.accountId,
        replanId: id,
        title: r.record.title,
        from: p.from,
        to: p.to,
        reason: p.reason,
        toldOn: p.notifiedOn ?? p.replannedOn ?? p.from,
      });
    }
    written.push({ r, p, id, reachedAt });
  }
  await sql`
    insert into expectation_changes (id, account_id, expectation_id, kind, from_due_date, to_due_date, reason,
      customer_notified, replanned_on, customer_notified_on, notice_reached_at, actor_id, details, at)
    values ${sql.join(
      written.map(({ r, p, id, reachedAt }) => {
        return sql`(${id}::uuid, ${r.accountId}, ${ids.get(keyOf(r))}, 'replanned', ${p.from}::date,
          ${p.to}::date, ${p.reason}, ${p.notified}, ${p.replannedOn}::date, ${p.notifiedOn}::date,
          ${reachedAt}::timestamptz, ${ctx.actor.id}, ${JSON.stringify(ctx.origin)}::jsonb, clock_timestamp())`;
      }),
    )}`.execute(trx);
  const byAccount = new Map<string, string[]>();
  for (const r of replans) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), ids.get(keyOf(r))!]);
  for (const [accountId, expectationIds] of byAccount) await syncPromisedDates(trx, accountId, expectationIds);
}

function replanEvents(replans: ResolvedExpectation[], ids: Map<string, string>): WebhookEventInput[] {
  return replans.map((r) => {
    const p = r.replan!;
    const replan = {
      from_due_date: p.from,
      to_due_date: p.to,
      reason: p.reason,
      replanned_on: p.replannedOn,
      customer_notified_on: p.notifiedOn,
    };
    return {
      type: "expectation.replanned",
      accountId: r.accountId,
      data: expectationData(r.accountId, ids.get(keyOf(r))!, { replan }),
    };
  });
}

/** A delivery event for each row that resolves an expectation that was open (or new). */
function deliveryEvents(
  delivering: ResolvedExpectation[],
  ids: Map<string, string>,
  statusBefore: Map<string, Before>,
): WebhookEventInput[] {
  return delivering.flatMap((r): WebhookEventInput[] => {
    const id = ids.get(keyOf(r));
    const before = statusBefore.get(keyOf(r))?.status;
    if (!id || (before !== undefined && before !== "open")) return [];
    const delivery = {
      outcome: r.record.outcome,
      delivered_on: r.record.delivered_on ?? null,
      note: r.record.delivery_note ?? "",
    };
    return [
      { type: "expectation.delivered", accountId: r.accountId, data: expectationData(r.accountId, id, { delivery }) },
    ];
  });
}
