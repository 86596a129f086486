import { sql } from "kysely";
import type { TouchpointRow } from "#app/domain/import/records.ts";
import type { Trx } from "#app/utils/db.server.ts";
import {
  accountLookup,
  duplicateChecker,
  mapped,
  pairKey,
  stakeholderIds,
  unnestRows,
  upsertBatch,
  type CheckedRow,
  type ImportWriter,
  type RowRejection,
  type WriteContext,
  type WrittenRow,
} from "./shared.server.ts";

// Touchpoints of any kind, with the facts of invoices and support cases and the
// customer's people who took part. Matched by (account, external id).

export interface ResolvedTouchpoint {
  line: number;
  accountId: string;
  record: TouchpointRow;
  /** The participants' ids when the file has a stakeholders column. */
  stakeholderIds: string[] | undefined;
}

/** Columns the file may leave out: then an existing touchpoint keeps its own value. */
const OPTIONAL_COLUMNS = [
  "title",
  "summary",
  "internal_notes",
  "shared_with_customer",
  "sentiment",
  "treatment",
  "resolved",
  "emotion_tags",
  "moment_of_truth",
  "positive_surprise",
] as const;

export const touchpointWriter: ImportWriter<TouchpointRow, ResolvedTouchpoint> = {
  resolver(executor, ctx) {
    const accounts = accountLookup(executor, ctx);
    const isDuplicate = duplicateChecker(ctx);
    return async (rows) => {
      const rejected: RowRejection[] = [];
      await accounts.load(rows.map((r) => r.record.account));
      const withAccount: { row: CheckedRow<TouchpointRow>; accountId: string }[] = [];
      for (const row of rows) {
        const found = accounts.find(row.record.account);
        if ("reason" in found) {
          rejected.push({ line: row.line, field: "account", reason: found.reason });
          continue;
        }
        const duplicate = isDuplicate(pairKey(found.account.id, row.record.external_id), row.line);
        if (duplicate) rejected.push(duplicate);
        else withAccount.push({ row, accountId: found.account.id });
      }
      const people = mapped(ctx, "stakeholders")
        ? await stakeholderIds(
            executor,
            withAccount.flatMap(({ row, accountId }) =>
              (row.record.stakeholders ?? []).map((externalId) => ({ accountId, externalId })),
            ),
          )
        : null;
      const ready: ResolvedTouchpoint[] = [];
      for (const { row, accountId } of withAccount) {
        let ids: string[] | undefined;
        if (people) {
          const refs = row.record.stakeholders ?? [];
          const missing = refs.filter((ref) => !people.has(pairKey(accountId, ref)));
          if (missing.length) {
            rejected.push({
              line: row.line,
              field: "stakeholders",
              reason: ctx.t("import.stakeholderNotFound", { ids: missing.join(", ") }),
            });
            continue;
          }
          ids = refs.map((ref) => people.get(pairKey(accountId, ref))!);
        }
        ready.push({ line: row.line, accountId, record: row.record, stakeholderIds: ids });
      }
      return { ready, rejected };
    };
  },

  async write(trx, ctx, batch) {
    const optional = OPTIONAL_COLUMNS.filter((c) => mapped(ctx, c));
    const upserted = await upsertBatch(
      trx,
      {
        table: "touchpoints",
        key: ["account_id", "external_id"],
        insertColumns: ["account_id", "external_id", "kind", "occurred_at", "author_id", "source", ...OPTIONAL_COLUMNS],
        updateColumns: ["kind", "occurred_at", ...optional],
        onUpdate: [sql`version = touchpoints.version + 1`, sql`updated_at = now()`],
      },
      batch.map((r) => touchpointColumns(ctx, r)),
    );
    const outcome = new Map(upserted.map((u) => [pairKey(u.account_id, u.external_id), u]));
    // The ids of rows that were already as the file says, for their facts and participants.
    const idOf = new Map(upserted.map((u) => [pairKey(u.account_id, u.external_id), u.id]));
    const unchanged = batch.filter((r) => !idOf.has(pairKey(r.accountId, r.record.external_id)));
    if (unchanged.length) {
      const rows = await sql<{ id: string; account_id: string; external_id: string }>`
        select t.id, t.account_id, t.external_id from touchpoints t
        join unnest(${unchanged.map((r) => r.accountId)}::uuid[], ${unchanged.map((r) => r.record.external_id)}::text[])
          as k(account_id, external_id) on t.account_id = k.account_id and t.external_id = k.external_id`.execute(trx);
      for (const r of rows.rows) idOf.set(pairKey(r.account_id, r.external_id), r.id);
    }
    const rows = batch.map((r) => ({ ...r, id: idOf.get(pairKey(r.accountId, r.record.external_id))! }));
    const existing = rows.filter((r) => !outcome.get(pairKey(r.accountId, r.record.external_id))?.inserted);

    const factsChanged = new Set<string>();
    for (const id of await writeInvoices(
      trx,
      ctx,
      rows.filter((r) => r.record.kind === "invoice"),
    ))
      factsChanged.add(id);
    for (const id of await writeCases(
      trx,
      ctx,
      rows.filter((r) => r.record.kind === "support_case"),
    ))
      factsChanged.add(id);
    for (const id of await dropStaleFacts(trx, existing)) factsChanged.add(id);
    if (mapped(ctx, "stakeholders")) {
      for (const id of await syncParticipants(trx, rows, existing)) factsChanged.add(id);
    } else {
      await followOccurredAt(
        trx,
        upserted.filter((u) => !u.inserted).map((u) => u.id),
      );
    }

    // A touchpoint whose facts or participants changed is a new version too (an open editor must not overwrite it).
    const bumped = existing.filter(
      (r) => factsChanged.has(r.id) && !outcome.has(pairKey(r.accountId, r.record.external_id)),
    );
    if (bumped.length) {
      await sql`update touchpoints set version = version + 1, updated_at = now()
        where account_id = any(${[...new Set(bumped.map((r) => r.accountId))]}::uuid[])
          and id = any(${bumped.map((r) => r.id)}::uuid[])`.execute(trx);
    }
    return rows.map((r): WrittenRow => {
      const u = outcome.get(pairKey(r.accountId, r.record.external_id));
      return {
        line: r.line,
        accountId: r.accountId,
        outcome: u?.inserted ? "inserted" : u || factsChanged.has(r.id) ? "updated" : "unchanged",
      };
    });
  },
};

function touchpointColumns(ctx: WriteContext, r: ResolvedTouchpoint) {
  const v = r.record;
  return {
    account_id: r.accountId,
    external_id: v.external_id,
    kind: v.kind,
    occurred_at: v.occurred_at,
    author_id: ctx.actor.id,
    source: "import",
    title: v.title ?? (v.kind === "invoice" ? ctx.text("import.invoiceTitle", { number: v.invoice_number ?? "" }) : ""),
    summary: v.summary ?? "",
    internal_notes: v.internal_notes ?? "",
    shared_with_customer: v.shared_with_customer ?? false,
    sentiment: v.sentiment ?? null,
    treatment: v.treatment ?? null,
    resolved: v.resolved ?? null,
    emotion_tags: v.emotion_tags ?? [],
    moment_of_truth: v.moment_of_truth ?? false,
    positive_surprise: v.positive_surprise ?? false,
  };
}

type WithId = ResolvedTouchpoint & { id: string };

/** Upserts facts keyed by (account_id, touchpoint_id); returns the touchpoints whose facts were inserted or changed. */
async function upsertFacts(
  trx: Trx,
  table: "touchpoint_invoices" | "touchpoint_support_cases",
  rows: Record<string, unknown>[],
  updateColumns: string[],
): Promise<string[]> {
  if (!rows.length) return [];
  const cols = Object.keys(rows[0]!);
  const t = sql.table(table);
  const result = await sql<{ touchpoint_id: string }>`
    insert into ${t} (${sql.join(cols.map((c) => sql.id(c)))}) ${unnestRows(cols, rows)}
    on conflict (account_id, touchpoint_id) do update
      set ${sql.join(updateColumns.map((c) => sql`${sql.id(c)} = excluded.${sql.id(c)}`))}
      where (${sql.join(updateColumns.map((c) => sql`${t}.${sql.id(c)}`))})
        is distinct from (${sql.join(updateColumns.map((c) => sql`excluded.${sql.id(c)}`))})
    returning touchpoint_id`.execute(trx);
  return result.rows.map((r) => r.touchpoint_id);
}

function writeInvoices(trx: Trx, ctx: WriteContext, rows: WithId[]) {
  const optional = ["currency", "paid_on", "disputed", "dispute_reason"].filter((c) => mapped(ctx, `invoice_${c}`));
  return upsertFacts(
    trx,
    "touchpoint_invoices",
    rows.map((r) => ({
      account_id: r.accountId,
      touchpoint_id: r.id,
      number: r.record.invoice_number!,
      amount: r.record.invoice_amount!,
      currency: r.record.invoice_currency ?? "EUR",
      due_date: r.record.invoice_due_date!,
      paid_on: r.record.invoice_paid_on ?? null,
      disputed: r.record.invoice_disputed ?? false,
      dispute_reason: r.record.invoice_dispute_reason ?? "",
    })),
    ["number", "amount", "due_date", ...optional],
  );
}

function writeCases(trx: Trx, ctx: WriteContext, rows: WithId[]) {
  // Status and resolved time move together (a CHECK ties them), so both follow the status column.
  const optional = [
    ...(mapped(ctx, "case_severity") ? ["severity"] : []),
    ...(mapped(ctx, "case_status") ? ["status", "resolved_at"] : []),
  ];
  return upsertFacts(
    trx,
    "touchpoint_support_cases",
    rows.map((r) => {
      const v = r.record;
      const opened = v.case_opened_at ?? v.occurred_at;
      const closed = v.case_status === "resolved" || v.case_status === "closed";
      return {
        account_id: r.accountId,
        touchpoint_id: r.id,
        severity: v.case_severity ?? "normal",
        status: v.case_status ?? "open",
        opened_at: opened,
        sla_due_at: new Date(opened.getTime() + Math.round(v.case_sla_hours! * 60) * 60_000),
        resolved_at: closed ? (v.case_resolved_at ?? null) : null,
      };
    }),
    ["opened_at", "sla_due_at", ...optional],
  );
}

/** A touchpoint the file now gives another kind loses the facts of the kind it was. */
async function dropStaleFacts(trx: Trx, existing: WithId[]): Promise<string[]> {
  const changed: string[] = [];
  const notInvoices = existing.filter((r) => r.record.kind !== "invoice");
  const notCases = existing.filter((r) => r.record.kind !== "support_case");
  for (const [table, rows] of [
    ["touchpoint_invoices", notInvoices],
    ["touchpoint_support_cases", notCases],
  ] as const) {
    if (!rows.length) continue;
    const result = await sql<{ touchpoint_id: string }>`
      delete from ${sql.table(table)}
      where account_id = any(${[...new Set(rows.map((r) => r.accountId))]}::uuid[])
        and touchpoint_id = any(${rows.map((r) => r.id)}::uuid[])
      returning touchpoint_id`.execute(trx);
    changed.push(...result.rows.map((r) => r.touchpoint_id));
  }
  return changed;
}

/** Makes each touchpoint's participants those the file lists; returns the touchpoints whose list changed. */
async function syncParticipants(trx: Trx, rows: WithId[], existing: WithId[]): Promise<string[]> {
  const wanted = rows.flatMap((r) =>
    (r.stakeholderIds ?? []).map((sid) => ({
      account_id: r.accountId,
      touchpoint_id: r.id,
      stakeholder_id: sid,
      occurred_at: r.record.occurred_at,
    })),
  );
  const changed: string[] = [];
  if (existing.length) {
    const gone = await sql<{ touchpoint_id: string }>`
      delete from touchpoint_stakeholders ts
      where ts.account_id = any(${[...new Set(existing.map((r) => r.accountId))]}::uuid[])
        and ts.touchpoint_id = any(${existing.map((r) => r.id)}::uuid[])
        and not exists (
          select 1 from unnest(${wanted.map((w) => w.touchpoint_id)}::uuid[], ${wanted.map((w) => w.stakeholder_id)}::uuid[])
            as w(touchpoint_id, stakeholder_id)
          where w.touchpoint_id = ts.touchpoint_id and w.stakeholder_id = ts.stakeholder_id)
      returning ts.touchpoint_id`.execute(trx);
    changed.push(...gone.rows.map((r) => r.touchpoint_id));
  }
  if (wanted.length) {
    const added = await sql<{ touchpoint_id: string }>`
      insert into touchpoint_stakeholders (account_id, touchpoint_id, stakeholder_id, occurred_at)
      ${unnestRows(["account_id", "touchpoint_id", "stakeholder_id", "occurred_at"], wanted)}
      on conflict (account_id, touchpoint_id, stakeholder_id) do update set occurred_at = excluded.occurred_at
        where touchpoint_stakeholders.occurred_at is distinct from excluded.occurred_at
      returning touchpoint_id`.execute(trx);
    changed.push(...added.rows.map((r) => r.touchpoint_id));
  }
  return changed;
}

/** Participants carry the touchpoint's time (for the "last contact" index): they follow a moved touchpoint. */
async function followOccurredAt(trx: Trx, touchpointIds: string[]) {
  if (!touchpointIds.length) return;
  await sql`
    update touchpoint_stakeholders ts set occurred_at = t.occurred_at
    from touchpoints t
    where t.account_id = ts.account_id and t.id = ts.touchpoint_id
      and t.id = any(${touchpointIds}::uuid[]) and ts.occurred_at <> t.occurred_at`.execute(trx);
}
