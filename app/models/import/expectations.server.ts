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
import type { Executor } from "#app/utils/db.server.ts";
import { syncPromisedDates } from "#app/models/promised-dates.server.ts";
import {
  accountLookup,
  chunks,
  duplicateChecker,
  exclusively,
  mapped,
  pairKey,
  stakeholderIds,
  upsertBatch,
  type CheckedRow,
  type ImportWriter,
  type RowRejection,
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
  resolver(executor, ctx) {
    const accounts = accountLookup(executor, ctx);
    const isDuplicate = duplicateChecker(ctx);
    return async (rows) => {
      const rejected: RowRejection[] = [];
      await accounts.load(rows.map((r) => r.record.account));
      const placed: { row: CheckedRow<ExpectationRow>; accountId: string }[] = [];
      for (const row of rows) {
        const found = accounts.find(row.record.account);
        if ("reason" in found) {
          rejected.push({ line: row.line, field: "account", ...found });
          continue;
        }
        const duplicate = isDuplicate(pairKey(found.account.id, row.record.external_id), row.line);
        if (duplicate) rejected.push(duplicate);
        else placed.push({ row, accountId: found.account.id });
      }
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
      const people = await holderLeft(ctx, executor, [...holders.values()]);
      const today = calendarDate();
      const ready: ResolvedExpectation[] = [];
      for (const { row, accountId } of placed) {
        const holder = row.record.holder;
        const holderId = holder ? holders.get(pairKey(accountId, holder)) : null;
        if (holderId === undefined) {
          rejected.push({
            line: row.line,
            field: "holder",
            reason: ctx.t("import.stakeholderNotFound", { ids: holder! }),
          });
          continue;
        }
        const { replan, breaches } = checkRow(
          row.record,
          stored.get(pairKey(accountId, row.record.external_id)),
          holderId,
          holderId ? people.get(holderId) : undefined,
          today,
        );
        const [first] = breaches;
        if (first) {
          rejected.push({
            line: row.line,
            field: ROW_FIELD[first.field] ?? first.field,
            reason: replanOnlyReason(ctx, first, row.record.account, row.record.external_id),
          });
          continue;
        }
        ready.push({ line: row.line, accountId, record: row.record, holderId, replan });
      }
      return { ready, rejected };
    };
  },

  async write(trx, ctx, batch) {
    const m = (field: string, ...columns: string[]) => (mapped(ctx, field) ? columns : []);
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
          due_date: v.due_date,
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
          customer_notified, replanned_on, customer_notified_on, actor_id, details)
        values ${sql.join(
          replans.map((r) => {
            const p = r.replan!;
            return sql`(${r.accountId}, ${ids.get(pairKey(r.accountId, r.record.external_id))}, 'replanned', ${p.from}::date,
              ${p.to}::date, ${p.reason}, ${p.notified}, ${p.replannedOn}::date, ${p.notifiedOn}::date, ${ctx.actor.id},
              ${JSON.stringify(ctx.origin)}::jsonb)`;
          }),
        )}`.execute(trx);
      // The promise each re-planned one now holds (predictability.ts), by account.
      const byAccount = new Map<string, string[]>();
      for (const r of replans) {
        byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), ids.get(pairKey(r.accountId, r.record.external_id))!]);
      }
      for (const [accountId, expectationIds] of byAccount) await syncPromisedDates(trx, accountId, expectationIds);
    }
    const outcome = new Map(upserted.map((u) => [pairKey(u.account_id, u.external_id), u]));
    return batch.map((r): WrittenRow => {
      const u = outcome.get(pairKey(r.accountId, r.record.external_id));
      return { line: r.line, accountId: r.accountId, outcome: u ? (u.inserted ? "inserted" : "updated") : "unchanged" };
    });
  },
};
