import { sql } from "kysely";
import {
  deliveryBreaches,
  dueDateEditBreaches,
  holderBreaches,
  noticeDay,
  replanBreaches,
  type RuleBreach,
} from "#app/domain/expectation-rules.ts";
import type { ExpectationRow } from "#app/domain/import/records.ts";
import { calendarDate } from "#app/domain/time.ts";
import type { Executor, Trx } from "#app/utils/db.server.ts";
import { syncPromisedDates } from "#app/models/promised-dates.server.ts";
import { emitWebhookEvents, expectationData, type WebhookEventInput } from "#app/models/webhook-events.server.ts";
import {
  accountLookup,
  chunks,
  exclusively,
  mapped,
  pairKey,
  stakeholderIds,
  upsertBatch,
  type ImportWriter,
  type WriteContext,
  type WrittenRow,
} from "./shared.server.ts";

// Expectations and what became of them, matched by (account, external id). A
// row with an outcome is resolved; without one it is open. Each new or changed
// expectation gets an entry in its history naming the import. The ledger's
// rules (app/domain/expectation-rules.ts) hold as on the forms: a delivery's
// dates, a holder who has not left, and a due date that moves only by a
// re-plan — a row that moves it carries the re-plan (replan_reason, with its
// days), recorded in the history as the forms record one.

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

interface Stored {
  id: string;
  account_id: string;
  external_id: string;
  status: string;
  due_date: string;
  original_due_date: string;
  holder_stakeholder_id: string | null;
  last_replanned_on: string | null;
}

/** The stored expectations the rows name, by pairKey. */
async function storedExpectations(
  ctx: WriteContext,
  executor: Executor,
  pairs: { accountId: string; externalId: string }[],
) {
  const found = new Map<string, Stored>();
  for (const part of chunks(pairs)) {
    if (!part.length) continue;
    const rows = await exclusively(ctx, () =>
      sql<Stored>`
        select e.id, e.account_id, e.external_id, e.status, e.due_date::text as due_date,
          e.original_due_date::text as original_due_date, e.holder_stakeholder_id,
          (select max(c.replanned_on)::text from expectation_changes c
            where c.account_id = e.account_id and c.expectation_id = e.id and c.kind = 'replanned') as last_replanned_on
        from expectations e
        join unnest(${part.map((p) => p.accountId)}::uuid[], ${part.map((p) => p.externalId)}::text[]) as k(account_id, external_id)
          on e.account_id = k.account_id and e.external_id = k.external_id`.execute(executor),
    );
    for (const r of rows.rows) found.set(pairKey(r.account_id, r.external_id), r);
  }
  return found;
}

/** The re-plans already recorded for the stored expectations, as recordedKey()s. */
async function recordedReplans(ctx: WriteContext, executor: Executor, stored: Stored[]) {
  const found = new Set<string>();
  for (const part of chunks(stored)) {
    if (!part.length) continue;
    const rows = await exclusively(ctx, () =>
      sql<{ expectation_id: string; to_due_date: string; replanned_on: string | null; reason: string }>`
        select c.expectation_id, c.to_due_date::text as to_due_date, c.replanned_on::text as replanned_on, c.reason
        from expectation_changes c
        join unnest(${part.map((p) => p.account_id)}::uuid[], ${part.map((p) => p.id)}::uuid[]) as k(account_id, id)
          on c.account_id = k.account_id and c.expectation_id = k.id
        where c.kind = 'replanned'`.execute(executor),
    );
    for (const r of rows.rows) found.add(recordedKey(r.expectation_id, r.to_due_date, r.replanned_on, r.reason));
  }
  return found;
}

const recordedKey = (id: string, to: string, on: string | null | undefined, reason: string) =>
  `${id}\u0000${to}\u0000${on ?? ""}\u0000${reason}`;

/** Whether each holder has left, by stakeholder id. */
async function holderLeft(ctx: WriteContext, executor: Executor, ids: string[]) {
  const found = new Map<string, { leftOn: string | null }>();
  for (const part of chunks([...new Set(ids)])) {
    if (!part.length) continue;
    const rows = await exclusively(ctx, () =>
      executor.selectFrom("stakeholders").select(["id", "left_on"]).where("id", "in", part).execute(),
    );
    for (const r of rows) found.set(r.id, { leftOn: r.left_on });
  }
  return found;
}

/** The row's field a rule's breach is about, where the names differ. */
const ROW_FIELD: Record<string, string> = {
  holder_stakeholder_id: "holder",
  reason: "replan_reason",
  "": "external_id",
};

/** The message for a due date moved without a re-plan: the API names its endpoint, a file its columns. */
function replanOnlyReason(ctx: WriteContext, b: RuleBreach, account: string, externalId: string): string {
  if (b.key !== "expectation.dueDateByReplanOnly") return ctx.t(b.key, b.params);
  if (b.field === "original_due_date") return ctx.t("import.originalDueDateFixed", b.params);
  if (ctx.origin.api_token) {
    const path = `/api/v1/accounts/${encodeURIComponent(account)}/expectations/${encodeURIComponent(externalId)}/replans`;
    return ctx.t("api.dueDateByReplanOnly", { ...b.params, path });
  }
  return ctx.t("import.dueDateByReplanOnly", b.params);
}

/**
 * The ledger's rules for one row against what is stored: the re-plan it
 * carries (if it moves the due date) and every breach, each at its field.
 */
function checkRow(
  record: ExpectationRow,
  stored: Stored | undefined,
  holderId: string | null,
  holder: { leftOn: string | null } | undefined,
  today: string,
): { replan: PlannedReplan | null; breaches: RuleBreach[] } {
  const breaches: RuleBreach[] = [];
  const from = stored ? stored.due_date : (record.original_due_date ?? record.due_date);
  let replan: PlannedReplan | null = null;
  if (stored && record.original_due_date) {
    breaches.push(
      ...dueDateEditBreaches(
        { dueDate: stored.due_date, originalDueDate: stored.original_due_date },
        { originalDueDate: record.original_due_date },
      ).filter((b) => b.field === "original_due_date"),
    );
  }
  if (record.due_date !== from) {
    if (record.replan_reason) {
      const replannedOn = record.replanned_on ?? today;
      const notified = record.customer_notified === true || Boolean(record.customer_notified_on);
      replan = {
        from,
        to: record.due_date,
        reason: record.replan_reason,
        replannedOn,
        notified,
        notifiedOn: noticeDay(notified, record.customer_notified_on ?? null, replannedOn),
      };
      breaches.push(
        ...replanBreaches({
          status: stored?.status ?? "open",
          currentDueDate: from,
          newDueDate: record.due_date,
          reason: record.replan_reason,
          replannedOn,
          notifiedOn: replan.notifiedOn,
          lastReplannedOn: stored?.last_replanned_on ?? null,
          today,
        }),
      );
    } else if (!stored) {
      // A new record that arrives already moved (an ERP knows both dates, not
      // why): kept as a re-plan with no recorded reason or notice, so the
      // promise stays the original date (predictability.ts).
      replan = {
        from,
        to: record.due_date,
        reason: "",
        replannedOn: record.replanned_on ?? null,
        notified: false,
        notifiedOn: null,
      };
    } else {
      breaches.push({ field: "due_date", key: "expectation.dueDateByReplanOnly", params: { date: from } });
    }
  }
  breaches.push(...holderBreaches(holderId, holder, stored?.holder_stakeholder_id ?? null, "holder"));
  if (record.outcome) {
    breaches.push(
      ...deliveryBreaches({
        outcome: record.outcome,
        deliveredOn: record.delivered_on,
        dueDate: record.due_date,
        today,
      }),
    );
  }
  return { replan, breaches };
}

export const expectationWriter: ImportWriter<ExpectationRow, ResolvedExpectation> = {
  // Several rows may name one expectation: each further row is a further
  // re-plan of it (a history brought in truthfully), in the order the re-plans
  // were made (replanned_on), each checked against the expectation as the rows
  // before it left it and recorded in its history. A row whose re-plan is
  // already in the history (the same file imported again) changes nothing.
  resolver(executor, ctx) {
    const accounts = accountLookup(executor, ctx);
    // Per file: the expectation as the rows so far left it, and the last line that named it.
    const chain = new Map<string, Stored>();
    const lastLine = new Map<string, number>();
    return async (rows) => {
      const { placed, rejected } = await accounts.place(rows);
      const holders = await stakeholderIds(
        ctx,
        executor,
        placed.flatMap(({ row, accountId }) =>
          row.record.holder ? [{ accountId, externalId: row.record.holder }] : [],
        ),
      );
      const stored = await storedExpectations(
        ctx,
        executor,
        placed.map(({ row, accountId }) => ({ accountId, externalId: row.record.external_id })),
      );
      const recorded = await recordedReplans(ctx, executor, [...stored.values()]);
      const people = await holderLeft(ctx, executor, [...holders.values()]);
      const today = calendarDate();
      const ready: ResolvedExpectation[] = [];
      for (const { row, accountId } of placed) {
        const { record } = row;
        const key = pairKey(accountId, record.external_id);
        const holder = record.holder;
        const holderId = holder ? holders.get(pairKey(accountId, holder)) : null;
        if (holderId === undefined) {
          rejected.push({
            line: row.line,
            field: "holder",
            reason: ctx.t("import.stakeholderNotFound", { ids: holder! }),
          });
          continue;
        }
        const inDatabase = stored.get(key);
        const base = chain.get(key) ?? inDatabase;
        const earlier = lastLine.get(key);
        // Its re-plan already in the history: the row brings nothing new about the date.
        const already =
          base?.id &&
          record.replan_reason &&
          record.due_date !== base.due_date &&
          recorded.has(recordedKey(base.id, record.due_date, record.replanned_on, record.replan_reason));
        if (earlier !== undefined && !already) {
          // A further row of the same expectation is a further re-plan, made after the one before.
          if (!record.replan_reason || record.due_date === base?.due_date) {
            rejected.push({
              line: row.line,
              field: "external_id",
              reason: ctx.t("import.sameExpectationAgain", { line: earlier }),
            });
            continue;
          }
          if (base?.last_replanned_on && record.replanned_on && record.replanned_on < base.last_replanned_on) {
            rejected.push({
              line: row.line,
              field: "replanned_on",
              reason: ctx.t("import.replanOutOfOrder", { line: earlier, date: base.last_replanned_on }),
            });
            continue;
          }
        }
        const { replan, breaches } = checkRow(
          record,
          already ? { ...base, due_date: record.due_date } : base,
          holderId,
          holderId ? people.get(holderId) : undefined,
          today,
        );
        const [first] = breaches;
        if (first) {
          rejected.push({
            line: row.line,
            field: ROW_FIELD[first.field] ?? first.field,
            reason: replanOnlyReason(ctx, first, record.account, record.external_id),
          });
          continue;
        }
        lastLine.set(key, row.line);
        chain.set(key, {
          id: base?.id ?? "",
          account_id: accountId,
          external_id: record.external_id,
          status: record.outcome ? "resolved" : mapped(ctx, "outcome") ? "open" : (base?.status ?? "open"),
          due_date: record.due_date,
          original_due_date: base?.original_due_date ?? replan?.from ?? record.original_due_date ?? record.due_date,
          holder_stakeholder_id: mapped(ctx, "holder") ? holderId : (base?.holder_stakeholder_id ?? null),
          last_replanned_on: already
            ? (record.replanned_on ?? null)
            : (replan?.replannedOn ?? base?.last_replanned_on ?? null),
        });
        ready.push({
          line: row.line,
          accountId,
          record,
          holderId,
          replan,
          // Already recorded: the expectation keeps the due date it has now.
          ...(already && inDatabase ? { dueDate: inDatabase.due_date } : {}),
        });
      }
      return { ready, rejected };
    };
  },

  async write(trx, ctx, batch) {
    // Rows of one expectation (its re-plans, in order) go in rounds: one upsert
    // may change a row only once, and each re-plan follows the one before it.
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
  },
};

/** Writes rows of distinct expectations: the upsert, their history entries, their re-plans and promised dates. */
async function writeRound(trx: Trx, ctx: WriteContext, batch: ResolvedExpectation[]): Promise<WrittenRow[]> {
  const m = (field: string, ...columns: string[]) => (mapped(ctx, field) ? columns : []);
  // Which of them are open now: a row that resolves one records its delivery (the event the form sends).
  const delivering = batch.filter((r) => r.record.outcome);
  const statusBefore = new Map<string, string>();
  if (delivering.length) {
    const rows = await trx
      .selectFrom("expectations")
      .select(["account_id", "external_id", "status"])
      .where("account_id", "in", [...new Set(delivering.map((r) => r.accountId))])
      .where("external_id", "in", [...new Set(delivering.map((r) => r.record.external_id))])
      .execute();
    for (const row of rows) if (row.external_id) statusBefore.set(pairKey(row.account_id, row.external_id), row.status);
  }
  const upserted = await upsertBatch(
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
  const replans = batch.filter((r) => r.replan && ids.has(pairKey(r.accountId, r.record.external_id)));
  if (replans.length) {
    await sql`
      insert into expectation_changes (account_id, expectation_id, kind, from_due_date, to_due_date, reason,
        customer_notified, replanned_on, customer_notified_on, actor_id, details, at)
      values ${sql.join(
        replans.map((r) => {
          const p = r.replan!;
          return sql`(${r.accountId}, ${ids.get(pairKey(r.accountId, r.record.external_id))}, 'replanned', ${p.from}::date,
            ${p.to}::date, ${p.reason}, ${p.notified}, ${p.replannedOn}::date, ${p.notifiedOn}::date, ${ctx.actor.id},
            ${JSON.stringify(ctx.origin)}::jsonb, clock_timestamp())`;
        }),
      )}`.execute(trx);
    // The promise each re-planned one now holds (predictability.ts), by account.
    const byAccount = new Map<string, string[]>();
    for (const r of replans) {
      byAccount.set(r.accountId, [
        ...(byAccount.get(r.accountId) ?? []),
        ids.get(pairKey(r.accountId, r.record.external_id))!,
      ]);
    }
    for (const [accountId, expectationIds] of byAccount) await syncPromisedDates(trx, accountId, expectationIds);
  }
  // The webhook events the forms send for the same changes, in this transaction: a re-plan, a delivery.
  const events: WebhookEventInput[] = [];
  for (const r of replans) {
    const p = r.replan!;
    const id = ids.get(pairKey(r.accountId, r.record.external_id))!;
    events.push({
      type: "expectation.replanned",
      accountId: r.accountId,
      data: expectationData(r.accountId, id, {
        replan: { from_due_date: p.from, to_due_date: p.to, reason: p.reason, replanned_on: p.replannedOn, customer_notified_on: p.notifiedOn },
      }),
    });
  }
  for (const r of delivering) {
    const key = pairKey(r.accountId, r.record.external_id);
    const id = ids.get(key);
    const before = statusBefore.get(key);
    if (!id || (before !== undefined && before !== "open")) continue;
    events.push({
      type: "expectation.delivered",
      accountId: r.accountId,
      data: expectationData(r.accountId, id, {
        delivery: { outcome: r.record.outcome, delivered_on: r.record.delivered_on ?? null, note: r.record.delivery_note ?? "" },
      }),
    });
  }
  await emitWebhookEvents(trx, events);
  const outcome = new Map(upserted.map((u) => [pairKey(u.account_id, u.external_id), u]));
  return batch.map((r): WrittenRow => {
    const u = outcome.get(pairKey(r.accountId, r.record.external_id));
    return { line: r.line, accountId: r.accountId, outcome: u ? (u.inserted ? "inserted" : "updated") : "unchanged" };
  });
}
