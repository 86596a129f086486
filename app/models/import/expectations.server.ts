import { sql } from "kysely";
import type { ExpectationRow } from "#app/domain/import/records.ts";
import {
  accountLookup,
  duplicateChecker,
  mapped,
  pairKey,
  stakeholderIds,
  upsertBatch,
  type CheckedRow,
  type ImportWriter,
  type RowRejection,
  type WrittenRow,
} from "./shared.server.ts";

// Expectations and what became of them, matched by (account, external id). A
// row with an outcome is resolved; without one it is open. Each new or changed
// expectation gets an entry in its history naming the import.

export interface ResolvedExpectation {
  line: number;
  accountId: string;
  record: ExpectationRow;
  holderId: string | null;
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
        ready.push({ line: row.line, accountId, record: row.record, holderId });
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
          ...m("original_due_date", "original_due_date"),
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
          original_due_date: v.original_due_date ?? v.due_date,
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
    const outcome = new Map(upserted.map((u) => [pairKey(u.account_id, u.external_id), u]));
    return batch.map((r): WrittenRow => {
      const u = outcome.get(pairKey(r.accountId, r.record.external_id));
      return { line: r.line, accountId: r.accountId, outcome: u ? (u.inserted ? "inserted" : "updated") : "unchanged" };
    });
  },
};
